import pytest

from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import selectors
from samenwerkwijzer.instruments.access import revealed_reader, visible_answer_sets

from .factories import SECRET, checker_answers, open_round, revealed_round, submit, tien_answers

pytestmark = pytest.mark.django_db


def test_revealed_basic_questions_are_numbered_per_question_and_organisation(personas):
    assert selectors.revealed_basic_questions(personas.collaboration) == {}
    revealed_round(personas, d.TIEN_BASISVRAGEN, alice=tien_answers("Brood"), bob=tien_answers("Rit"))
    answers = selectors.revealed_basic_questions(personas.collaboration)
    assert sorted(answers) == list(range(1, 11))
    assert answers[1]["Alpha Bakkerij"] == "Brood (q1_goal) (Tactisch)"
    assert answers[9] == {"Alpha Bakkerij": "Brood (q9_legal_form)", "Beta Transport": "Rit (q9_legal_form)"}


def test_revealed_basic_questions_hold_nothing_before_the_reveal(personas):
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    submit(personas.bob, personas.collaboration, round_, tien_answers(SECRET))
    assert selectors.revealed_basic_questions(personas.collaboration) == {}


def test_the_revealed_reader_sees_nothing_hidden(personas):
    round_ = open_round(personas)
    submit(personas.bob, personas.collaboration, round_, checker_answers())
    assert visible_answer_sets(revealed_reader(personas.collaboration), round_) == {round_.pk: []}


def test_the_score_comparison_ranks_by_difference_and_marks_what_to_discuss(personas):
    round_ = revealed_round(personas, alice=checker_answers(3, mutual_trust=1), bob=checker_answers(3, mutual_trust=5))
    sets = visible_answer_sets(revealed_reader(personas.collaboration), round_)[round_.pk]
    comparison = selectors.score_comparison(round_.definition, sets, {"mutual_trust"})
    assert comparison.rows[0].item.id == "mutual_trust" and comparison.rows[0].spread == 4
    assert comparison.rows[0].discuss and comparison.rows[0].on_agenda
    assert comparison.discuss_count == 1 and comparison.grade.average == 7


def test_the_trend_has_a_point_per_revealed_round(personas):
    from .factories import access_for

    revealed_round(personas, alice=checker_answers(2, grade=4), bob=checker_answers(4, grade=6))
    revealed_round(personas, alice=checker_answers(5, grade=9), bob=checker_answers(5, grade=9))
    open_round(personas)
    trend = selectors.checker_trend(access_for(personas.olivia, personas.collaboration))
    assert [p.average for p in trend.points] == [3, 5]
    assert [p.grade for p in trend.points] == [5, 9]
    assert trend.points[1].y_average < trend.points[0].y_average  # higher is up
    assert trend.average_path.startswith("M") and "L" in trend.average_path
    assert len(trend.rows) == 17
