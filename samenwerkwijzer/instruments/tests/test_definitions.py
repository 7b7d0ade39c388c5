import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from samenwerkwijzer.instruments import definitions as d

CHECKER_FILE = d.DEFINITIONS_DIR / "samenwerkingschecker.v1.json"


def _checker_data():
    return json.loads(CHECKER_FILE.read_text(encoding="utf-8"))


def test_every_definition_in_the_repository_is_valid():
    instruments = d.load_directory()
    assert {key for key, _version in instruments} == set(d.REQUIRED_KEYS)


def test_the_checker_has_the_seventeen_statements_of_the_guide_and_a_grade():
    checker = d.get_instrument(d.CHECKER)
    assert len(checker.statements) == 17
    assert checker.grade_item.score_range == (1, 10)
    assert checker.statements[0].id == "invest_money"
    assert checker.statements[-1].id == "know_our_tasks"
    assert all(item.guide_section == "6" for item in checker.items)
    assert checker.repeatable


def test_the_ten_basic_questions_are_ten_with_the_level_choice_in_question_one():
    instrument = d.get_instrument(d.TIEN_BASISVRAGEN)
    assert [item.id for item in instrument.items][:2] == ["q1_goal", "q1_level"]
    assert [o.id for o in instrument.item("q1_level").options] == ["operational", "tactical", "strategic"]
    assert len({item.guide_section for item in instrument.items}) == 10
    assert instrument.conclusions


def test_the_match_check_scores_the_six_aspects_of_the_guide():
    instrument = d.get_instrument(d.MATCHCHECK)
    assert [item.id for item in instrument.statements] == [
        "willingness_to_invest",
        "culture",
        "way_of_working",
        "sharing_information",
        "market_access",
        "personal_click",
    ]


def test_the_self_check_has_the_eight_categories_of_offer_and_demand():
    instrument = d.get_instrument(d.ZELFCHECK)
    matrix = instrument.item("offer_and_demand")
    assert [row.id for row in matrix.rows] == [
        "vakkennis",
        "personeel",
        "markttoegang",
        "netwerk",
        "productontwikkeling",
        "productiemiddelen",
        "logistiek",
        "financien",
    ]
    assert instrument.item("motives").other
    assert [a.id for a in instrument.gates[0].alternatives] == ["hire_staff", "temp_agency", "training", "outsourcing"]


def test_every_text_is_in_dutch_and_english():
    for instrument in d.registry().values():
        texts = [instrument.title, instrument.intro, *(item.label for item in instrument.items)]
        for text in texts:
            assert text.nl and text.en
            assert text.nl != text.en or len(text.nl) < 12


def test_a_text_renders_in_the_active_language():
    text = d.Text("Vertrouwen", "Trust")
    with translation.override("en"):
        assert str(text) == "Trust"
    with translation.override("nl"):
        assert str(text) == "Vertrouwen"


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda data: data["items"][0].pop("guide_section"), "guide section"),
        (lambda data: data["items"][0]["label"].pop("en"), "non-empty text"),
        (lambda data: data["items"][0].update(type="slider"), "type must be one of"),
        (lambda data: data["items"].append(copy.deepcopy(data["items"][0])), "not unique"),
        (lambda data: data["items"][0].update(id="Invest Money"), "lowercase slug"),
        (lambda data: data.update(version=0), "version"),
        (lambda data: data.pop("scale"), "scale"),
        (lambda data: data["items"][0].update(colour="red"), "unknown keys"),
    ],
)
def test_a_broken_definition_is_refused_with_a_clear_problem(mutate, problem):
    data = _checker_data()
    mutate(data)
    with pytest.raises(d.DefinitionError) as error:
        d.parse_definition(data, source="test.json")
    assert any(problem in message for message in error.value.problems), error.value.problems


def test_a_governance_definition_must_map_each_corner_to_its_adler_type():
    data = json.loads((d.DEFINITIONS_DIR / "besturingsvorm.v1.json").read_text(encoding="utf-8"))
    data["governance_types"][0]["market"] = False  # spot market without the market
    with pytest.raises(d.DefinitionError) as error:
        d.parse_definition(data)
    assert any("Adler" in message for message in error.value.problems)


def test_a_broken_definition_file_fails_manage_py_check(tmp_path, monkeypatch):
    for path in d.DEFINITIONS_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = _checker_data()
    broken["items"][3]["type"] = "slider"
    (tmp_path / CHECKER_FILE.name).write_text(json.dumps(broken), encoding="utf-8")
    (tmp_path / "matchcheck.v2.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(d, "DEFINITIONS_DIR", tmp_path)
    monkeypatch.setattr(d.load_directory, "__defaults__", (tmp_path,))
    problems = d.check_definitions()
    assert {p.id for p in problems} == {"instruments.E001"}
    messages = " ".join(p.msg for p in problems)
    assert "risks_acceptable" in messages and "matchcheck.v2.json" in messages
    with pytest.raises(SystemCheckError):
        call_command("check")


def test_a_file_name_must_match_its_key_and_version(tmp_path):
    for path in d.DEFINITIONS_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "samenwerkingschecker.v2.json").write_text(CHECKER_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(d.DefinitionError) as error:
        d.load_directory(tmp_path)
    assert any("differ from the file name" in p for p in error.value.problems)


def test_older_versions_stay_available_for_the_rounds_that_use_them(tmp_path):
    for path in d.DEFINITIONS_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    newer = _checker_data()
    newer["version"] = 2
    newer["items"][0]["label"]["nl"] = "We steken er geld in."
    (tmp_path / "samenwerkingschecker.v2.json").write_text(json.dumps(newer), encoding="utf-8")
    loaded = d.load_directory(tmp_path)
    assert loaded[(d.CHECKER, 1)].items[0].label.nl != loaded[(d.CHECKER, 2)].items[0].label.nl


class TestAnswerValidation:
    checker = d.get_instrument(d.CHECKER)

    def test_a_complete_set_of_scores_is_valid(self):
        answers = {item.id: 3 for item in self.checker.statements} | {"grade": 8}
        assert self.checker.validate_answers(answers, complete=True) == {}

    @pytest.mark.parametrize("value", [0, 6, -1, "3", 2.5, True, None])
    def test_a_score_out_of_range_is_refused(self, value):
        errors = self.checker.validate_answers({"invest_money": value}, complete=False)
        if value is None:
            assert errors == {}
        else:
            assert "invest_money" in errors

    def test_a_grade_goes_up_to_ten(self):
        assert self.checker.validate_answers({"grade": 10}, complete=False) == {}
        assert "grade" in self.checker.validate_answers({"grade": 11}, complete=False)

    def test_a_draft_may_be_incomplete_but_a_submission_may_not(self):
        assert self.checker.validate_answers({"invest_money": 2}, complete=False) == {}
        errors = self.checker.validate_answers({"invest_money": 2}, complete=True)
        assert set(errors) == {item.id for item in self.checker.items} - {"invest_money"}

    def test_an_unknown_question_is_refused(self):
        assert "nonsense" in self.checker.validate_answers({"nonsense": 3}, complete=False)

    def test_a_ticked_category_needs_a_description_on_submission(self):
        zelfcheck = d.get_instrument(d.ZELFCHECK)
        answers = {"offer_and_demand": {"logistiek": {"offer": ""}}}
        assert zelfcheck.validate_answers(answers, complete=False) == {}
        assert "offer_and_demand" in zelfcheck.validate_answers(answers, complete=True)
        assert "offer_and_demand" in zelfcheck.validate_answers(
            {"offer_and_demand": {"teleportatie": {"offer": "x"}}}, complete=False
        )

    def test_choices_must_be_options(self):
        zelfcheck = d.get_instrument(d.ZELFCHECK)
        assert "only_together" in zelfcheck.validate_answers({"only_together": "maybe"}, complete=False)
        assert "motives" in zelfcheck.validate_answers({"motives": {"choices": ["fame"]}}, complete=False)
        assert "motives" not in zelfcheck.validate_answers(
            {"motives": {"choices": ["efficiency", "other"], "other": "x"}}, complete=True
        )
        assert "motives" in zelfcheck.validate_answers({"motives": {"choices": ["other"]}}, complete=True)
        assert "term_months" in zelfcheck.validate_answers({"term_months": 500}, complete=False)
        assert zelfcheck.validate_answers({"term_months": 24}, complete=False) == {}

    def test_texts_have_a_maximum_length(self):
        tien = d.get_instrument(d.TIEN_BASISVRAGEN)
        assert "q1_goal" in tien.validate_answers({"q1_goal": "x" * 4001}, complete=False)


def test_answers_display_as_plain_text():
    zelfcheck = d.get_instrument(d.ZELFCHECK)
    with translation.override("nl"):
        assert zelfcheck.item("only_together").display("doubt") == "Ik twijfel"
        motives = zelfcheck.item("motives").display({"choices": ["efficiency", "other"], "other": "Plezier"})
        assert motives == "We willen efficiënter gaan werken.; Anders: Plezier"
        matrix = zelfcheck.item("offer_and_demand").display({"logistiek": {"offer": "Twee koelwagens"}})
        assert matrix == "Wij bieden, Logistiek: Twee koelwagens"
