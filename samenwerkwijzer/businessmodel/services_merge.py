"""Merging the canvases of a revealed blind round into the collaboration's joint canvas."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.access import visible_answer_sets
from samenwerkwijzer.instruments.models import Round

from . import merge
from .history import canvas_for_update, record_change
from .models import Block, CanvasChange, CanvasNote


def round_differences(access: CollaborationAccess, round_: Round, joint: dict[str, list[str]]):
    """The revealed canvases of the round compared per block (only what the blind rule lets through)."""
    canvases = [
        (merge.Writer(answer_set.organisation_id, answer_set.organisation.name), answer_set.answers or {})
        for answer_set in visible_answer_sets(access, round_)[round_.pk]
        if answer_set.is_submitted()
    ]
    return merge.differences(Block.values, canvases, joint)


def joint_texts(collaboration) -> dict[str, list[str]]:
    """The texts on the joint canvas per block (empty when there is no canvas yet)."""
    joint: dict[str, list[str]] = {}
    for block, text in CanvasNote.objects.filter(canvas__collaboration=collaboration).values_list("block", "text"):
        joint.setdefault(block, []).append(text)
    return joint


@transaction.atomic
def canvas_merge(*, access: CollaborationAccess, round: Round, chosen: dict[str, list[str]], user) -> list[CanvasNote]:
    """Add the chosen notes of a revealed blind canvas round to the joint canvas.

    Each note keeps the organisation that wrote it (the first, when several did); a note the joint
    canvas already has (compared like notes are, ``merge.normalise``) is never added twice.
    Returns the notes added.
    """
    if not access.can_write or access.participant is None or access.is_explorer or access.must_choose:
        raise PermissionDenied
    if round.collaboration_id != access.collaboration.pk or round.instrument != definitions.BUSINESSMODEL:
        raise ValidationError({"__all__": _("This round is not a blind canvas round of this collaboration.")})
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if not round_.is_revealed():
        raise ValidationError({"__all__": _("Not every organisation has filled in its canvas yet.")})
    if not any(texts for texts in chosen.values()):
        raise ValidationError({"__all__": _("Choose at least one note to add to the joint canvas.")})
    canvas = canvas_for_update(access.collaboration)
    blocks = {item.block: item for item in round_differences(access, round_, joint_texts(access.collaboration))}
    picked = []
    for block, texts in chosen.items():
        if block not in blocks:
            raise ValidationError({"__all__": _("This block is not part of the canvas.")})
        for text in texts:
            note = blocks[block].find(text)
            if note is None:
                raise ValidationError({block: _("This note was not written in this round.")})
            picked.append((block, note))
    on_canvas = {(block, merge.normalise(text)) for block, text in canvas.notes.values_list("block", "text")}
    positions = dict(
        canvas.notes.order_by().values("block").annotate(last=Max("position")).values_list("block", "last")
    )
    added = []
    for block, note in picked:
        if (block, note.key) in on_canvas:
            continue
        on_canvas.add((block, note.key))
        positions[block] = positions.get(block, -1) + 1
        writer = note.writers[0]
        canvas_note = CanvasNote.objects.create(
            canvas=canvas,
            block=block,
            text=note.text,
            position=positions[block],
            organisation_id=writer.id,
            organisation_name=writer.name,
            source=f"merge:{round_.number}",
            created_by=user,
            updated_by=user,
        )
        record_change(
            canvas,
            action=CanvasChange.Action.MERGE,
            block=block,
            user=user,
            organisation_name=access.organisation.name,
            note=canvas_note,
            after=canvas_note.text,
            details={"round": round_.number},
        )
        added.append(canvas_note)
    return added
