"""Drafts propose, people decide: answers are sources beside a section, never clause text unasked."""

import json

import pytest
from django.test import Client, override_settings
from django.utils.html import escape

from samenwerkwijzer.agreements import clauses, sections
from samenwerkwijzer.agreements.models import Document, DocumentKind, Version
from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import open_round, submit, tien_answers

from .factories import AGREEMENT
from .helpers import goals_post, management, url

pytestmark = pytest.mark.django_db

LETTER = DocumentKind.LETTER_OF_INTENT
ALPHA_WORD = "Zeppelinvlucht"  # distinctive: appears nowhere but in alpha's answers
BETA_WORD = "Kwartelkoning"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def basic_questions(personas, *, reveal=True):
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, round_, tien_answers(ALPHA_WORD))
    if reveal:
        submit(personas.bob, personas.collaboration, round_, tien_answers(BETA_WORD))
    round_.refresh_from_db()
    return round_


def section_drawing_on_basic_questions(kind=AGREEMENT):
    """A section of the document whose topics draw on the ten basic questions, from the library itself."""
    for section in sections.sections_for(kind):
        if any(s.startswith(f"{definitions.TIEN_BASISVRAGEN}:") for s in clauses.section_sources(kind, section.key)):
            return section.key
    pytest.skip("the clause library has no topic drawing on the ten basic questions yet")


def insertable_topic(kind=AGREEMENT, *, per_party=False):
    """The first topic whose clauses a button can put into a field."""
    for topic in clauses.library().values():
        target = clauses.target_field(topic)
        if kind.value in topic.documents and target and target[1] == per_party:
            return topic
    pytest.skip("the clause library has no such topic yet")


# --- The first draft ---------------------------------------------------------------


@pytest.mark.parametrize("kind", [AGREEMENT, LETTER])
def test_the_first_draft_contains_none_of_the_revealed_answers(personas, kind):
    basic_questions(personas)
    draft = json.dumps(sections.initial_data(personas.collaboration, kind), ensure_ascii=False)
    assert ALPHA_WORD not in draft and BETA_WORD not in draft


def test_the_first_draft_leaves_the_free_text_clauses_empty_and_fills_in_the_facts(personas):
    basic_questions(personas)
    draft = sections.initial_data(personas.collaboration, AGREEMENT)
    assert [p["name"] for p in draft["parties"]] == [personas.alpha.name, personas.beta.name]
    assert draft["evaluation"]["frequency"] == sections.DEFAULT_EVALUATION_FREQUENCY
    assert draft["benefits"]["setbacks"] == "" and draft["conditions"]["digital_tools"] == ""
    assert all(row["summary"] == "" for row in draft["contributions"]["parties"])
    assert all(row["effort"] == "" for row in draft["obligations"]["parties"])


def test_basic_question_10_never_appears_in_the_scope_of_the_letter_of_intent(personas):
    basic_questions(personas)
    letter = sections.initial_data(personas.collaboration, LETTER)
    assert letter["intention"]["scope"] == ""
    assert f"{definitions.TIEN_BASISVRAGEN}:10" not in clauses.section_sources(LETTER, "intention")
    response = client_for(personas.alice).get(url(personas, "edit", "intention", kind="letter-of-intent"))
    assert "(q10_business_model)" not in response.content.decode()


# --- The sources beside a section ------------------------------------------------------


def test_the_edit_page_shows_the_revealed_answers_to_the_matching_questions_only(personas):
    section = section_drawing_on_basic_questions()
    basic_questions(personas)
    page = client_for(personas.bob).get(url(personas, "edit", section)).content.decode()
    assert "Wat de partners antwoordden" in page
    numbers = {int(s.split(":")[1]) for s in clauses.section_sources(AGREEMENT, section)}
    for item in definitions.get_instrument(definitions.TIEN_BASISVRAGEN).items:
        if item.type != definitions.LONG_TEXT:
            continue
        shown = f"({item.id})" in page
        assert shown == (int(item.id[1:].split("_")[0]) in numbers), item.id
    assert ALPHA_WORD in page and BETA_WORD in page and personas.alpha.name in page


def test_before_the_reveal_the_page_shows_no_answer_not_even_ones_own(personas):
    section = section_drawing_on_basic_questions()
    basic_questions(personas, reveal=False)
    response = client_for(personas.alice).get(url(personas, "edit", section))
    assert ALPHA_WORD not in response.content.decode()
    assert all(not topic.sources for topic in response.context["topics"])
    assert clauses.sources_for(personas.collaboration, AGREEMENT, section) == []


def test_the_page_never_shows_another_collaborations_answers(personas):
    section = section_drawing_on_basic_questions()
    other = personas.other_collaboration
    Participant.objects.create(collaboration=other, organisation=personas.gamma)
    from samenwerkwijzer.instruments import services as instrument_services
    from samenwerkwijzer.instruments.tests.factories import access_for

    round_ = instrument_services.round_open(
        access=access_for(personas.dave, other, lead=True), instrument_key=definitions.TIEN_BASISVRAGEN
    )
    submit(personas.dave, other, round_, tien_answers("Geheimzinnigheid"))
    submit(personas.charlie, other, round_, tien_answers("Geheimzinnigheid"))
    round_.refresh_from_db()
    assert round_.is_revealed()
    page = client_for(personas.alice).get(url(personas, "edit", section)).content.decode()
    assert "Geheimzinnigheid" not in page
    assert clauses.sources_for(personas.collaboration, AGREEMENT, section) == []
    assert clauses.sources_for(other, AGREEMENT, section)  # there they are, for that collaboration


def test_sources_for_names_the_question_and_the_round(personas):
    section = section_drawing_on_basic_questions()
    round_ = basic_questions(personas)
    found = clauses.sources_for(personas.collaboration, AGREEMENT, section)
    assert found and all(q.round_number == round_.number for q in found)
    assert all(q.question and q.instrument for q in found)
    assert {name for q in found for name, _text in q.answers} == {personas.alpha.name, personas.beta.name}


# --- The model clauses ----------------------------------------------------------------------


def test_the_edit_page_offers_the_model_clauses_of_the_section(personas):
    topic = insertable_topic()
    response = client_for(personas.alice).get(url(personas, "edit", topic.section))
    page = response.content.decode()
    panel = next(t for t in response.context["topics"] if t.key == topic.key)
    assert len(panel.clauses) >= 2
    for choice in panel.clauses:
        assert escape(choice.title) in page
        assert f'value="{choice.value}"' in page
    assert "Gebruik deze tekst" in page


def test_use_this_text_puts_the_clause_after_what_was_typed_and_saves_nothing(personas):
    topic = insertable_topic()
    field = clauses.target_field(topic)[0]
    chosen = topic.clauses[0]
    client = client_for(personas.alice)
    page = client.get(url(personas, "edit", topic.section))
    data = {**_posted(page.context["editor"]), field: "Wat wij zelf typten."}
    response = client.post(url(personas, "edit", topic.section), {**data, "use_clause": f"{topic.key}:{chosen.key}"})
    assert response.status_code == 200
    names = [personas.alpha.name, personas.beta.name]
    expected = "Wat wij zelf typten.\n\n" + clauses.clause_text(chosen, parties=names)
    assert response.context["editor"].main[field].value() == expected
    assert "{partijen}" not in expected
    assert not Document.objects.exists() and not Version.objects.exists()
    # Saving afterwards stores exactly that text.
    saved = client.post(url(personas, "edit", topic.section), {**data, field: expected})
    assert saved.status_code == 302
    assert Version.objects.get().data[topic.section][field] == expected


def test_an_unknown_clause_changes_nothing_and_says_so(personas):
    client = client_for(personas.alice)
    data = goals_post(0, purpose="Mijn eigen tekst.")
    response = client.post(url(personas, "edit", "goals"), {**data, "use_clause": "no_such_topic:nothing"})
    assert response.status_code == 200
    assert response.context["editor"].main["purpose"].value() == "Mijn eigen tekst."
    assert "niet beschikbaar" in response.content.decode()
    assert not Version.objects.exists()


def test_a_per_party_clause_goes_into_that_partys_row(personas, monkeypatch):
    topic = clauses.Topic(
        key="effort",
        guide="4.3",
        documents=("agreement",),
        section="obligations",
        field="effort",
        sources=(),
        title=clauses.Text("Inspanning", "Effort"),
        note=None,
        clauses=(
            clauses.Clause("a", clauses.Text("A", "A"), clauses.Text("{partijen} spannen zich in.", "x")),
            clauses.Clause("b", clauses.Text("B", "B"), clauses.Text("Tekst B.", "y")),
        ),
    )
    monkeypatch.setattr(clauses, "library", lambda: {"effort": topic})
    client = client_for(personas.alice)
    data = {"base_version": "0", **management("parties", 2, 2)}
    for i, organisation in enumerate((personas.alpha, personas.beta)):
        data[f"parties-{i}-organisation_id"] = str(organisation.pk)
        data[f"parties-{i}-effort"] = "" if i else "Al getypt."
        data[f"parties-{i}-result"] = ""
    page = client.get(url(personas, "edit", "obligations")).content.decode()
    assert f'value="effort:a:{personas.beta.pk}"' in page
    response = client.post(url(personas, "edit", "obligations"), {**data, "use_clause": f"effort:a:{personas.beta.pk}"})
    forms = response.context["editor"].party_formset.forms
    both = f"{personas.alpha.name} en {personas.beta.name} spannen zich in."
    assert forms[1]["effort"].value() == both
    assert forms[0]["effort"].value() == "Al getypt."
    # Without a party named, the clause goes into the acting organisation's own row, after its text.
    response = client.post(url(personas, "edit", "obligations"), {**data, "use_clause": "effort:b"})
    assert response.context["editor"].party_formset.forms[0]["effort"].value() == "Al getypt.\n\nTekst B."
    assert not Version.objects.exists()


def _posted(editor) -> dict:
    """The form as the browser would post it, unchanged."""
    data = {"base_version": "0"}
    if editor.main is not None:
        for name in editor.main.fields:
            value = editor.main[name].value()
            data[name] = "" if value is None else value
    for formset in (editor.party_formset, editor.item_formset):
        if formset is None:
            continue
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value not in (None, False):
                    data[form.add_prefix(name)] = value
    return data


# --- The library and its check --------------------------------------------------------------


def test_the_clause_library_in_the_repository_passes_its_check():
    assert clauses.check_clauses() == []
    for topic in clauses.library().values():
        assert clauses.clause(topic.key, topic.clauses[0].key) == topic.clauses[0]
        for document in topic.documents:
            assert topic in clauses.topics_for(document, topic.section)
    assert clauses.clause("no_such_topic", "x") is None


BROKEN = """
[[topic]]
key = "cost_sharing"
guide = "4.2"
documents = ["agreement"]
section = "no_such_section"
sources = ["tien_basisvragen:42", "nonsense", "zelfcheck:1"]
title.nl = "Kosten"
title.en = "Costs"

  [[topic.clause]]
  key = "equal"
  title.nl = "Gelijk"
  title.en = "Equal"
  text.nl = "{partijen} delen {iets}."
  text.en = "The parties share."

[[topic]]
key = "tools"
guide = "4.3"
documents = ["agreement"]
section = "conditions"
field = "no_such_field"
title.nl = "Hulpmiddelen"

  [[topic.clause]]
  key = "a"
  title.nl = "A"
  title.en = "A"
  text.nl = "A"
  text.en = "A"

  [[topic.clause]]
  key = "a"
  title.nl = "B"
  title.en = "B"
  text.nl = "B"
  text.en = "B"
"""


def test_the_system_check_catches_a_broken_clause_file(tmp_path):
    path = tmp_path / "model_clauses.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with override_settings(MODEL_CLAUSES_FILE=path):
        errors = clauses.check_clauses()
    messages = "\n".join(error.msg for error in errors)
    assert all(error.id == "agreements.E001" for error in errors)
    assert "unknown section 'no_such_section'" in messages
    assert "has 1 clause(s); offer at least 2" in messages
    assert "unknown source question 'tien_basisvragen:42'" in messages
    assert "unknown source question 'zelfcheck:1'" in messages
    assert "'nonsense' is not written as" in messages
    assert "unknown placeholder {iets}" in messages
    assert "field 'no_such_field' is not a text field of section 'conditions'" in messages
    assert "topic tools.title: the en text is missing" in messages
    assert "the key is used twice in this topic" in messages


def test_the_system_check_catches_an_unreadable_file(tmp_path):
    path = tmp_path / "model_clauses.toml"
    path.write_text("[[topic]\nkey = ", encoding="utf-8")
    with override_settings(MODEL_CLAUSES_FILE=path):
        assert "cannot read model_clauses.toml" in clauses.check_clauses()[0].msg
    with override_settings(MODEL_CLAUSES_FILE=tmp_path / "missing.toml"):
        assert clauses.check_clauses()
    path.write_text("title = 'no topics'", encoding="utf-8")
    with override_settings(MODEL_CLAUSES_FILE=path):
        assert "no [[topic]] tables" in clauses.check_clauses()[0].msg


def test_names_are_joined_the_dutch_way():
    assert clauses.joined_names(["A"], "nl") == "A"
    assert clauses.joined_names(["A", "B"], "nl") == "A en B"
    assert clauses.joined_names(["A", "B", "C"], "nl") == "A, B en C"
    assert clauses.joined_names(["A", "B"], "en") == "A and B"
    assert clauses.appended("", "Nieuw") == "Nieuw"
    assert clauses.appended("Oud  \n", "Nieuw") == "Oud\n\nNieuw"


def test_an_explorers_own_match_check_is_no_source_for_the_partners_agreement(personas):
    """An explorer's match check is between it and the partners: not what the partners answered."""
    from samenwerkwijzer.instruments.models import Round
    from samenwerkwijzer.instruments.tests.factories import match_answers, revealed_round

    answers = {**match_answers(), "expectations": "Samen een vaste bezorgroute."}
    round_ = revealed_round(personas, definitions.MATCHCHECK, alice=answers, bob=answers)
    found = clauses.sources_for(personas.collaboration, AGREEMENT, "goals")
    assert any(q.instrument and q.round_number == round_.number for q in found if "matchcheck" in q.source)
    Round.objects.filter(pk=round_.pk).update(explorer=personas.beta)
    found = clauses.sources_for(personas.collaboration, AGREEMENT, "goals")
    assert not [q for q in found if "matchcheck" in q.source]
