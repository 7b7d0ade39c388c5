"""Merging blind canvases: pure rules, no Django.

In a blind canvas round (the instrument "businessmodel") every organisation writes, per block of
the canvas, one point per line. After the reveal those lines become notes, and per block we show
what everyone wrote, what only some wrote (and who), and what is already on the joint canvas.

Two notes are "the same" when they differ only in case, accents, punctuation or whitespace
(``normalise``): "Samen inkopen." and "samen  inkopen" are one note.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

NOTE_LIMIT = 500  # CanvasNote.text's max_length
# A bullet at the start of a line ("- ", "• ", "* ", also "-item"), but not the minus of "-5 %".
_BULLETS = re.compile(r"^(?:[-•*](?!\d)\s*)+")


def split_notes(text: str | None) -> list[str]:
    """One note per line: trimmed, leading bullets removed, empty lines dropped.

    A line longer than a note may be is shortened with "…". Splitting the notes joined by line
    breaks gives the same notes again (idempotent).
    """
    notes = []
    for line in (text or "").splitlines():
        note = _BULLETS.sub("", line.strip()).strip()
        if len(note) > NOTE_LIMIT:
            note = note[: NOTE_LIMIT - 1].rstrip() + "…"
        if note:
            notes.append(note)
    return notes


def normalise(text: str) -> str:
    """The comparison key of a note: without case, accents, punctuation and whitespace."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and not char.isspace() and not unicodedata.category(char).startswith("P")
    )
    key = unicodedata.normalize("NFKC", kept).casefold()
    # A note of punctuation only ("?") still differs from another ("!").
    return key or text.strip()


@dataclass(frozen=True)
class Writer:
    """An organisation whose canvas is compared; ``id`` is the organisation's primary key."""

    id: int
    name: str


@dataclass(frozen=True)
class Note:
    text: str  # as the first organisation that wrote it wrote it
    key: str
    writers: tuple[Writer, ...]  # who wrote it, in the order of the canvases
    everyone: bool  # every organisation wrote it
    on_canvas: bool  # already on the joint canvas

    @property
    def writer_names(self) -> list[str]:
        return [writer.name for writer in self.writers]

    @property
    def preselected(self) -> bool:
        """Offered ticked: what everyone wrote and the joint canvas does not have yet."""
        return self.everyone and not self.on_canvas


@dataclass(frozen=True)
class BlockDifferences:
    block: str
    # Per organisation, its own notes in its own order: (its own wording, the note it belongs to).
    columns: tuple[tuple[Writer, tuple[tuple[str, Note], ...]], ...]
    notes: tuple[Note, ...]  # every distinct note, in order of first appearance
    _by_key: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        self._by_key.update({note.key: note for note in self.notes})

    @property
    def common(self) -> list[Note]:
        return [note for note in self.notes if note.everyone]

    @property
    def partial(self) -> list[Note]:
        return [note for note in self.notes if not note.everyone]

    @property
    def already(self) -> list[Note]:
        return [note for note in self.notes if note.on_canvas]

    def find(self, text: str) -> Note | None:
        """The note this text stands for (compared like notes are), or None."""
        return self._by_key.get(normalise(text))


def differences(
    blocks: Sequence[str],
    canvases: Iterable[tuple[Writer, Mapping[str, str]]],
    joint: Mapping[str, Iterable[str]],
) -> list[BlockDifferences]:
    """Per block, in the given order: each organisation's notes and how they compare.

    ``canvases`` are the organisations' answers (block → text, one point per line);
    ``joint`` the texts already on the joint canvas per block.
    """
    canvases = list(canvases)
    result = []
    for block in blocks:
        on_canvas = {normalise(text) for text in joint.get(block, ())}
        first_text: dict[str, str] = {}
        writers: dict[str, list[Writer]] = {}
        own: list[tuple[Writer, list[tuple[str, str]]]] = []
        for writer, answers in canvases:
            lines: list[tuple[str, str]] = []
            for text in split_notes(answers.get(block)):
                key = normalise(text)
                if any(key == seen for _text, seen in lines):
                    continue  # the same point twice in one canvas counts once
                lines.append((text, key))
                first_text.setdefault(key, text)
                writers.setdefault(key, []).append(writer)
            own.append((writer, lines))
        notes = {
            key: Note(
                text=first_text[key],
                key=key,
                writers=tuple(writers[key]),
                everyone=len(writers[key]) == len(canvases),
                on_canvas=key in on_canvas,
            )
            for key in first_text
        }
        result.append(
            BlockDifferences(
                block=block,
                columns=tuple((writer, tuple((text, notes[key]) for text, key in lines)) for writer, lines in own),
                notes=tuple(notes.values()),
            )
        )
    return result
