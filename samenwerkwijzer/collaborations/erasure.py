"""Deleting a person's data from collaborations (privacy/registry.py)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from samenwerkwijzer.privacy.pseudonym import addresses, former_user, scrub
from samenwerkwijzer.privacy.registry import Kept, register_erasure

from .models import AuditEvent, Invitation

# The audit trail of approving, signing and sealing a document is evidence of what was agreed.
EVIDENCE_ACTIONS = {
    AuditEvent.Action.LETTER_OF_INTENT_FROZEN,
    AuditEvent.Action.LETTER_OF_INTENT_APPROVED,
    AuditEvent.Action.LETTER_OF_INTENT_SIGNED,
    AuditEvent.Action.LETTER_OF_INTENT_SEALED,
    AuditEvent.Action.AGREEMENT_FROZEN,
    AuditEvent.Action.AGREEMENT_APPROVED,
    AuditEvent.Action.AGREEMENT_SIGNED,
    AuditEvent.Action.AGREEMENT_SEALED,
}


def _about(user):
    query = Q(actor=user)
    for address in addresses(user):
        query |= Q(details__icontains=address)
    if len(user.full_name) >= 3:
        query |= Q(details__icontains=user.full_name)
    return AuditEvent.objects.filter(query)


def describe(user) -> list[Kept]:
    count = _about(user).filter(action__in=EVIDENCE_ACTIONS).count()
    if not count:
        return []
    return [
        Kept(
            what=_(
                "Your name in the log of the collaboration where it records approving, signing or sealing "
                "documents (%(count)s entries)"
            )
            % {"count": count},
            why=_(
                "The audit trail of a signed document is evidence of what was agreed "
                "(art. 17(3)(e) GDPR: establishing, exercising or defending legal claims)."
            ),
        )
    ]


def erase(user) -> list[Kept]:
    kept = describe(user)
    name = former_user()
    Invitation.objects.filter(email__in=addresses(user)).delete()
    # Audit events are append-only for the application; pseudonymising is done in the database.
    for event in _about(user).exclude(action__in=EVIDENCE_ACTIONS):
        changes = {"details": scrub(event.details, user, name)}
        if event.actor_id == user.pk:
            changes["actor_name"] = name
        AuditEvent.objects.filter(pk=event.pk).update(**changes)
    return kept


register_erasure("collaborations", erase, describe)
