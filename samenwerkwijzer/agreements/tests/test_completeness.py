"""Only complete documents go out: no freeze with an empty required section; empty optional
sections are left out of the document instead of printed as "not filled in"."""

import copy
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .. import checks, content, demo, rendering, rules, selectors, services
from ..models import DocumentKind, Freeze
from ..sections import initial_data, sections_for
from .factories import AGREEMENT, access_of, accesses
from .helpers import url
from .pdf_text import page_text

LETTER = DocumentKind.LETTER_OF_INTENT
NOT_FILLED_IN = ("not filled in", "niet ingevuld")


def _write(personas, kind, **overrides):
    """Every section as the demo writes it, with ``overrides`` (a section key → its data)."""
    data = {**demo.SECTION_DATA[kind](personas.collaboration), **overrides}
    for access, (key, value) in zip(accesses(personas) * 10, data.items(), strict=False):
        status = selectors.document_status(access, kind)
        base = status.version.number if status.version else 0
        services.version_save(access=access, kind=kind, section=key, section_data=value, base_number=base)
    return selectors.document_status(access_of(personas, "alice"), kind).version


def _freeze(personas, kind, version):
    return services.document_freeze(
        access=access_of(personas, "alice", lead=True), kind=kind, version_number=version.number
    )


# --- The rule itself ---


def test_the_required_sections_follow_the_guide():
    assert rules.REQUIRED_SECTIONS["letter_of_intent"] == ("parties", "intention")
    assert set(rules.REQUIRED_SECTIONS["agreement"]) == {
        "parties",
        "goals",
        "benefits",
        "obligations",
        "term",
        "evaluation",
        "conditions",
    }
    for kind, keys in rules.REQUIRED_SECTIONS.items():
        assert set(keys) <= {s.key for s in sections_for(kind)}


def test_a_section_with_only_names_and_blanks_is_empty():
    assert rules.is_empty({"parties": [{"organisation_id": 1, "name": "Alfa", "effort": " ", "result": ""}]})
    assert rules.is_empty({"items": [], "purpose": ""})
    assert not rules.is_empty({"items": [{"description": "Meer klanten"}]})
    assert not rules.is_empty({"frequency": "quarterly", "notes": ""})
    assert rules.missing_required_sections("agreement", {"obligations": {"parties": []}}) == [
        "parties",
        "goals",
        "benefits",
        "obligations",
        "term",
        "evaluation",
        "conditions",
    ]


# --- Freezing ---


def test_freezing_is_refused_while_a_required_section_is_empty(personas):
    version = _write(
        personas,
        AGREEMENT,
        obligations={
            "parties": [
                {"organisation_id": o.pk, "name": o.name, "effort": "", "result": ""}
                for o in (personas.alpha, personas.beta)
            ]
        },
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _freeze(personas, AGREEMENT, version)
    assert "“Obligations per party” is required and still empty." in refused.value.messages
    assert not Freeze.objects.exists()


def test_the_freeze_page_lists_what_is_missing_each_linked_to_its_section(personas):
    version = _write(personas, LETTER, intention={"intention": "", "scope": "", "duration_kind": ""})
    client = Client()
    client.force_login(personas.alice)
    page = client.get(url(personas, "freeze", kind="letter-of-intent")).content.decode()
    assert url(personas, "edit", "intention", kind="letter-of-intent") in page
    assert "is verplicht en nog leeg" in page
    response = client.post(url(personas, "freeze", kind="letter-of-intent"), {"version": str(version.number)})
    assert response.status_code == 200
    assert not Freeze.objects.exists()


def test_an_empty_optional_section_does_not_keep_a_document_from_being_frozen(personas):
    version = _write(
        personas,
        LETTER,
        next_steps={"items": []},
        confidentiality={"text": ""},
    )
    freeze = _freeze(personas, LETTER, version)
    text = page_text(freeze.pdf, 0, -1)
    assert "Vervolgstappen" not in text and "Next steps" not in text
    assert "Geheimhouding" not in text
    assert not any(words in text for words in NOT_FILLED_IN)
    assert "Intentie" in text


# --- Rendering leaves empty optional parts out ---


def test_an_empty_optional_section_is_left_out_and_the_rest_renumbered(personas):
    data = demo.agreement_sections(personas.collaboration)
    data["planning"] = {"items": []}
    doc = content.build(AGREEMENT, data, collaboration_name="X")
    keys = [s.key for s in doc.sections]
    assert "planning" not in keys
    assert [s.number for s in doc.sections] == list(range(1, len(keys) + 1))
    assert [(e.key, e.required) for e in doc.empty_sections] == [("planning", False)]


def test_the_first_draft_prints_no_not_filled_in_anywhere(personas):
    for kind in (AGREEMENT, LETTER):
        data = initial_data(personas.collaboration, kind)
        for language in ("nl", "en"):
            with translation.override(language):
                doc = content.build(kind, data, collaboration_name=personas.collaboration.name)
                text = content.as_text(doc)
            assert not any(words in text for words in NOT_FILLED_IN)


def test_the_document_page_lists_the_empty_sections_with_a_link_to_write_them(personas):
    client = Client()
    client.force_login(personas.bob)
    page = client.get(url(personas, "document", kind="agreement")).content.decode()
    assert "Lege onderdelen" in page
    assert url(personas, "edit", "planning") in page
    assert "niet ingevuld" not in page


def test_the_word_file_leaves_empty_sections_out(personas):
    version = _write(personas, AGREEMENT, planning={"items": []})
    docx = rendering.render_docx(document=version.document, version=version, data=version.data)
    from io import BytesIO

    from docx import Document as DocxDocument

    text = "\n".join(p.text for p in DocxDocument(BytesIO(docx)).paragraphs)
    assert "Planning" not in text and "niet ingevuld" not in text


# --- Property: a freeze that succeeds never has an empty required section ---

SECTION_KEYS = {kind: [s.key for s in sections_for(kind)] for kind in ("agreement", "letter_of_intent")}
text = st.one_of(st.just(""), st.just("  "), st.text(min_size=1, max_size=12))
ROW_FIELDS = (
    "address",
    "signatory_name",
    "kvk_number",
    "description",
    "indicator",
    "target",
    "deadline",
    "date",
    "owner",
    "cost_share",
    "revenue_share",
    "effort",
    "result",
    "summary",
    "money",
)
SECTION_FIELDS = (
    "purpose",
    "activities",
    "intention",
    "scope",
    "duration_kind",
    "text",
    "arrangement",
    "notes",
    "frequency",
    "leave_how",
    "start_date",
    "end_date",
    "confidentiality",
    "settlement",
    "setbacks",
)


def _rows(organisation_ids):
    """Rows as the forms store them: per party (with its id) or items, any field filled or blank."""
    row = st.fixed_dictionaries(
        {"organisation_id": st.sampled_from(organisation_ids), "name": text},
        optional=dict.fromkeys(ROW_FIELDS, st.one_of(text, st.sampled_from(["50", "100", "2030-01-01", "12"]))),
    )
    return st.lists(row, max_size=3)


def _section(key, organisation_ids):
    if key == "parties":
        return _rows(organisation_ids)
    return st.fixed_dictionaries(
        {},
        optional={
            **dict.fromkeys(SECTION_FIELDS, text),
            "items": _rows(organisation_ids),
            "parties": _rows(organisation_ids),
        },
    )


def _document_data(kind, organisation_ids):
    return st.fixed_dictionaries({}, optional={key: _section(key, organisation_ids) for key in SECTION_KEYS[kind]})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(kind=st.sampled_from(["agreement", "letter_of_intent"]), data=st.data())
def test_a_freezable_document_has_no_empty_required_section_and_never_says_not_filled_in(personas, kind, data):
    ids = [personas.alpha.pk, personas.beta.pk]
    participants = [SimpleNamespace(organisation_id=pk) for pk in ids]
    if not hasattr(personas, "_complete"):
        personas._complete = {k: demo.SECTION_DATA[k](personas.collaboration) for k in SECTION_KEYS}
    # Start from a complete document and let hypothesis replace or drop any sections.
    document = {**copy.deepcopy(personas._complete[kind]), **data.draw(_document_data(kind, ids))}
    for key in data.draw(st.lists(st.sampled_from(SECTION_KEYS[kind]), max_size=3)):
        document.pop(key, None)
    with translation.override("nl"):
        problems = checks.freeze_problems(kind, document, participants)
        rendered = content.build(kind, document, collaboration_name="Samen")
        text_of_document = content.as_text(rendered)
    if not problems:
        assert rules.missing_required_sections(kind, document) == []
        assert not any(e.required for e in rendered.empty_sections)
    assert not any(words in text_of_document for words in NOT_FILLED_IN)
    assert all(s.blocks for s in rendered.sections)
