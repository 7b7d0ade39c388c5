"""After the reveal: joint conclusions, follow-up action items and agenda proposals."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.lib import dates
from samenwerkwijzer.organisations.models import Membership

from . import definitions
from .models import ActionItem, AgendaProposal, Conclusion, Round
from .services import _lock_round, _participating_organisation_ids, _require_write


def _require_revealed(round_: Round) -> None:
    if not round_.is_revealed():
        raise ValidationError({"__all__": _("This is possible once the answers have been revealed.")})


def conclusion_seen(conclusion: Conclusion | None) -> str:
    """What a writer saw of a conclusion when they started: the moment of its last save ("" for none)."""
    return conclusion.updated_at.isoformat() if conclusion else ""


@transaction.atomic
def conclusion_save(
    *, access: CollaborationAccess, round: Round, item_id: str, text: str, seen: str
) -> Conclusion | None:
    """Store the joint conclusion on one question of a revealed round (empty text removes it).

    ``seen`` is ``conclusion_seen`` of the conclusion the writer started from. Partners write
    conclusions together, often at the same time: when somebody else saved in between, nothing is
    overwritten (code ``conflict``). The moment of the last save tells, also when a conclusion was
    removed and written anew in between.
    """
    _require_write(access)
    round_ = _lock_round(access, round)
    _require_revealed(round_)
    instrument = round_.definition
    if not instrument.conclusions or instrument.item(item_id) is None:
        raise ValidationError({"__all__": _("This question does not exist.")})
    text = (text or "").strip()
    if len(text) > definitions.TEXT_LIMITS[definitions.LONG_TEXT]:
        raise ValidationError({"text": _("Keep it to at most %(limit)s characters.") % {"limit": 4000}})
    if seen != conclusion_seen(Conclusion.objects.filter(round=round_, item_id=item_id).first()):
        raise ValidationError(
            _("Someone else saved this conclusion while you were writing; nothing was overwritten."), code="conflict"
        )
    if not text:
        Conclusion.objects.filter(round=round_, item_id=item_id).delete()
        return None
    conclusion, _created = Conclusion.objects.update_or_create(
        round=round_, item_id=item_id, defaults={"text": text, "updated_by": access.user, "updated_at": timezone.now()}
    )
    return conclusion


@transaction.atomic
def conclusions_save(
    *, access: CollaborationAccess, round: Round, conclusions: dict[str, tuple[str, str]]
) -> dict[str, Conclusion | None]:
    """Store the joint conclusions on several questions of a revealed round at once, all or nothing.

    ``conclusions`` maps a question to ``(text, seen)`` for the boxes the writer changed; each gets
    the checks of ``conclusion_save`` (nobody else saved it meanwhile). When one is refused, none is
    saved and the error names the question, with code ``conflict`` when somebody else saved it."""
    saved, errors = {}, {}
    for item_id, (text, seen) in conclusions.items():
        try:
            saved[item_id] = conclusion_save(access=access, round=round, item_id=item_id, text=text, seen=seen)
        except ValidationError as error:
            code = getattr(error, "code", None)
            errors[item_id] = [ValidationError(message, code=code) for message in error.messages]
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def action_item_create(
    *,
    access: CollaborationAccess,
    description: str,
    owner_organisation_id: int,
    due_date: date | None,
    round: Round | None = None,
    item_id: str = "",
) -> ActionItem:
    """Add an action item to the collaboration's list, optionally as a follow-up of a question."""
    _require_write(access)
    description = (description or "").strip()
    errors = {}
    if not description:
        errors["description"] = _("Describe what needs to happen.")
    if owner_organisation_id not in _participating_organisation_ids(access.collaboration):
        errors["owner_organisation"] = _("Choose one of the participating organisations.")
    if not dates.is_planned_date_allowed(due_date):  # the one date rule (lib/dates.py)
        errors["due_date"] = dates.PAST_DATE_MESSAGE
    source = ""
    if round is not None:
        round_ = _lock_round(access, round)
        _require_revealed(round_)
        if round_.definition.item(item_id) is None:
            errors["__all__"] = _("This question does not exist.")
        source = f"{round_.instrument}:{item_id}"
    if errors:
        raise ValidationError(errors)
    action = ActionItem.objects.create(
        collaboration=access.collaboration,
        description=description,
        owner_organisation_id=owner_organisation_id,
        due_date=due_date,
        source=source,
        round=round,
        created_by=access.user,
    )
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="action_item_created",
        description=description[:200],
    )
    return action


@transaction.atomic
def action_item_set_status(*, access: CollaborationAccess, action: ActionItem, status: str) -> ActionItem:
    _require_write(access)
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    action = ActionItem.objects.select_for_update().get(pk=action.pk, collaboration=access.collaboration)
    if action.status != status:
        action.status = status
        action.save(update_fields=["status"])
    return action


@transaction.atomic
def action_item_update(
    *,
    access: CollaborationAccess,
    action: ActionItem,
    status: str | None = None,
    owner_organisation_id: int | None = None,
    set_due_date: bool = False,
    due_date: date | None = None,
) -> ActionItem:
    """Change an action item's status, owner organisation and/or due date, all or nothing (the JSON API).

    ``None`` keeps the status or owner; the due date changes only with ``set_due_date`` (``None`` then
    clears it). A new owner organisation keeps the owner person only when that person works for it."""
    _require_write(access)
    action = ActionItem.objects.select_for_update().get(pk=action.pk, collaboration=access.collaboration)
    errors = {}
    if status is not None and status not in ActionItem.Status.values:
        errors["status"] = _("Choose a valid status.")
    if owner_organisation_id is not None and owner_organisation_id not in _participating_organisation_ids(
        access.collaboration
    ):
        errors["owner_organisation"] = _("Choose one of the participating organisations.")
    if set_due_date and not dates.is_planned_date_allowed(due_date, previous=action.due_date):
        errors["due_date"] = dates.PAST_DATE_MESSAGE
    if errors:
        raise ValidationError(errors)
    if status is not None:
        action.status = status
    if owner_organisation_id is not None and owner_organisation_id != action.owner_organisation_id:
        action.owner_organisation_id = owner_organisation_id
        if (
            action.owner_person_id
            and not Membership.objects.filter(
                user_id=action.owner_person_id, organisation_id=owner_organisation_id
            ).exists()
        ):
            action.owner_person = None
    if set_due_date:
        action.due_date = due_date
    action.save(update_fields=["status", "owner_organisation", "owner_person", "due_date"])
    return action


@transaction.atomic
def agenda_proposal_add(*, access: CollaborationAccess, round: Round, item_id: str) -> AgendaProposal:
    """Put a statement of a revealed round on the agenda of the next meeting (once)."""
    _require_write(access)
    round_ = _lock_round(access, round)
    _require_revealed(round_)
    item = round_.definition.item(item_id)
    if item is None or not item.is_score:
        raise ValidationError({"__all__": _("This statement does not exist.")})
    proposal, _created = AgendaProposal.objects.get_or_create(
        round=round_,
        item_id=item_id,
        defaults={
            "collaboration": access.collaboration,
            "added_by": access.user,
            "added_by_organisation": access.organisation,
        },
    )
    return proposal


@transaction.atomic
def agenda_proposal_remove(*, access: CollaborationAccess, proposal: AgendaProposal) -> None:
    _require_write(access)
    AgendaProposal.objects.filter(pk=proposal.pk, collaboration=access.collaboration).delete()
