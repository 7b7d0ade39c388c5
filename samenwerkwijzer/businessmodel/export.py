"""The canvas's part of the collaboration export ZIP (``integrations.exports``): the nine blocks
with their notes, as the API gives them, and the versions (who changed what)."""

from samenwerkwijzer.integrations.exports import register_section

from .selectors_canvas import changes_of


def change_out(change) -> dict:
    return {
        "revision": change.revision,
        "action": change.action,
        "block": change.block,
        "note_id": change.note_id,
        "before": change.before,
        "after": change.after,
        "details": change.details,
        "user_name": change.user_name,
        "organisation_name": change.organisation_name,
        "created_at": change.created_at.isoformat(),
    }


def canvas_section(access) -> dict:
    from .api_canvas import CanvasOut, canvas_out

    return {
        **CanvasOut.model_validate(canvas_out(access)).model_dump(mode="json"),
        "changes": [change_out(change) for change in changes_of(access)],
    }


def register() -> None:
    register_section("canvas", canvas_section)
