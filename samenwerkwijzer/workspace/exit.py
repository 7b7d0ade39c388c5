"""Ending a collaboration (guide ch. 6: dare to stop) and archiving it read-only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.models import AuditEvent, Collaboration
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.instruments import services as instrument_services

from .models import ExitProcess

FINAL_ROUND_INSTRUMENT = "samenwerkingschecker"


def default_checklist() -> list[str]:
    return [
        _("Agree how each partner leaves and what that means for running work and customers"),
        _("Settle the costs made so far and the last invoices"),
        _("Agree who keeps which results, knowledge, models and rights"),
        _("Tell customers and suppliers who is their contact from now on"),
        _("Return or delete each other's confidential information"),
    ]


def agreement_checklist(collaboration) -> list[str]:
    """The exit scenario of the current agreement as checklist lines, when the agreements app has one."""
    try:
        from samenwerkwijzer.agreements.selectors import exit_scenario_checklist
    except ImportError:
        return []
    return exit_scenario_checklist(collaboration)


@transaction.atomic
def exit_start(*, access: CollaborationAccess, reason: str) -> ExitProcess:
    if not access.can_lead:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say briefly why the collaboration ends; all partners will see it.")})
    Collaboration.objects.select_for_update().get(pk=access.collaboration.pk)
    if ExitProcess.objects.filter(collaboration=access.collaboration).exists():
        raise ValidationError({"__all__": _("The exit has already been started.")})
    lines = agreement_checklist(access.collaboration) or default_checklist()
    final_round = instrument_services.round_open(access=access, instrument_key=FINAL_ROUND_INSTRUMENT)
    process = ExitProcess.objects.create(
        collaboration=access.collaboration,
        reason=reason,
        checklist=[{"text": line, "done_by": "", "done_at": ""} for line in lines],
        final_round=final_round,
        started_by=access.user,
    )
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="exit_started",
        reason=reason,
    )
    return process


@transaction.atomic
def exit_check_item(*, access: CollaborationAccess, index: int, done: bool) -> None:
    if not access.can_write:
        raise PermissionDenied
    process = ExitProcess.objects.select_for_update().get(collaboration=access.collaboration)
    if not 0 <= index < len(process.checklist):
        raise ValidationError({"__all__": _("This checklist item does not exist.")})
    item = process.checklist[index]
    item["done_by"] = access.user.display_name if done else ""
    item["done_at"] = timezone.now().isoformat() if done else ""
    process.save(update_fields=["checklist"])


@transaction.atomic
def exit_record_division(*, access: CollaborationAccess, text: str) -> None:
    if not access.can_lead:
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"results_division": _("Describe how the results so far are divided.")})
    process = ExitProcess.objects.select_for_update().get(collaboration=access.collaboration)
    process.results_division = text
    process.save(update_fields=["results_division"])
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="results_divided",
        text=text[:500],
    )


def archive_blockers(process: ExitProcess) -> list[str]:
    blockers = []
    if not process.checklist_done:
        blockers.append(_("Not every item of the exit checklist is done."))
    if process.final_round is None or not process.final_round.is_revealed():
        blockers.append(_("The final evaluation round is not finished (or closed by the lead)."))
    if not process.results_division.strip():
        blockers.append(_("The division of the results has not been recorded."))
    return blockers


@transaction.atomic
def exit_archive(*, access: CollaborationAccess) -> None:
    if not access.can_lead:
        raise PermissionDenied
    collaboration = Collaboration.objects.select_for_update().get(pk=access.collaboration.pk)
    process = ExitProcess.objects.filter(collaboration=collaboration).select_related("final_round").first()
    if process is None:
        raise ValidationError({"__all__": _("Start the exit first.")})
    if blockers := archive_blockers(process):
        raise ValidationError({"__all__": blockers})
    collaboration.archived_at = timezone.now()
    collaboration.save(update_fields=["archived_at"])
    audit_record(
        collaboration=collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.ARCHIVED,
    )
