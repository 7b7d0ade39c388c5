"""The joint canvas in the API (mounted at /api/v1/business-model).

``GET /collaborations/{pk}/canvas`` gives the nine blocks with their notes, as the page shows
them; ``POST .../canvas/notes`` adds a note and ``PATCH .../canvas/notes/{note_pk}`` changes one,
both through the page's own services (a write token of a participant). A PATCH names the note's
``version``: when someone else changed or removed the note meanwhile, the answer is a 409 problem
and nothing is saved.
"""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from samenwerkwijzer.integrations.api_support import API_AUTH, ERRORS, WRITE_ERRORS, collaboration_access
from samenwerkwijzer.integrations.problems import problem

from . import export, selectors_canvas, services_canvas
from .models import Block, CanvasNote
from .prefill import source_label

router = Router(tags=["business model"])

CANVAS = "/collaborations/{int:pk}/canvas"


class NoteOut(Schema):
    id: int = Field(description="The note's id")
    block: str = Field(description="The block it is in, e.g. value_propositions")
    text: str = Field(description="The note")
    position: int = Field(description="Its place in the block, from 0")
    version: int = Field(description="Raised by every change; send it back with a PATCH")
    organisation_id: int | None = Field(description="The organisation that added it (null once it is gone)")
    organisation_name: str = Field(description="The name of the organisation that added it")
    source: str = Field(description="Where it came from when not typed, e.g. 'prefill:goals'; empty when typed")
    source_label: str = Field(description="That source in words, as the page shows it")
    created_at: datetime
    updated_at: datetime


class BlockOut(Schema):
    key: str = Field(description="The block, e.g. key_partners")
    label: str = Field(description="Its name, in the caller's language")
    question: str = Field(description="The question the block answers, as the page shows it")
    notes: list[NoteOut] = Field(description="Its notes, in order")


class CanvasOut(Schema):
    revision: int = Field(description="Raised by every change of the canvas")
    updated_at: datetime | None = Field(description="When it last changed; null when never")
    blocks: list[BlockOut] = Field(description="The nine blocks in reading order")


class NoteIn(Schema):
    block: Block = Field(description="The block to add the note to")
    text: str = Field(description="The note, at most 500 characters")


class NotePatch(Schema):
    text: str = Field(description="The new text, at most 500 characters")
    version: int = Field(ge=0, description="The note's version this change starts from")


def note_out(note: CanvasNote) -> dict:
    return {
        "id": note.pk,
        "block": note.block,
        "text": note.text,
        "position": note.position,
        "version": note.version,
        "organisation_id": note.organisation_id,
        "organisation_name": note.organisation_name,
        "source": note.source,
        "source_label": source_label(note.source),
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }


def canvas_out(access) -> dict:
    view = selectors_canvas.canvas_view(access)
    return {
        "revision": view.revision,
        "updated_at": view.updated_at,
        "blocks": [
            {
                "key": block.key,
                "label": block.label,
                "question": block.question,
                "notes": [note_out(item.note) for item in block.notes],
            }
            for block in view.blocks
        ],
    }


def _body(request, schema):
    """The JSON body, read after the access check: an outsider learns nothing from a 422."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except PydanticValidationError as error:
        raise NinjaValidationError(
            [
                {"type": e["type"], "loc": ("body", "body", *e["loc"]), "msg": e["msg"]}
                for e in error.errors(include_url=False)
            ]
        ) from None


def _request_body(schema) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}


@router.get(CANVAS, response={200: CanvasOut, **ERRORS}, auth=API_AUTH, url_name="business_model_canvas")
def canvas(request, pk: int):
    """The collaboration's Business Model Canvas: the nine blocks with their notes."""
    access = collaboration_access(request, pk)
    return canvas_out(access)


@router.post(
    CANVAS + "/notes",
    response={201: NoteOut, **WRITE_ERRORS},
    auth=API_AUTH,
    url_name="business_model_canvas_notes",
    openapi_extra=_request_body(NoteIn),
)
def note_add(request, pk: int):
    """Add a note at the end of a block, for the token's organisation. Body: ``{"block", "text"}``."""
    access = collaboration_access(request, pk, write=True)
    body = _body(request, NoteIn)
    note = services_canvas.note_add(access=access, block=body.block.value, text=body.text, user=request.user)
    return Status(201, note_out(note))


@router.patch(
    CANVAS + "/notes/{int:note_pk}",
    response={200: NoteOut, **WRITE_ERRORS},
    auth=API_AUTH,
    url_name="business_model_canvas_note",
    openapi_extra=_request_body(NotePatch),
)
def note_edit(request, pk: int, note_pk: int):
    """Change a note's text. Body: ``{"text", "version"}``; 409 when the note changed since ``version``."""
    access = collaboration_access(request, pk, write=True)
    note = selectors_canvas.get_note_for_access(access, note_pk)
    body = _body(request, NotePatch)
    try:
        note = services_canvas.note_edit(
            access=access, note_pk=note.pk, text=body.text, version=body.version, user=request.user
        )
    except services_canvas.NoteConflict as conflict:
        if conflict.current is None:
            return problem(409, _("Someone else removed this note meanwhile; nothing was saved."))
        return problem(
            409,
            _("Someone else changed this note meanwhile (now version %(version)s); nothing was saved.")
            % {"version": conflict.current.version},
        )
    return note_out(note)


export.register()
