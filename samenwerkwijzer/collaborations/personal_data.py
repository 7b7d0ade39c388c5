"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from django.db.models import Q

from samenwerkwijzer.privacy.pseudonym import addresses
from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about, rows

from .models import AuditEvent, Collaboration, ExplorerDecision, Invitation, Observer, Participant


def audit_about(user):
    """Audit entries the person did (actor) or that name them (subject, in the details)."""
    query = Q(actor=user) | Q(details__icontains=user.email)
    if len(user.full_name) >= 3:
        query |= Q(details__icontains=user.full_name)
    return AuditEvent.objects.filter(query).select_related("collaboration")


def export(user) -> dict:
    organisations = user.memberships.values_list("organisation", flat=True)
    participations = Participant.objects.filter(organisation__in=organisations).select_related(
        "collaboration", "organisation"
    )
    audit = []
    own = addresses(user)
    for event in audit_about(user):
        entry = rows([event], user)[0]
        if event.actor_id != user.pk:  # someone else did it: their name is not the person's data
            entry.pop("actor_name", None)
        details = dict(event.details)
        if "email" in details and str(details["email"]).lower() not in own:
            # An invitation or an observer's removal: that address and name are someone else's.
            details.pop("email")
            details.pop("name", None)
        entry["details"] = details
        entry["samenwerking"] = event.collaboration.name
        audit.append(entry)
    return {
        "deelnames": [
            {
                "samenwerking": participant.collaboration.name,
                "organisatie": participant.organisation.name,
                "rol_van_de_organisatie": participant.get_role_display(),
                "sinds": participant.joined_at.isoformat(),
            }
            for participant in participations
        ],
        "meelezer_in": about(Observer, user),
        "gestart": about(Collaboration, user),
        "besluiten_over_verkenners": about(ExplorerDecision, user),
        "uitnodigingen": about(Invitation, user, exclude=("email",)),
        "logboek": audit,
    }


register_export("collaborations", export)
