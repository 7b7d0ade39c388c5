"""Knowledge and rankings shaped for pages and the API, in one language. No Django."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from samenwerkwijzer.lib.bilingual import language_of

from . import advice
from .advice import RankedForm
from .knowledge import ROWS, Fact, Knowledge


@dataclass(frozen=True)
class SourcedText:
    text: str
    section: str
    last_checked: datetime.date

    @classmethod
    def of(cls, fact: Fact, language: str) -> "SourcedText":
        return cls(fact.get(language), fact.section, fact.last_checked)


@dataclass(frozen=True)
class PresentedForm:
    position: int
    form: str
    name: str
    score: int
    blocked: bool
    reasons: list[str]
    warnings: list[str]


def present_ranking(ranking: Sequence[RankedForm], knowledge: Knowledge, language: str) -> list[PresentedForm]:
    language = language_of(language)
    presented = []
    for position, item in enumerate(ranking, start=1):
        form = knowledge.forms.get(item.form)
        if form is None:  # a saved ranking of a form the knowledge file no longer has
            continue
        presented.append(
            PresentedForm(
                position=position,
                form=item.form,
                name=form.name.get(language),
                score=item.score,
                blocked=item.blocked,
                reasons=[knowledge.note_text(note, language) for note in item.reasons if note.code in knowledge.notes],
                warnings=[knowledge.note_text(n, language) for n in item.warnings if n.code in knowledge.notes],
            )
        )
    return presented


@dataclass(frozen=True)
class UnmetHardWishes:
    """Shown at the top of the advice when every form is ruled out: say so, and the ways out."""

    message: SourcedText
    ways_out: list[SourcedText]


def unmet_hard_wishes(
    intake: advice.Intake, ranking: Sequence[RankedForm], knowledge: Knowledge, language: str
) -> UnmetHardWishes | None:
    if advice.hard_wishes_met(ranking):
        return None
    language = language_of(language)
    ways = advice.ways_out(intake, knowledge.profiles)
    return UnmetHardWishes(
        message=SourcedText.of(knowledge.notes["no_form_meets"], language),
        ways_out=[SourcedText.of(knowledge.notes[note.code], language) for note in ways],
    )


@dataclass(frozen=True)
class Column:
    form: str
    short_name: str
    name: str


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list[tuple[Column, SourcedText]]


@dataclass(frozen=True)
class FormNotes:
    column: Column
    notes: list[SourcedText]


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]
    rows: list[Row]
    notes: list[FormNotes]


def comparison(knowledge: Knowledge, forms: Sequence[str], language: str) -> Comparison:
    """The guide's six rows for the chosen forms (in the file's order)."""
    language = language_of(language)
    chosen = [form for key, form in knowledge.forms.items() if key in set(forms)]
    columns = [Column(form.key, form.short_name.get(language), form.name.get(language)) for form in chosen]
    rows = [
        Row(
            key=row,
            label=knowledge.rows[row].get(language),
            cells=[
                (column, SourcedText.of(form.facts[row], language))
                for column, form in zip(columns, chosen, strict=True)
            ],
        )
        for row in ROWS
    ]
    notes = [
        FormNotes(column, [SourcedText.of(note, language) for note in form.notes])
        for column, form in zip(columns, chosen, strict=True)
        if form.notes
    ]
    return Comparison(columns=columns, rows=rows, notes=notes)


def general_texts(knowledge: Knowledge, language: str) -> list[SourcedText]:
    return [SourcedText.of(fact, language) for fact in knowledge.general.values()]


def closing_advice(knowledge: Knowledge, language: str) -> SourcedText:
    return SourcedText.of(knowledge.closing_advice, language)
