"""Changing the joint canvas: add, edit, move and remove notes, and prefill a block.

Every change locks the canvas (``history.canvas_for_update``) and is recorded with the revision it
produced (``history.record_change``). Nobody silently overwrites another's change: an edit or a
removal names the note's version it started from, a move the canvas revision; when someone else
changed it meanwhile, ``NoteConflict`` (or ``CanvasConflict``) is raised and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess

from . import prefill
from .history import canvas_for_update, record_change
from .models import Block, CanvasChange, CanvasNote

MAX_NOTE_LENGTH = 500
UP, DOWN = "up", "down"


class NoteConflict(Exception):
    """Someone else changed (``current``) or removed (``current`` is None) the note meanwhile."""

    def __init__(self, *, current: CanvasNote | None, mine: str = ""):
        self.current = current
        self.mine = mine
        super().__init__("the note was changed meanwhile")


class CanvasConflict(Exception):
    """The canvas changed since the page was opened (a move names the revision it started from)."""

    def __init__(self, *, revision: int):
        self.revision = revision
        super().__init__(f"the canvas is at revision {revision}")


def clean_note_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note: it is empty.")})
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep a note to at most %(max)s characters (this one has %(count)s).")
                % {"max": MAX_NOTE_LENGTH, "count": len(text)}
            }
        )
    return text


def _check_block(block: str) -> str:
    if block not in Block.values:
        raise ValidationError({"block": _("Choose one of the nine blocks of the canvas.")})
    return block


def _organisation_name(access: CollaborationAccess) -> str:
    return access.organisation.name


def _next_position(canvas, block: str) -> int:
    last = CanvasNote.objects.filter(canvas=canvas, block=block).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _note_for_update(canvas, note_pk) -> CanvasNote | None:
    return CanvasNote.objects.select_for_update().filter(canvas=canvas, pk=note_pk).first()


def _renumber(canvas, block: str) -> None:
    for position, note in enumerate(CanvasNote.objects.filter(canvas=canvas, block=block)):
        if note.position != position:
            CanvasNote.objects.filter(pk=note.pk).update(position=position)


def _new_note(access, canvas, *, block: str, text: str, user, source: str = "") -> CanvasNote:
    return CanvasNote.objects.create(
        canvas=canvas,
        block=block,
        text=text,
        position=_next_position(canvas, block),
        organisation=access.organisation,
        organisation_name=_organisation_name(access),
        source=source,
        created_by=user,
        updated_by=user,
    )


@transaction.atomic
def note_add(*, access: CollaborationAccess, block: str, text: str, user) -> CanvasNote:
    """A new note at the end of ``block``, in the name of the organisation the user acts for."""
    _check_block(block)
    text = clean_note_text(text)
    canvas = canvas_for_update(access.collaboration)
    note = _new_note(access, canvas, block=block, text=text, user=user)
    record_change(
        canvas,
        action=CanvasChange.Action.ADD,
        block=block,
        user=user,
        organisation_name=_organisation_name(access),
        note=note,
        after=text,
    )
    return note


@transaction.atomic
def note_edit(*, access: CollaborationAccess, note_pk: int, text: str, version: int, user) -> CanvasNote:
    """Replace the note's text, only when nobody changed it since ``version``."""
    text = clean_note_text(text)
    canvas = canvas_for_update(access.collaboration)
    note = _note_for_update(canvas, note_pk)
    if note is None or note.version != version:
        raise NoteConflict(current=note, mine=text)
    if note.text == text:
        return note
    before = note.text
    note.text = text
    note.version += 1
    note.updated_by = user
    note.updated_at = timezone.now()
    note.save(update_fields=["text", "version", "updated_by", "updated_at"])
    record_change(
        canvas,
        action=CanvasChange.Action.EDIT,
        block=note.block,
        user=user,
        organisation_name=_organisation_name(access),
        note=note,
        before=before,
        after=text,
    )
    return note


@transaction.atomic
def note_move(
    *, access: CollaborationAccess, note_pk: int, revision: int, user, direction: str = "", to_block: str = ""
) -> CanvasNote:
    """Move a note up or down within its block, or to the end of another block.

    The move names the canvas revision the page showed; a different one is a ``CanvasConflict``.
    """
    if to_block:
        _check_block(to_block)
    elif direction not in (UP, DOWN):
        raise ValidationError({"direction": _("Choose up, down or another block.")})
    canvas = canvas_for_update(access.collaboration)
    note = _note_for_update(canvas, note_pk)
    if note is None or canvas.revision != revision:
        raise CanvasConflict(revision=canvas.revision)
    from_block = note.block
    if to_block and to_block != from_block:
        note.block = to_block
        note.position = _next_position(canvas, to_block)
        note.save(update_fields=["block", "position"])
        _renumber(canvas, from_block)
        details = {"from_block": from_block, "to_block": to_block}
    else:
        siblings = list(CanvasNote.objects.filter(canvas=canvas, block=from_block))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == note.pk)
        target = index - 1 if direction == UP else index + 1
        if to_block or not 0 <= target < len(siblings):
            return note  # already first, last or in that block: nothing to do
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            CanvasNote.objects.filter(pk=sibling.pk).update(position=position)
        note.refresh_from_db()
        details = {"direction": direction, "from_position": index, "to_position": target}
    record_change(
        canvas,
        action=CanvasChange.Action.MOVE,
        block=note.block,
        user=user,
        organisation_name=_organisation_name(access),
        note=note,
        before=note.text,
        after=note.text,
        details=details,
    )
    return note


@transaction.atomic
def note_delete(*, access: CollaborationAccess, note_pk: int, version: int, user) -> None:
    """Remove the note, only when nobody changed it since ``version``."""
    canvas = canvas_for_update(access.collaboration)
    note = _note_for_update(canvas, note_pk)
    if note is None or note.version != version:
        raise NoteConflict(current=note)
    block, text = note.block, note.text
    record_change(
        canvas,
        action=CanvasChange.Action.DELETE,
        block=block,
        user=user,
        organisation_name=_organisation_name(access),
        note=note,
        before=text,
    )
    note.delete()
    _renumber(canvas, block)


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


@transaction.atomic
def canvas_prefill(*, access: CollaborationAccess, block: str, user) -> list[CanvasNote]:
    """Add to ``block`` what is already known elsewhere (``prefill.suggestions_for``), never a note
    whose text the block already holds. Returns the notes added (none when there is nothing new)."""
    _check_block(block)
    canvas = canvas_for_update(access.collaboration)
    existing = {
        _same(text) for text in CanvasNote.objects.filter(canvas=canvas, block=block).values_list("text", flat=True)
    }
    added = []
    for suggestion in prefill.suggestions_for(access, block=block):
        text = suggestion.text.strip()[:MAX_NOTE_LENGTH]
        if not text or _same(text) in existing:
            continue
        existing.add(_same(text))
        note = _new_note(access, canvas, block=block, text=text, user=user, source=f"prefill:{suggestion.source}")
        record_change(
            canvas,
            action=CanvasChange.Action.PREFILL,
            block=block,
            user=user,
            organisation_name=_organisation_name(access),
            note=note,
            after=text,
            details={"source": suggestion.source},
        )
        added.append(note)
    return added
