"""The knowledge file: complete, faithful to the guide on the points the issue names, and validated at start-up."""

import copy
import datetime
import tomllib

import pytest

from samenwerkwijzer.legalforms import advice, checks, knowledge

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture(scope="module")
def raw():
    with open(knowledge.DATA_FILE, "rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


def problems_of(data) -> list[str]:
    with pytest.raises(knowledge.KnowledgeError) as error:
        knowledge.parse(data, today=TODAY)
    return error.value.problems


def test_the_file_has_every_form_of_the_issue_in_order(kb):
    assert list(kb.forms) == list(advice.FORMS)


def test_every_form_has_the_six_rows_of_the_guide_in_both_languages_with_a_source(kb):
    for form in kb.forms.values():
        assert list(form.facts) == list(knowledge.ROWS)
        for fact in [*form.facts.values(), *form.notes]:
            assert fact.text.nl and fact.text.en
            assert fact.section
            assert fact.last_checked <= datetime.date.today()
        assert form.name.nl and form.name.en


def test_every_note_code_of_the_rules_has_a_text(kb):
    assert set(kb.notes) == advice.NOTE_CODES


def test_the_row_labels_are_the_guides(kb):
    assert [kb.rows[row].nl for row in knowledge.ROWS] == [
        "Doel",
        "Oprichting",
        "Inschrijving Handelsregister",
        "Aansprakelijkheid",
        "Belastingen",
        "Administratie",
    ]


@pytest.mark.parametrize(
    ("form", "row", "phrases"),
    [
        ("vof", "liability", ["privé voor 100% aansprakelijk"]),
        ("maatschap", "liability", ["gelijk deel"]),
        ("cv", "liability", ["Beherende vennoten", "stille vennoot", "inbreng"]),
        ("bv", "liability", ["onbehoorlijk bestuur", "onterechte uitkering"]),
        ("cooperatie", "liability", ["WA", "BA", "UA", "onbehoorlijk bestuur"]),
        ("vereniging", "liability", ["onbehoorlijk bestuur"]),
        ("stichting", "liability", ["onbehoorlijk bestuur"]),
        ("vof", "founding", ["Vormvrij", "twee of meer"]),
        ("maatschap", "founding", ["Vormvrij", "twee of meer"]),
        ("cv", "founding", ["Vormvrij"]),
        ("bv", "founding", ["notariële oprichtingsakte", "privépersoon", "rechtspersoon"]),
        ("cooperatie", "founding", ["notariële akte", "minstens twee"]),
        ("vereniging", "founding", ["notaris", "beperkte rechtsbevoegdheid"]),
        ("stichting", "founding", ["notariële akte", "alleen oprichten"]),
        ("vof", "registration", ["vennoten doen dat zelf"]),
        ("maatschap", "registration", ["maten doen dat zelf"]),
        ("cv", "registration", ["beherende vennoten doen dat zelf"]),
        ("vereniging", "registration", ["bestuur of de notaris"]),
        ("bv", "registration", ["notaris"]),
        ("vof", "taxes", ["Inkomstenbelasting", "mkb-winstvrijstelling", "ondernemersaftrek", "urencriterium"]),
        ("bv", "taxes", ["Vennootschapsbelasting", "salaris", "dividend"]),
        ("cooperatie", "taxes", ["Vennootschapsbelasting", "winstuitkering"]),
        ("vereniging", "taxes", ["als de vereniging een onderneming drijft"]),
        ("stichting", "taxes", ["als de stichting een onderneming drijft"]),
        ("vof", "administration", ["Geen plicht", "geen deponeringsplicht"]),
        ("bv", "administration", ["opstellen en deponeren"]),
        ("cooperatie", "administration", ["opstellen en deponeren"]),
        ("vereniging", "administration", ["balans", "6 miljoen"]),
        ("stichting", "administration", ["balans", "6 miljoen"]),
        ("vof", "purpose", ["Ondernemersrisico delen"]),
        ("maatschap", "purpose", ["vrije beroepen"]),
        ("cooperatie", "purpose", ["schaalvoordeel"]),
        ("stichting", "purpose", ["maatschappelijk, sociaal of ideëel"]),
        ("overeenkomst_van_opdracht", "purpose", ["zzp'ers"]),
        ("overeenkomst_van_opdracht", "taxes", ["modelovereenkomst", "wet DBA", "loonheffingen"]),
    ],
)
def test_the_facts_say_what_the_guide_says(kb, form, row, phrases):
    text = kb.forms[form].facts[row].text.nl
    for phrase in phrases:
        assert phrase in text, f"{form}.{row} should mention {phrase!r}"


def test_the_dba_note_belongs_to_the_incidental_form(kb):
    notes = " ".join(note.text.nl for note in kb.forms["overeenkomst_van_opdracht"].notes)
    assert "modelovereenkomst" in notes and "1 juli 2018" in notes and "ondernemersplein.nl" in notes
    assert all(
        "DBA" not in note.text.nl
        for key, form in kb.forms.items()
        if key != "overeenkomst_van_opdracht"
        for note in form.notes
    )


def test_the_attributes_match_the_guide(kb):
    profiles = {form.key: form.profile for form in kb.forms.values()}
    assert {k for k, p in profiles.items() if p.founding == "form_free"} == {"vof", "maatschap", "cv"}
    # Minimum founders follow the law: two members or partners; an agreement between partners has two parties.
    assert {k for k, p in profiles.items() if p.min_founders >= 2} == {
        "samenwerkingsovereenkomst",
        "vof",
        "maatschap",
        "cv",
        "cooperatie",
        "vereniging",
    }
    assert {k for k, p in profiles.items() if p.annual_accounts == "turnover_threshold"} == {"vereniging", "stichting"}
    assert profiles["vereniging"].founding == "notarial_or_limited"


def test_the_closing_advice_names_accountant_notary_and_kvk(kb):
    text = kb.closing_advice.text
    for word in ("accountant", "notaris", "Kamer van Koophandel"):
        assert word in text.nl
    assert "accountant" in text.en and "notary" in text.en


def test_text_follows_the_language(kb):
    name = kb.forms["cv"].name
    assert name.get("nl") == name.nl
    assert name.get("en-gb") == name.en
    assert name.get(None) == name.nl


# --- Validation ---------------------------------------------------------------------------------


def test_a_missing_form_is_a_problem(raw):
    data = copy.deepcopy(raw)
    del data["forms"]["stichting"]
    assert any("missing form" in p and "stichting" in p for p in problems_of(data))


def test_an_unknown_form_is_a_problem(raw):
    data = copy.deepcopy(raw)
    data["forms"]["nv"] = copy.deepcopy(data["forms"]["bv"])
    assert any("unknown form" in p for p in problems_of(data))


def test_a_missing_english_text_is_a_problem(raw):
    data = copy.deepcopy(raw)
    del data["forms"]["vof"]["facts"]["liability"]["en"]
    assert "forms.vof.facts.liability: the en text is missing or empty" in problems_of(data)


def test_a_missing_row_is_a_problem(raw):
    data = copy.deepcopy(raw)
    del data["forms"]["bv"]["facts"]["taxes"]
    assert any(p.startswith("forms.bv.facts.taxes:") for p in problems_of(data))


def test_a_fact_without_section_or_date_is_a_problem(raw):
    data = copy.deepcopy(raw)
    del data["forms"]["cv"]["facts"]["founding"]["section"]
    data["forms"]["cv"]["facts"]["taxes"]["last_checked"] = "yesterday"
    problems = problems_of(data)
    assert "forms.cv.facts.founding: the guide section is missing" in problems
    assert "forms.cv.facts.taxes: last_checked must be a date (YYYY-MM-DD)" in problems


def test_a_check_date_in_the_future_is_a_problem(raw):
    data = copy.deepcopy(raw)
    data["notes"]["dba_check"]["last_checked"] = TODAY + datetime.timedelta(days=1)
    assert any(p.startswith("notes.dba_check: last_checked") for p in problems_of(data))


def test_an_unknown_attribute_value_is_a_problem(raw):
    data = copy.deepcopy(raw)
    data["forms"]["vof"]["private_liability"] = "some"
    data["forms"]["vof"]["min_founders"] = 0
    data["forms"]["vof"]["purposes"] = ["world_peace"]
    problems = problems_of(data)
    assert any("private_liability must be one of" in p for p in problems)
    assert any("min_founders" in p for p in problems)
    assert any("purposes must be a list" in p for p in problems)


def test_a_note_code_without_text_or_a_text_without_code_is_a_problem(raw):
    data = copy.deepcopy(raw)
    del data["notes"]["purpose_match"]
    data["notes"]["made_up"] = copy.deepcopy(data["notes"]["dba_check"])
    problems = problems_of(data)
    assert any("no text for note code" in p and "purpose_match" in p for p in problems)
    assert any("unknown note code" in p and "made_up" in p for p in problems)


def test_placeholders_must_match_between_languages_and_be_known(raw):
    data = copy.deepcopy(raw)
    data["notes"]["blocked_founders"]["en"] = "Needs {min_founders} founders."
    data["notes"]["purpose_other"]["nl"] = "Doel: {doel}."
    data["notes"]["purpose_other"]["en"] = "Purpose: {doel}."
    problems = problems_of(data)
    assert "notes.blocked_founders: the nl and en texts use different placeholders" in problems
    assert any(p.startswith("notes.purpose_other: unknown placeholder") for p in problems)


def test_all_problems_are_reported_at_once(raw):
    data = copy.deepcopy(raw)
    del data["rows"]
    del data["closing_advice"]
    problems = problems_of(data)
    assert any(p.startswith("rows") for p in problems)
    assert any(p.startswith("closing_advice") for p in problems)


def test_a_file_that_is_not_toml_or_not_there_is_a_problem(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[forms\nvof = ", encoding="utf-8")
    with pytest.raises(knowledge.KnowledgeError, match="not valid TOML"):
        knowledge.load(broken)
    with pytest.raises(knowledge.KnowledgeError, match="cannot be read"):
        knowledge.load(tmp_path / "missing.toml")


def test_the_system_check_passes_on_the_real_file():
    assert checks.legal_form_knowledge_is_valid(None) == []


def test_the_system_check_fails_on_a_damaged_file(tmp_path, monkeypatch, raw):
    damaged = tmp_path / "legal_forms.toml"
    text = knowledge.DATA_FILE.read_text(encoding="utf-8").replace("[forms.stichting]", "[forms.stichtingen]")
    damaged.write_text(text, encoding="utf-8")
    monkeypatch.setattr(knowledge, "DATA_FILE", damaged)
    errors = checks.legal_form_knowledge_is_valid(None)
    assert errors and all(error.id == "legalforms.E001" for error in errors)
    assert any("stichting" in error.msg for error in errors)
