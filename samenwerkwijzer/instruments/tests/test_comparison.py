"""The rule that marks closed questions (single and multiple choice) on which organisations chose differently."""

import pytest

from samenwerkwijzer.instruments import comparison
from samenwerkwijzer.instruments import definitions as d

SINGLE, MULTIPLE = comparison.SINGLE_CHOICE, comparison.MULTIPLE_CHOICE


def test_the_rule_knows_the_same_types_as_the_definitions():
    assert (SINGLE, MULTIPLE) == (d.SINGLE_CHOICE, d.MULTIPLE_CHOICE)


def test_operational_against_tactical_differs():
    assert comparison.choices_differ(SINGLE, ["operational", "tactical"])


def test_the_same_choice_does_not_differ():
    assert not comparison.choices_differ(SINGLE, ["tactical", "tactical", "tactical"])


def test_a_third_organisation_with_another_choice_makes_it_differ():
    assert comparison.choices_differ(SINGLE, ["tactical", "tactical", "strategic"])


@pytest.mark.parametrize("empty", [None, "", {}, []])
def test_an_organisation_without_an_answer_is_left_out(empty):
    assert not comparison.choices_differ(SINGLE, ["tactical", empty])
    assert not comparison.choices_differ(SINGLE, [empty, empty])
    assert comparison.choices_differ(SINGLE, ["tactical", empty, "operational"])


def test_multiple_choice_compares_the_sets_of_choices_not_their_order():
    same = [{"choices": ["a", "b"]}, {"choices": ["b", "a"]}]
    assert not comparison.choices_differ(MULTIPLE, same)
    assert comparison.choices_differ(MULTIPLE, [{"choices": ["a", "b"]}, {"choices": ["a"]}])
    assert comparison.choices_differ(MULTIPLE, [{"choices": ["a"]}, {"choices": ["b"]}])


def test_multiple_choice_other_counts_as_a_choice_and_its_text_is_not_compared():
    assert not comparison.choices_differ(
        MULTIPLE, [{"choices": ["other"], "other": "Geld"}, {"choices": ["other"], "other": "Tijd"}]
    )
    assert comparison.choices_differ(MULTIPLE, [{"choices": ["a", "other"], "other": "Geld"}, {"choices": ["a"]}])


def test_an_empty_multiple_choice_is_no_answer():
    assert comparison.chosen(MULTIPLE, {"choices": []}) is None
    assert not comparison.choices_differ(MULTIPLE, [{"choices": []}, {"choices": ["a"]}])


def test_open_questions_and_scores_never_differ_by_this_rule():
    assert not comparison.choices_differ(d.LONG_TEXT, ["Ja", "Nee"])
    assert not comparison.choices_differ(d.SCALE, [1, 5])
