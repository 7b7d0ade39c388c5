"""The canvas's bookkeeping, shared by every way a note changes (typed, prefilled, merged from a
blind round): find or make the canvas, and record each change with the revision it produced.

Callers run inside their own ``transaction.atomic`` service and lock the canvas first
(``canvas_for_update``), so two partners' changes get distinct revisions in order.
"""

from django.utils import timezone

from .models import Canvas, CanvasChange, CanvasNote


def canvas_for_update(collaboration) -> Canvas:
    """The collaboration's canvas, made on first use, locked for the rest of the transaction."""
    Canvas.objects.get_or_create(collaboration=collaboration)
    return Canvas.objects.select_for_update().get(collaboration=collaboration)


def record_change(
    canvas: Canvas,
    *,
    action: str,
    block: str,
    user,
    organisation_name: str = "",
    note: CanvasNote | None = None,
    before: str = "",
    after: str = "",
    details: dict | None = None,
) -> CanvasChange:
    """Raise the canvas's revision and keep who changed what (``CanvasChange.Action``)."""
    canvas.revision += 1
    canvas.updated_at = timezone.now()
    canvas.save(update_fields=["revision", "updated_at"])
    return CanvasChange.objects.create(
        canvas=canvas,
        revision=canvas.revision,
        action=action,
        block=block,
        note_id=note.pk if note is not None else None,
        before=before,
        after=after,
        details=details or {},
        user=user,
        user_name=user.display_name if user is not None else "",
        organisation_name=organisation_name,
    )
