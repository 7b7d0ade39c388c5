"""The library of model clauses (``data/model_clauses.toml``) and the answers they draw on.

A draft proposes, people decide: the first draft of a document never turns an answer into
clause text. Beside each section the edit page shows, per topic of the guide's list, the
partners' revealed answers to the questions that really match it (the topic's ``sources``,
the one mapping from questions to sections) and at least two model clauses in contract
language, which the partners choose and edit.

``load()`` reads and checks the file and raises ``ClauseLibraryError`` listing every problem;
``library()`` is the cached copy the pages use. The system check ``check_clauses`` calls
``load()`` so that a damaged file fails ``manage.py check`` and start-up.
"""

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.translation import get_language

from samenwerkwijzer.lib.bilingual import Text, language_of

DATA_FILE = Path(__file__).resolve().parent / "data" / "model_clauses.toml"
LANGUAGES = ("nl", "en")
GUIDE_PARTS = ("4.2", "4.3", "exit")
DOCUMENTS = ("agreement", "letter_of_intent")
PLACEHOLDERS = {"partijen"}
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
SOURCE = re.compile(r"^(?P<instrument>[a-z][a-z0-9_]*):(?P<number>[1-9][0-9]*)$")
MIN_CLAUSES = 2


class ClauseLibraryError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Clause:
    key: str
    title: Text
    text: Text


@dataclass(frozen=True)
class Topic:
    key: str
    guide: str
    documents: tuple[str, ...]
    section: str
    field: str  # the form field the clauses go into; "" for the section's only text field, or none
    sources: tuple[str, ...]  # "<instrument key>:<question number>"
    title: Text
    note: Text | None
    clauses: tuple[Clause, ...]

    def clause(self, key: str) -> Clause | None:
        return next((c for c in self.clauses if c.key == key), None)


# --- Reading and checking ------------------------------------------------------


def _text_fields(section: str) -> tuple[list[str], list[str]]:
    """The free-text fields of a section's main form and of its per-party rows."""
    from django import forms as django_forms

    from . import forms

    def texts(form_class) -> list[str]:
        return [
            name
            for name in getattr(form_class, "FIELDS", ())
            if isinstance(form_class.base_fields.get(name), django_forms.CharField)
        ]

    main = forms.MAIN_FORMS.get(section)
    party = forms.PARTY_FORMS.get(section, (None,))[0]
    return (texts(main) if main else []), (texts(party) if party and section != "parties" else [])


def target_field(topic: Topic) -> tuple[str, bool] | None:
    """(field name, whether it is a per-party field) the topic's clauses go into, or None."""
    main, party = _text_fields(topic.section)
    if topic.field:
        if topic.field in main:
            return topic.field, False
        if topic.field in party:
            return topic.field, True
        return None
    if len(main) == 1 and not party:
        return main[0], False  # the section's only text field
    return None  # no field named: the clauses are shown to read and copy, without a button


def question_items(instrument, number: int) -> list:
    """The items of an instrument (definition) that make up question ``number``.

    Items named ``q<number>_…`` (the ten basic questions: 1 is the goal and its level);
    otherwise the ``number``-th item.
    """
    numbered = [item for item in instrument.items if re.match(r"^q\d+_", item.id)]
    if numbered:
        return [item for item in numbered if item.id.split("_", 1)[0] == f"q{number}"]
    return list(instrument.items[number - 1 : number])


class _Reader:
    def __init__(self):
        self.problems: list[str] = []

    def text(self, value: Any, where: str, *, placeholders: bool = False) -> Text:
        if not isinstance(value, Mapping):
            self.problems.append(f"{where}: needs an nl and an en text")
            return Text("", "")
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.problems.append(f"{where}: the {language} text is missing")
            elif placeholders:
                try:
                    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
                except ValueError as error:
                    self.problems.append(f"{where}.{language}: {error} (write a brace as {{{{ or }}}})")
                    continue
                unknown = names - PLACEHOLDERS
                if unknown:
                    self.problems.append(
                        f"{where}.{language}: unknown placeholder {{{', '.join(sorted(unknown))}}} (only {{partijen}})"
                    )
        return Text(str(value.get("nl", "")), str(value.get("en", "")))

    def key(self, table: Mapping, where: str) -> str:
        key = table.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            self.problems.append(f"{where}: key must be a lowercase slug, not {key!r}")
            return ""
        return key


def _check_source(source: Any, where: str, reader: _Reader) -> str:
    from samenwerkwijzer.instruments import definitions

    match = SOURCE.match(source) if isinstance(source, str) else None
    if not match:
        reader.problems.append(f"{where}: source {source!r} is not written as <instrument key>:<question number>")
        return ""
    instrument, number = match["instrument"], int(match["number"])
    if instrument not in definitions.ROUND_INSTRUMENTS:
        reader.problems.append(
            f"{where}: unknown source question {source!r}: {instrument!r} is not an instrument answered by "
            f"all partners ({', '.join(definitions.ROUND_INSTRUMENTS)})"
        )
        return ""
    if not question_items(definitions.get_instrument(instrument), number):
        reader.problems.append(f"{where}: unknown source question {source!r}: {instrument} has no question {number}")
        return ""
    return source


def parse(data: Mapping[str, Any]) -> dict[str, Topic]:
    """Check the parsed file and build the topics; raise ``ClauseLibraryError`` listing every problem."""
    from .sections import section_for

    reader = _Reader()
    topics: dict[str, Topic] = {}
    raw_topics = data.get("topic", [])
    if not isinstance(raw_topics, list) or not raw_topics:
        raise ClauseLibraryError(["no [[topic]] tables"])
    for index, raw in enumerate(raw_topics, start=1):
        where = f"topic {index}"
        if not isinstance(raw, Mapping):
            reader.problems.append(f"{where}: is not a table")
            continue
        key = reader.key(raw, where)
        where = f"topic {key or index}"
        if key in topics:
            reader.problems.append(f"{where}: the key is used twice")
        guide = raw.get("guide")
        if guide not in GUIDE_PARTS:
            reader.problems.append(f"{where}: guide must be one of {', '.join(GUIDE_PARTS)}, not {guide!r}")
        documents = raw.get("documents")
        if not isinstance(documents, list) or not documents or any(d not in DOCUMENTS for d in documents):
            reader.problems.append(f"{where}: documents must list one or more of {', '.join(DOCUMENTS)}")
            documents = [d for d in documents or [] if d in DOCUMENTS] if isinstance(documents, list) else []
        section = raw.get("section")
        for document in documents:
            if not isinstance(section, str) or section_for(document, section) is None:
                reader.problems.append(f"{where}: unknown section {section!r} in the {document.replace('_', ' ')}")
        field = raw.get("field", "")
        if not isinstance(field, str):
            reader.problems.append(f"{where}: field must be a text")
            field = ""
        sources = raw.get("sources", [])
        if not isinstance(sources, list):
            reader.problems.append(f"{where}: sources must be a list")
            sources = []
        checked_sources = tuple(s for s in (_check_source(s, where, reader) for s in sources) if s)
        title = reader.text(raw.get("title"), f"{where}.title")
        note = reader.text(raw["note"], f"{where}.note") if "note" in raw else None
        clauses: list[Clause] = []
        raw_clauses = raw.get("clause", [])
        if not isinstance(raw_clauses, list):
            raw_clauses = []
        for number, raw_clause in enumerate(raw_clauses, start=1):
            clause_where = f"{where}, clause {number}"
            if not isinstance(raw_clause, Mapping):
                reader.problems.append(f"{clause_where}: is not a table")
                continue
            clause_key = reader.key(raw_clause, clause_where)
            clause_where = f"{where}, clause {clause_key or number}"
            if clause_key and any(c.key == clause_key for c in clauses):
                reader.problems.append(f"{clause_where}: the key is used twice in this topic")
            clauses.append(
                Clause(
                    key=clause_key,
                    title=reader.text(raw_clause.get("title"), f"{clause_where}.title"),
                    text=reader.text(raw_clause.get("text"), f"{clause_where}.text", placeholders=True),
                )
            )
        if len(clauses) < MIN_CLAUSES:
            reader.problems.append(
                f"{where}: has {len(clauses)} clause(s); offer at least {MIN_CLAUSES} alternatives to choose from"
            )
        topic = Topic(
            key=key,
            guide=str(guide or ""),
            documents=tuple(documents),
            section=str(section or ""),
            field=field,
            sources=checked_sources,
            title=title,
            note=note,
            clauses=tuple(clauses),
        )
        if field and documents and all(section_for(d, topic.section) for d in documents) and not target_field(topic):
            reader.problems.append(f"{where}: field {field!r} is not a text field of section {section!r}")
        if key:
            topics[key] = topic
    if reader.problems:
        raise ClauseLibraryError(reader.problems)
    return topics


def load(path: Path | None = None) -> dict[str, Topic]:
    path = Path(path or getattr(settings, "MODEL_CLAUSES_FILE", None) or DATA_FILE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ClauseLibraryError([f"cannot read {path.name}: {error}"]) from error
    return parse(data)


@cache
def library() -> dict[str, Topic]:
    return load()


@checks.register()
def check_clauses(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    path = Path(getattr(settings, "MODEL_CLAUSES_FILE", None) or DATA_FILE)
    try:
        load(path)
    except ClauseLibraryError as error:
        return [
            checks.Error(
                f"Model clauses ({path.name}): {problem}",
                hint="See the schema at the top of samenwerkwijzer/agreements/clauses.py.",
                id="agreements.E001",
            )
            for problem in error.problems
        ]
    return []


# --- For the pages ---------------------------------------------------------------


def topics_for(kind, section_key: str) -> list[Topic]:
    """The topics whose clauses belong in this section of this kind of document, in the file's order."""
    kind = str(getattr(kind, "value", kind))
    return [t for t in library().values() if kind in t.documents and t.section == section_key]


def clause(topic_key: str, clause_key: str) -> Clause | None:
    topic = library().get(topic_key)
    return topic.clause(clause_key) if topic else None


def joined_names(names: list[str], language: str) -> str:
    """The names as "A, B en C" (in English "A, B and C")."""
    word = " and " if language_of(language) == "en" else " en "
    names = [n for n in names if n]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + word + names[-1]


def clause_text(clause_: Clause, *, parties: list[str], language: str | None = None) -> str:
    """The clause in the given (default: active) language, with the parties' names filled in."""
    language = language_of(language or get_language())
    return clause_.text.get(language).format(partijen=joined_names(parties, language)).strip()


def section_sources(kind, section_key: str) -> tuple[str, ...]:
    """The questions this section draws on: the sources of its topics, each once (derived from the file)."""
    seen: dict[str, None] = {}
    for topic in topics_for(kind, section_key):
        for source in topic.sources:
            seen.setdefault(source, None)
    return tuple(seen)


@dataclass(frozen=True)
class SourceQuestion:
    """One question of one revealed round, with what each organisation answered."""

    source: str
    instrument: str  # its title
    round_number: int
    revealed_at: Any
    question: str
    answers: tuple[tuple[str, str], ...]  # (organisation name, answer as text)


def revealed_sources(access, sources) -> dict[str, list[SourceQuestion]]:
    """The revealed answers to the given questions, per source, through the blind rule.

    Only the latest revealed round of each instrument counts, and only answers the access may
    read in it (``instruments.access.visible_answer_sets``); a round that is not revealed yet
    shows nothing, not even the user's own answers.
    """
    from samenwerkwijzer.instruments.access import visible_answer_sets
    from samenwerkwijzer.instruments.models import Round

    wanted: dict[str, list[tuple[str, int]]] = {}
    for source in sources:
        match = SOURCE.match(source)
        if match:
            wanted.setdefault(match["instrument"], []).append((source, int(match["number"])))
    result: dict[str, list[SourceQuestion]] = {}
    if not wanted:
        return result
    latest: dict[str, Round] = {}
    for round_ in (
        # An explorer's own match check is between it and the partners, not the partners' answers.
        Round.objects.filter(collaboration=access.collaboration, instrument__in=list(wanted), explorer=None)
        .exclude(revealed_at=None)
        .order_by("instrument", "-number")
    ):
        latest.setdefault(round_.instrument, round_)
    visible = visible_answer_sets(access, list(latest.values())) if latest else {}
    for instrument_key, questions in wanted.items():
        round_ = latest.get(instrument_key)
        if round_ is None:
            continue
        definition = round_.definition
        answer_sets = [a for a in visible.get(round_.pk, []) if a.submitted_at is not None]
        for source, number in questions:
            for item in question_items(definition, number):
                answers = tuple(
                    (a.organisation.name, text)
                    for a in answer_sets
                    if (text := item.display(a.answers.get(item.id)).strip())
                )
                if answers:
                    result.setdefault(source, []).append(
                        SourceQuestion(
                            source=source,
                            instrument=str(definition.title),
                            round_number=round_.number,
                            revealed_at=round_.revealed_at,
                            question=str(item.label),
                            answers=answers,
                        )
                    )
    return result


def sources_for(collaboration, kind, section_key: str, *, access=None) -> list[SourceQuestion]:
    """The revealed answers to the questions that really match this section, in the file's order.

    Without an ``access`` it reads as the whole collaboration may (only what is revealed).
    """
    if access is None:
        from samenwerkwijzer.instruments.access import revealed_reader

        access = revealed_reader(collaboration)
    sources = section_sources(kind, section_key)
    found = revealed_sources(access, sources)
    return [question for source in sources for question in found.get(source, [])]


# --- The panel beside a section ----------------------------------------------------


@dataclass(frozen=True)
class ClauseChoice:
    topic: str
    key: str
    title: str
    text: str  # in the active language, the parties' names filled in

    @property
    def value(self) -> str:
        return f"{self.topic}:{self.key}"


@dataclass(frozen=True)
class TopicPanel:
    key: str
    title: str
    note: str
    guide: str
    field: str
    per_party: bool
    sources: list[SourceQuestion]
    clauses: list[ClauseChoice]


def section_panel(access, kind, section_key: str, *, party_names: list[str]) -> list[TopicPanel]:
    """Per topic of the section: the revealed answers it draws on and its model clauses to choose from."""
    topics = topics_for(kind, section_key)
    if not topics:
        return []
    language = language_of(get_language())
    found = revealed_sources(access, section_sources(kind, section_key))
    panels = []
    for topic in topics:
        field, per_party = target_field(topic) or ("", False)
        panels.append(
            TopicPanel(
                key=topic.key,
                title=topic.title.get(language),
                note=topic.note.get(language) if topic.note else "",
                guide=topic.guide,
                field=field,
                per_party=per_party,
                sources=[question for source in topic.sources for question in found.get(source, [])],
                clauses=[
                    ClauseChoice(
                        topic.key, c.key, c.title.get(language), clause_text(c, parties=party_names, language=language)
                    )
                    for c in topic.clauses
                ],
            )
        )
    return panels


def chosen_clause(kind, section_key: str, value: str) -> tuple[Topic, Clause, int | None] | None:
    """The topic and clause a "use this text" button names (``topic:clause`` or
    ``topic:clause:organisation id``), when it belongs to this section; otherwise None."""
    parts = str(value or "").split(":")
    if len(parts) not in (2, 3):
        return None
    topic = next((t for t in topics_for(kind, section_key) if t.key == parts[0]), None)
    chosen = topic.clause(parts[1]) if topic else None
    if chosen is None:
        return None
    organisation_id = None
    if len(parts) == 3:
        if not parts[2].isdigit():
            return None
        organisation_id = int(parts[2])
    return topic, chosen, organisation_id


def appended(existing: str, text: str) -> str:
    """The clause after what is already there, never in its place."""
    existing = (existing or "").rstrip()
    return f"{existing}\n\n{text}" if existing else text


def clause_title(clause_: Clause, language: str | None = None) -> str:
    return clause_.title.get(language_of(language or get_language()))
