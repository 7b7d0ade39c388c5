"""Signed, not yet sealed: the seal added after the last signature, by the job or the lead.

The signatures are the legal fact; the seal is the evidence. When the time-stamping authority (or a
revocation server) is down, slow or answers garbage, the last signature still counts and the version
is "signed, not yet sealed" until the scheduled job (agreements/jobs.py) or the lead adds the seal.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.webhooks.events import AGREEMENT_SEALED, emit

from . import sealing
from .models import Document, Freeze, SealedDocument, SigningEvent
from .services import _event, _require_lead, is_fully_signed

logger = logging.getLogger(__name__)


def awaits_seal(freeze: Freeze) -> bool:
    """Signed by every party, not voided, and not sealed yet."""
    return (
        freeze.voided_at is None
        and not SealedDocument.objects.filter(freeze_id=freeze.pk).exists()
        and is_fully_signed(freeze)
    )


def freezes_awaiting_seal() -> list[Freeze]:
    """Every freeze that is signed by all its parties, not voided and not sealed."""
    candidates = (
        Freeze.objects.filter(voided_at__isnull=True, sealed__isnull=True, signatures__isnull=False)
        .distinct()
        .defer("pdf")
        .order_by("pk")
    )
    return [freeze for freeze in candidates if is_fully_signed(freeze)]


def seal_in_savepoint(freeze: Freeze) -> SealedDocument:
    # A savepoint of its own: a seal that cannot be made leaves nothing behind, the signatures stay.
    with transaction.atomic():
        return sealing.seal_freeze(freeze)


def record_sealed(
    freeze: Freeze,
    document: Document,
    sealed: SealedDocument,
    *,
    actor=None,
    organisation=None,
    by_lead=False,
    later=True,
):
    # The trail names the lead who pressed the button; otherwise Samenwerkwijzer sealed it.
    _event(
        freeze,
        SigningEvent.Kind.SEALED,
        actor=actor if by_lead else None,
        organisation_name=organisation.name if by_lead else "",
        sealed_sha256=sealed.sha256,
        **({"sealed_after_signing": True} if later else {}),
    )
    audit_record(
        collaboration=document.collaboration,
        actor=actor,
        organisation=organisation,
        action=f"{document.kind}_sealed",
        version=freeze.version.number,
        sealed_sha256=sealed.sha256,
    )
    # A freeze is sealed once: its id makes the event "the same" wherever and however often it is sent.
    emit(document.collaboration, AGREEMENT_SEALED, {"document": document.kind, "version": freeze.version.number, "state": "sealed", "url": site_url("agreements:overview", document.collaboration_id)}, key=f"{AGREEMENT_SEALED}:{freeze.pk}")  # fmt: skip


def _lock_for_seal(freeze: Freeze) -> Freeze:
    Document.objects.select_for_update().get(pk=freeze.document_id)
    return Freeze.objects.select_for_update(of=("self",)).select_related("version", "document").get(pk=freeze.pk)


@transaction.atomic
def seal_awaiting(*, freeze: Freeze) -> SealedDocument | None:
    """The scheduled job: seal a freeze that is signed by all but not sealed; None when there is nothing
    to do (sealed in the meantime, voided). Raises ``sealing.SealNotYetPossible`` or
    ``sealing.SealConfigurationError`` when the seal cannot be made now; nothing is changed then."""
    freeze = _lock_for_seal(freeze)
    if not awaits_seal(freeze):
        return None
    sealed = seal_in_savepoint(freeze)
    record_sealed(freeze, freeze.document, sealed)
    return sealed


@transaction.atomic
def seal_now(*, access: CollaborationAccess, freeze: Freeze) -> SealedDocument:
    """The lead adds the seal to a version every party has signed, now instead of waiting for the job."""
    _require_lead(access)  # the freeze comes from get_freeze_for_access: one of this collaboration's
    freeze = _lock_for_seal(freeze)
    if freeze.voided_at is not None:
        raise ValidationError({"__all__": _("This version was voided by a change, so it is not sealed.")})
    if SealedDocument.objects.filter(freeze_id=freeze.pk).exists():
        raise ValidationError({"__all__": _("This version has already been sealed.")})
    if not is_fully_signed(freeze):
        raise ValidationError(
            {"__all__": _("Not every organisation has signed this version yet; the seal follows the last signature.")}
        )
    try:
        sealed = seal_in_savepoint(freeze)
    except (sealing.SealNotYetPossible, sealing.SealConfigurationError) as error:
        logger.warning("The lead could not seal freeze %s: %s", freeze.pk, error.message)
        raise ValidationError(
            {
                "__all__": _(
                    "The seal could not be added just now: %(reason)s The signatures stay valid; try again "
                    "later, or wait: the seal is also added automatically."
                )
                % {"reason": error.message}
            }
        ) from None
    record_sealed(freeze, freeze.document, sealed, actor=access.user, organisation=access.organisation, by_lead=True)
    return sealed
