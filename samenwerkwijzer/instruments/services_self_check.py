"""The Zelfcheck: private to one organisation, shared with a collaboration only by choice."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.organisations.models import Membership

from . import definitions
from .models import SelfCheck, SelfCheckShare
from .services import _require_write


@transaction.atomic
def self_check_save(*, membership: Membership, answers: dict, actor) -> SelfCheck:
    """Any member saves the organisation's Zelfcheck. Ticked offers and needs are not checked for completeness."""
    if membership.user_id != actor.pk:
        raise PermissionDenied
    instrument = definitions.get_instrument(definitions.ZELFCHECK)
    if errors := instrument.validate_answers(answers, complete=False):
        raise ValidationError(errors)
    self_check, _created = SelfCheck.objects.select_for_update().get_or_create(
        organisation_id=membership.organisation_id, defaults={"definition_version": instrument.version}
    )
    self_check.answers = {key: value for key, value in answers.items() if not definitions.is_empty(value)}
    self_check.definition_version = instrument.version
    self_check.updated_at = timezone.now()
    self_check.updated_by = actor
    self_check.save(update_fields=["answers", "definition_version", "updated_at", "updated_by"])
    return self_check


@transaction.atomic
def self_check_share(*, access: CollaborationAccess) -> SelfCheckShare:
    """Share (a snapshot of) the acting organisation's Zelfcheck with this collaboration."""
    _require_write(access)
    self_check = SelfCheck.objects.filter(organisation=access.organisation).first()
    if self_check is None or not self_check.answers:
        raise ValidationError({"__all__": _("Your organisation has not filled in its self-check yet.")})
    share, _created = SelfCheckShare.objects.update_or_create(
        organisation=access.organisation,
        collaboration=access.collaboration,
        defaults={
            "definition_version": self_check.definition_version,
            "answers": self_check.answers,
            "shared_by": access.user,
            "shared_at": timezone.now(),
        },
    )
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="self_check_shared",
    )
    return share


@transaction.atomic
def self_check_save_and_share(
    *, membership: Membership, access: CollaborationAccess, answers: dict, actor
) -> SelfCheck:
    """Save the organisation's own Zelfcheck and share it with the collaboration, or do neither.

    The Zelfcheck stays the organisation's one copy (reused in every collaboration); the
    collaboration gets a snapshot. The membership must be of the organisation the user acts for.
    """
    if access.organisation is None or membership.organisation_id != access.organisation.pk:
        raise PermissionDenied
    self_check = self_check_save(membership=membership, answers=answers, actor=actor)
    self_check_share(access=access)
    return self_check


@transaction.atomic
def self_check_unshare(*, access: CollaborationAccess) -> None:
    _require_write(access)
    deleted, _rows = SelfCheckShare.objects.filter(
        organisation=access.organisation, collaboration=access.collaboration
    ).delete()
    if deleted:
        audit_record(
            collaboration=access.collaboration,
            actor=access.user,
            organisation=access.organisation,
            action="self_check_unshared",
        )
