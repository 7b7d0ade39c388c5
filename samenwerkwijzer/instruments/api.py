"""JSON API of the instruments (mounted at /api/v1/instruments).

Answers come only from ``access.visible_answer_sets``: before the reveal a caller sees
its own organisation's answers, observers and outsiders see none. Every operation reads
through ``integrations.api_support.collaboration_access`` (browser session or personal API
token, with the token's limits); an anonymous caller gets a JSON 401. The only writes are the
action items (create; update status, owner and due date), through the pages' own services, by a
write token for the organisation it acts for.
"""

from dataclasses import fields, is_dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.integrations.api_support import (
    API_AUTH,
    ERRORS,
    WRITE_ERRORS,
    PageQuery,
    collaboration_access,
    object_id_field,
    page_of,
    paginate,
)
from samenwerkwijzer.integrations.exports import register_section
from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.organisations.schemas import VerificationOut

from . import definitions, services
from .access import get_action_item_for_access, get_round_for_access, submission_status, visible_answer_sets
from .models import ActionItem, Conclusion, Round

router = Router(tags=["instruments"])


class SubmissionOut(Schema):
    organisation: str = Field(description="The answering organisation's name")
    submitted: bool = Field(description="Whether it has submitted (never what)")
    verification: VerificationOut


class AnswerSetOut(Schema):
    organisation: str = Field(description="The answering organisation's name")
    submitted_at: datetime | None = Field(description="When it submitted; null for a draft (only one's own)")
    verification: VerificationOut
    answers: dict = Field(description="The answers by question id, as stored (see /instruments/definitions)")


class RoundOut(Schema):
    id: int
    instrument: str = Field(description="The instrument's key (see /instruments/definitions)")
    definition_version: int = Field(description="The version of the instrument's definition the round uses")
    number: int = Field(description="The round's number for this instrument in the collaboration")
    opened_at: datetime
    revealed_at: datetime | None = Field(description="When the answers were revealed; null while hidden")
    closed_early_reason: str = Field(description="Why the lead closed the round early (after the reveal); else empty")
    submissions: list[SubmissionOut] = Field(description="Who has submitted (never what)")


class RoundDetailOut(RoundOut):
    answer_sets: list[AnswerSetOut] = Field(
        description="The answers the caller may see: before the reveal only its own organisation's, after it "
        "everyone's submitted answers; an observer sees none before the reveal"
    )


class ConclusionOut(Schema):
    item_id: str = Field(description="The question the conclusion is about")
    question: str = Field(description="The question in plain words")
    text: str = Field(description="The partners' joint conclusion")
    updated_at: datetime


class ActionItemFullOut(Schema):
    id: int
    description: str = Field(description="What needs to happen")
    owner_organisation_id: int = Field(description="The organisation that takes care of it")
    owner_organisation: str = Field(description="Its name")
    owner_person: str | None = Field(description="The person of that organisation who takes it on (work plan)")
    due_date: date | None
    status: str = Field(description="open or done")
    status_label: str = Field(description="The status in plain words")
    overdue: bool = Field(description="Open and past its due date")
    round_id: int | None = Field(description="The round it follows from, if any")
    question: str | None = Field(description="The question of that round it follows from, in plain words")
    work_goal: str | None = Field(description="The work plan's goal it serves, if any")
    created_at: datetime


class ActionItemFilters(Schema):
    status: ActionItem.Status | None = Field(None, description="Only open or only done items")
    owner_organisation: int | None = object_id_field(None, description="Only the items of this organisation (its id)")
    mine: bool = Field(False, description="Only the items the caller takes on personally (work plan: Mine)")
    overdue: bool = Field(False, description="Only open items past their due date (work plan: Overdue)")


class ActionItemIn(Schema):
    description: str = Field(max_length=1000, description="What needs to happen")
    owner_organisation_id: int | None = object_id_field(
        None, description="The participating organisation that takes care of it; default: the one the token acts for"
    )
    due_date: date | None = Field(None, description="When it must be done (today or later); optional")


class ActionItemPatch(Schema):
    status: str | None = Field(None, description="open or done; leave out to keep it")
    owner_organisation_id: int | None = object_id_field(
        None, description="Another participating organisation; leave out to keep"
    )
    due_date: date | None = Field(
        None, description="A new due date (today or later, or the unchanged one); null clears it; leave out to keep"
    )


def _plain(value):
    if isinstance(value, definitions.Text):
        return {"nl": value.nl, "en": value.en}
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value) if not f.name.startswith("_")}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _verifications(status: dict[int, list[dict]]) -> dict[int, dict]:
    """Each answering organisation's verification, in one query (the ids come from the rounds' status)."""
    ids = {s["organisation_id"] for rows in status.values() for s in rows}
    return {o.pk: o.verification_dict() for o in Organisation.objects.filter(pk__in=ids)}


def _round_out(round_: Round, status: list[dict], verifications: dict[int, dict]) -> dict:
    return {
        "id": round_.pk,
        "instrument": round_.instrument,
        "definition_version": round_.definition_version,
        "number": round_.number,
        "opened_at": round_.opened_at,
        "revealed_at": round_.revealed_at,
        "closed_early_reason": round_.closed_early_reason if round_.is_revealed() else "",
        "submissions": [
            {
                "organisation": s["organisation_name"],
                "submitted": s["submitted"],
                "verification": verifications[s["organisation_id"]],
            }
            for s in status
        ],
    }


def _round_detail_out(access: CollaborationAccess, round_: Round) -> dict:
    answer_sets = visible_answer_sets(access, round_)[round_.pk]
    status = submission_status([round_])
    verifications = _verifications(status)
    return {**_round_out(round_, status[round_.pk], verifications), "answer_sets": _answer_sets_out(answer_sets)}


def _answer_sets_out(answer_sets) -> list[dict]:
    return [
        {
            "organisation": a.organisation.name,
            "submitted_at": a.submitted_at,
            "answers": a.answers,
            "verification": a.organisation.verification_dict(),
        }
        for a in answer_sets
    ]


def _rounds(access: CollaborationAccess) -> list[Round]:
    return list(Round.objects.filter(collaboration=access.collaboration).order_by("instrument", "number"))


def _conclusions(round_: Round) -> list[dict]:
    """The joint conclusions of a revealed round, in the order of its questions (none before the reveal)."""
    if not round_.is_revealed():
        return []
    instrument = round_.definition
    order = {item.id: index for index, item in enumerate(instrument.items)}
    found = sorted(Conclusion.objects.filter(round=round_), key=lambda c: (order.get(c.item_id, len(order)), c.pk))
    return [
        {
            "item_id": c.item_id,
            "question": str(instrument.item(c.item_id).label) if instrument.item(c.item_id) else c.item_id,
            "text": c.text,
            "updated_at": c.updated_at,
        }
        for c in found
    ]


def action_item_out(action: ActionItem, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    question = None
    if action.round is not None and ":" in action.source:
        try:
            item = action.round.definition.item(action.source.split(":", 1)[1])
        except LookupError:
            item = None
        question = str(item.label) if item else None
    return {
        "id": action.pk,
        "description": action.description,
        "owner_organisation_id": action.owner_organisation_id,
        "owner_organisation": action.owner_organisation.name,
        "owner_person": action.owner_person.display_name if action.owner_person else None,
        "due_date": action.due_date,
        "status": action.status,
        "status_label": str(action.get_status_display()),
        "overdue": action.status == ActionItem.Status.OPEN and action.due_date is not None and action.due_date < today,
        "round_id": action.round_id,
        "question": question,
        "work_goal": action.work_goal.title if action.work_goal else None,
        "created_at": action.created_at,
    }


def _action_items(access: CollaborationAccess):
    return ActionItem.objects.filter(collaboration=access.collaboration).select_related(
        "owner_organisation", "owner_person", "round", "work_goal"
    )


def _as_sent(error: ValidationError) -> ValidationError:
    """The service's field errors keyed by the fields the client sent (``owner_organisation_id``)."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {INPUT_NAMES.get(name, name): errors for name, errors in error.error_dict.items()}
    return ValidationError(renamed)


INPUT_NAMES = {"owner_organisation": "owner_organisation_id"}


def _action_item(access: CollaborationAccess, action_pk) -> ActionItem:
    get_action_item_for_access(access, action_pk)  # 404 for an item of another collaboration
    return _action_items(access).get(pk=action_pk)


@router.get("/definitions", response=list[dict], url_name="instruments_definitions")
def definition_list(request):
    """The latest version of every instrument definition, in Dutch and English."""
    return [
        _plain(instrument) for instrument in sorted(definitions.registry().values(), key=lambda i: (i.key, i.version))
    ]


@router.get(
    "/collaborations/{int:pk}/rounds",
    response={200: list[RoundOut], **ERRORS},
    auth=API_AUTH,
    url_name="instruments_rounds",
)
def round_list(request, pk: int):
    """The rounds of a collaboration and who has submitted in each (never what)."""
    access = collaboration_access(request, pk)
    rounds = _rounds(access)
    status = submission_status(rounds)
    verifications = _verifications(status)
    return [_round_out(round_, status[round_.pk], verifications) for round_ in rounds]


@router.get(
    "/collaborations/{int:pk}/rounds/{int:round_pk}",
    response={200: RoundDetailOut, **ERRORS},
    auth=API_AUTH,
    url_name="instruments_round",
)
def round_detail(request, pk: int, round_pk: int):
    """One round with the answers the caller may see: its own before the reveal, all submitted after."""
    access = collaboration_access(request, pk)
    return _round_detail_out(access, get_round_for_access(access, round_pk))


@router.get(
    "/collaborations/{int:pk}/rounds/{int:round_pk}/answers",
    response={200: page_of(AnswerSetOut), **ERRORS},
    auth=API_AUTH,
    url_name="instruments_round_answers",
)
def round_answers(request, pk: int, round_pk: int, page: Query[PageQuery]):
    """The answer sets of a round as the round page shows them: before the reveal only the caller's own
    organisation's (an observer: none), after the reveal every submitted one."""
    access = collaboration_access(request, pk)
    round_ = get_round_for_access(access, round_pk)
    result = paginate(visible_answer_sets(access, round_)[round_.pk], page)
    return {**result, "results": _answer_sets_out(result["results"])}


@router.get(
    "/collaborations/{int:pk}/rounds/{int:round_pk}/conclusions",
    response={200: page_of(ConclusionOut), **ERRORS},
    auth=API_AUTH,
    url_name="instruments_round_conclusions",
)
def round_conclusions(request, pk: int, round_pk: int, page: Query[PageQuery]):
    """The partners' joint conclusions on the questions of a revealed round (none before the reveal)."""
    access = collaboration_access(request, pk)
    return paginate(_conclusions(get_round_for_access(access, round_pk)), page)


@router.get(
    "/collaborations/{int:pk}/action-items",
    response={200: page_of(ActionItemFullOut), **ERRORS},
    auth=API_AUTH,
    url_name="instruments_action_items",
)
def action_item_list(request, pk: int, page: Query[PageQuery], filters: Query[ActionItemFilters]):
    """The collaboration's action items in the pages' order (by status, then due date), with the work plan's
    filters."""
    access = collaboration_access(request, pk)
    today = timezone.localdate()
    actions = _action_items(access)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.owner_organisation is not None:
        actions = actions.filter(owner_organisation_id=filters.owner_organisation)
    if filters.mine:
        actions = actions.filter(owner_person=request.user)
    if filters.overdue:
        actions = actions.filter(status=ActionItem.Status.OPEN, due_date__lt=today)
    actions = actions.order_by("status", "due_date", "id")
    return paginate(actions, page, serialise=lambda action: action_item_out(action, today))


@router.post(
    "/collaborations/{int:pk}/action-items",
    response={201: ActionItemFullOut, **WRITE_ERRORS},
    auth=API_AUTH,
    url_name="instruments_action_items",
)
def action_item_create(request, pk: int, body: ActionItemIn):
    """Add an action item for the organisation the token acts for (or another participating one).

    Needs a write token; an observer or an archived collaboration gets 403."""
    access = collaboration_access(request, pk, write=True)
    owner = body.owner_organisation_id if body.owner_organisation_id is not None else access.organisation.pk
    try:
        action = services.action_item_create(
            access=access, description=body.description, owner_organisation_id=owner, due_date=body.due_date
        )
    except ValidationError as error:
        raise _as_sent(error) from error
    return Status(201, action_item_out(_action_item(access, action.pk)))


@router.get(
    "/collaborations/{int:pk}/action-items/{int:action_pk}",
    response={200: ActionItemFullOut, **ERRORS},
    auth=API_AUTH,
    url_name="instruments_action_item",
)
def action_item_detail(request, pk: int, action_pk: int):
    """One action item."""
    access = collaboration_access(request, pk)
    return action_item_out(_action_item(access, action_pk))


@router.patch(
    "/collaborations/{int:pk}/action-items/{int:action_pk}",
    response={200: ActionItemFullOut, **WRITE_ERRORS},
    auth=API_AUTH,
    url_name="instruments_action_item",
)
def action_item_update(request, pk: int, action_pk: int, body: ActionItemPatch):
    """Change the status, the owner organisation and/or the due date; what is left out stays."""
    access = collaboration_access(request, pk, write=True)
    action = get_action_item_for_access(access, action_pk)
    try:
        services.action_item_update(
            access=access,
            action=action,
            status=body.status,
            owner_organisation_id=body.owner_organisation_id,
            set_due_date="due_date" in body.model_fields_set,
            due_date=body.due_date,
        )
    except ValidationError as error:
        raise _as_sent(error) from error
    return action_item_out(_action_item(access, action_pk))


# --- The collaboration export ------------------------------------------------

register_section("rounds", lambda access: [_round_detail_out(access, r) for r in _rounds(access)])
register_section(
    "conclusions",
    lambda access: [{"round_id": r.pk, **c} for r in _rounds(access) for c in _conclusions(r)],
)
register_section("action_items", lambda access: [action_item_out(a) for a in _action_items(access)])
