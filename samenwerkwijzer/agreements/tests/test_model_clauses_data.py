"""The data of the model-clause library (``agreements/data/model_clauses.toml``, issue #15).

Drafts propose, people decide: the library must offer at least two alternative clauses for every
element of the guide's list in 4.3, every topic of 4.2 and every exit question, in both languages,
in contract language, aimed at a section (and field) that exists; its sources must be questions
that exist; and the table in docs/agreement-clauses.md must list every source.
"""

import re
import tomllib
from pathlib import Path

import pytest
from django import forms as django_forms

from samenwerkwijzer.agreements import clauses, forms
from samenwerkwijzer.agreements.models import DocumentKind
from samenwerkwijzer.agreements.sections import section_for
from samenwerkwijzer.instruments import definitions

ROOT = Path(__file__).resolve().parents[3]
DATA_FILE = ROOT / "samenwerkwijzer" / "agreements" / "data" / "model_clauses.toml"
DOC_FILE = ROOT / "docs" / "agreement-clauses.md"
DATA = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
TOPICS = DATA["topic"]
BY_KEY = {topic["key"]: topic for topic in TOPICS}

# What the KvK guide "Samenwerken? Pak het goed aan!" asks to agree on, in its own order, and the
# topics of the library that answer it: (guide part, the guide's words, topic keys).
GUIDE_LIST = [
    # 4.3 "Vastleggen zakelijke vorm": "Elementen om in een samenwerkingsovereenkomst vast te
    # leggen zijn bijvoorbeeld: …"
    ("4.3", "de doelen", ["goals"]),
    ("4.3", "de condities", ["general_conditions", "confidentiality", "disputes", "digital_tools"]),
    ("4.3", "de termijn waarop wordt samengewerkt", ["term"]),
    ("4.3", "verwachtingen ten aanzien van doelen en meetpunten", ["goal_expectations"]),
    ("4.3", "afspraken over de bijdragen in kosten", ["cost_contributions", "contribution_terms"]),
    ("4.3", "de verdeling van omzet en winst", ["revenue_sharing"]),
    ("4.3", "de wederzijdse inspannings- en resultaatverplichtingen", ["obligations_effort", "obligations_result"]),
    ("4.3", "eventuele eigendomsrechten over producten, kennis en uitvindingen", ["ownership_rights"]),
    ("4.3", "hoe de samenwerking te evalueren", ["evaluation"]),
    # 4.2 "Maak een goede verdeling van lusten en lasten": the opening paragraph, the list "Maak
    # duidelijke afspraken over zaken als: …" and the paragraph after it.
    ("4.2", "hoe u de kosten en de baten onderling verdeelt", ["cost_contributions", "revenue_sharing"]),
    ("4.2", "verworven kennis", ["acquired_knowledge"]),
    ("4.2", "financiële opbrengsten", ["revenue_sharing"]),
    ("4.2", "intellectueel eigendom (octrooi, modelbescherming)", ["patents", "ownership_rights"]),
    ("4.2", "Hoe ga je met klanten om?", ["customer_ownership"]),
    ("4.2", "Van wie is de klant die voortkomt uit het project?", ["customer_ownership"]),
    ("4.2", "Mag de klant ook buiten het project om benaderd worden?", ["customer_contact"]),
    ("4.2", "Hoe ga je om met CRM-systemen?", ["crm"]),
    ("4.2", "Gelden afspraken met toeleveranciers ook voor de samenwerking?", ["suppliers"]),
    ("4.2", "Hoe verdeel je de opbrengsten?", ["revenue_sharing"]),
    ("4.2", "Hoe regel je eventuele octrooien die voortkomen uit de samenwerking?", ["patents"]),
    ("4.2", "Hoe ga je om met het niet nakomen van afspraken?", ["breach"]),
    ("4.2", "Hoe ga je om met tegenvallers en wie draagt daarvan de lasten?", ["setbacks"]),
    ("4.2", "de onderlinge verrekening van geleverde diensten", ["service_settlement"]),
    # 4.2 "Exit scenario": "Aan elke samenwerking komt ooit een einde. Zorg vooraf voor een
    # exitscenario." (chapter 6 adds: if the project proves not feasible, "durf dan te stoppen").
    ("exit", "Hoe kan een partner de samenwerking beëindigen?", ["exit_leaving"]),
    ("exit", "Wat voor gevolgen heeft dat voor de betrokkenen?", ["exit_consequences"]),
    ("exit", "Hoe verdeel je de tot dan behaalde resultaten?", ["exit_results"]),
    ("exit", "Hoe ga je uit elkaar, als zaken tussentijds niet blijken te werken?", ["exit_parting"]),
]

# Topics whose section has several text fields none of which holds their wording: the UI shows
# their clauses to read and copy (clauses.target_field returns None), with the reason.
NO_FIELD = {
    "revenue_sharing": "the split itself is the per-party percentages of Benefits and burdens",
}

# Clause texts are contract language: the parties agree, the parties (by name) declare, or, in a
# per-party box, "this party" promises.
CONTRACT_OPENINGS = {
    "nl": ("Partijen komen overeen dat ", "{partijen} ", "Deze partij "),
    "en": ("The parties agree ", "{partijen} ", "This party "),
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def clause_rows():
    return [(topic, clause) for topic in TOPICS for clause in topic.get("clause", [])]


def ids(rows):
    return [f"{topic['key']}.{clause['key']}" for topic, clause in rows]


def text_fields(form_class) -> list[str]:
    if form_class is None:
        return []
    return [
        name
        for name in getattr(form_class, "FIELDS", ())
        if isinstance(form_class.base_fields.get(name), django_forms.CharField)
    ]


def section_text_fields(section: str) -> tuple[list[str], list[str]]:
    party = forms.PARTY_FORMS.get(section, (None,))[0] if section != "parties" else None
    return text_fields(forms.MAIN_FORMS.get(section)), text_fields(party)


def question_exists(instrument_key: str, number: int) -> bool:
    """Question ``number`` as the instrument shows it: the ``q<number>_`` items of the ten basic
    questions (1 is the goal and its level 1b), otherwise the ``number``-th item."""
    instrument = definitions.get_instrument(instrument_key)
    numbered = [item.id for item in instrument.items if re.match(r"^q\d+_", item.id)]
    if numbered:
        return any(item_id.startswith(f"q{number}_") for item_id in numbered)
    return 1 <= number <= len(instrument.items)


def doc_table_rows() -> set[tuple[str, str]]:
    """(source, topic key) of every row of the docs' mapping table."""
    rows = set()
    for line in DOC_FILE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 6:
            source, topic = cells[0].strip("`"), cells[-1].strip("`")
            if re.fullmatch(r"[a-z_]+:\d+", source):
                rows.add((source, topic))
    return rows


# --- the file as the loader reads it -------------------------------------------------


def test_the_loader_of_the_agreements_app_accepts_the_file():
    topics = clauses.load(DATA_FILE)
    assert list(topics) == [topic["key"] for topic in TOPICS]


def test_topic_keys_are_unique_stable_slugs():
    keys = [topic["key"] for topic in TOPICS]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in keys)


@pytest.mark.parametrize("topic", TOPICS, ids=[t["key"] for t in TOPICS])
def test_every_topic_offers_at_least_two_alternatives_with_unique_keys(topic):
    keys = [clause["key"] for clause in topic.get("clause", [])]
    assert len(keys) >= 2
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in keys)


@pytest.mark.parametrize("topic", TOPICS, ids=[t["key"] for t in TOPICS])
def test_every_topic_names_its_part_of_the_guide_and_has_both_languages(topic):
    assert topic["guide"] in {"4.2", "4.3", "exit"}
    for name in ("title", "note"):
        if name == "title" or name in topic:
            assert topic[name]["nl"].strip() and topic[name]["en"].strip(), name


@pytest.mark.parametrize(("topic", "clause"), clause_rows(), ids=ids(clause_rows()))
def test_every_clause_is_contract_language_in_both_languages(topic, clause):
    for language in ("nl", "en"):
        assert clause["title"][language].strip()
        text = clause["text"][language]
        assert text.startswith(CONTRACT_OPENINGS[language]), (language, text[:40])
        assert set(PLACEHOLDER.findall(text)) <= {"{partijen}"}, text
    assert PLACEHOLDER.findall(clause["text"]["nl"]) == PLACEHOLDER.findall(clause["text"]["en"])


@pytest.mark.parametrize(("topic", "clause"), clause_rows(), ids=ids(clause_rows()))
def test_a_clause_for_a_per_party_box_speaks_of_this_party_only(topic, clause):
    main, party = section_text_fields(topic["section"])
    per_party = topic.get("field") in party and topic.get("field") not in main
    assert clause["text"]["nl"].startswith("Deze partij ") == per_party
    assert clause["text"]["en"].startswith("This party ") == per_party


# --- where the clauses go ------------------------------------------------------------


@pytest.mark.parametrize("topic", TOPICS, ids=[t["key"] for t in TOPICS])
def test_every_section_exists_in_every_document_listed(topic):
    assert topic["documents"]
    for document in topic["documents"]:
        assert document in DocumentKind.values
        assert section_for(document, topic["section"]) is not None, (document, topic["section"])


@pytest.mark.parametrize("topic", TOPICS, ids=[t["key"] for t in TOPICS])
def test_every_field_is_a_text_field_of_its_section_or_the_section_has_one(topic):
    main, party = section_text_fields(topic["section"])
    if "field" in topic:
        assert topic["field"] in main + party, (topic["section"], topic["field"])
    elif topic["key"] in NO_FIELD:
        assert len(main) > 1 or party
    else:
        assert len(main) == 1 and not party, f"name the field: {topic['section']} has {main + party}"


def test_the_exceptions_without_a_field_still_apply():
    for key in NO_FIELD:
        assert key in BY_KEY and "field" not in BY_KEY[key]


# --- sources --------------------------------------------------------------------------


SOURCE_ROWS = [(topic, source) for topic in TOPICS for source in topic.get("sources", [])]


@pytest.mark.parametrize(("topic", "source"), SOURCE_ROWS, ids=[f"{t['key']}-{s}" for t, s in SOURCE_ROWS])
def test_every_source_is_an_existing_question_all_partners_answer(topic, source):
    match = re.fullmatch(r"([a-z_]+):([1-9]\d*)", source)
    assert match, source
    instrument_key, number = match[1], int(match[2])
    # only questions every partner answers in a round; the Zelfcheck stays with one organisation
    assert instrument_key in definitions.ROUND_INSTRUMENTS
    assert question_exists(instrument_key, number), source


def test_a_topic_lists_each_source_once():
    for topic in TOPICS:
        sources = topic.get("sources", [])
        assert len(sources) == len(set(sources)), topic["key"]


def test_the_business_model_question_does_not_feed_the_scope():
    scope_sources = {s for t in TOPICS if t["section"] == "intention" for s in t.get("sources", [])}
    assert "tien_basisvragen:10" not in scope_sources


def test_the_table_in_the_docs_lists_every_source_and_nothing_else():
    expected = {(source, topic["key"]) for topic, source in SOURCE_ROWS}
    assert doc_table_rows() == expected


def test_the_docs_are_linked_from_the_architecture():
    assert "agreement-clauses.md" in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


# --- the guide's list is covered --------------------------------------------------------


@pytest.mark.parametrize(("part", "words", "keys"), GUIDE_LIST, ids=[f"{p}:{w[:40]}" for p, w, _ in GUIDE_LIST])
def test_everything_the_guide_asks_to_agree_has_a_topic(part, words, keys):
    assert keys, words
    for key in keys:
        assert key in BY_KEY, (words, key)
        assert len(BY_KEY[key]["clause"]) >= 2


def test_the_guide_list_is_complete():
    parts = [part for part, _words, _keys in GUIDE_LIST]
    assert parts.count("4.3") == 9  # the nine elements of 4.3
    assert parts.count("exit") == 4  # the four exit questions
    assert parts.count("4.2") == 14  # kosten en baten, its three examples, nine questions, verrekening


def test_every_topic_answers_something_in_the_guide_list():
    answered = {key for _part, _words, keys in GUIDE_LIST for key in keys}
    letter_only = {t["key"] for t in TOPICS if t["documents"] == ["letter_of_intent"]}
    assert set(BY_KEY) - letter_only <= answered


def test_every_topic_names_the_part_of_the_guide_an_item_it_answers_comes_from():
    for topic in TOPICS:
        parts = {part for part, _words, keys in GUIDE_LIST if topic["key"] in keys}
        if topic["documents"] != ["letter_of_intent"]:
            assert topic["guide"] in parts, (topic["key"], topic["guide"], parts)
