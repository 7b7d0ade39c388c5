"""What the networks hold about a person, for "Mijn gegevens downloaden" (privacy/registry.py).

For each network membership of the person's organisations: the membership and its profile
(expertises, SBI codes, rate, home area), the availability periods, the assignments it brought in,
its team invitations with the answers, the evaluations it wrote and its track record in the network.
Plus what the person did themselves (networks started, invitations sent or accepted, agreements
approved) and the invitations to join a network sent to their addresses. Other members' evaluations
and reasons are theirs, not the person's: they are left out.
"""

from django.db.models import Q

from samenwerkwijzer.privacy.pseudonym import addresses
from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about, rows

from .models import (
    AgreementApproval,
    Assignment,
    Availability,
    Evaluation,
    Network,
    NetworkInvitation,
    NetworkMember,
    Offer,
    TeamInvitation,
    TeamRole,
)
from .track_record import track_record


def _record(member: NetworkMember) -> dict:
    record = track_record(member)
    return {
        "opdrachten": record.assignments,
        "dagen": record.days,
        "evaluaties": record.evaluations,
        "gemiddeld_cijfer": str(record.average_grade) if record.average_grade is not None else None,
        "sinds": record.since.isoformat() if record.since else None,
    }


def _membership(member: NetworkMember, user) -> dict:
    invitations = TeamInvitation.objects.filter(member=member).select_related("assignment")
    return {
        "netwerk": member.network.name,
        "organisatie": member.organisation.name,
        "rol_van_de_organisatie": member.get_role_display(),
        "profiel": {
            **rows([member], user)[0],
            "expertises": [e.name for e in member.expertises.all()],
        },
        "beschikbaarheid": rows(Availability.objects.filter(member=member), user),
        "aangebrachte_opdrachten": rows(Assignment.objects.filter(brought_in_by=member), user, exclude=("proposal",)),
        "aanbod_van_dagen": rows(Offer.objects.filter(member=member), user),
        "teamuitnodigingen": [
            {
                **rows([invitation], user)[0],
                "opdracht": invitation.assignment.title,
                "rollen": [
                    {"expertise": role.need.expertise.name, "dagen": role.days}
                    for role in TeamRole.objects.filter(invitation=invitation).select_related("need__expertise")
                ],
            }
            for invitation in invitations
        ],
        "evaluaties": [
            {**rows([evaluation], user)[0], "opdracht": evaluation.assignment.title}
            for evaluation in Evaluation.objects.filter(member=member).select_related("assignment")
        ],
        "staat_van_dienst": _record(member),
    }


def export(user) -> dict:
    organisations = user.memberships.values_list("organisation", flat=True)
    members = (
        NetworkMember.objects.filter(organisation__in=organisations)
        .select_related("network", "organisation")
        .prefetch_related("expertises")
        .order_by("network__name", "pk")
    )
    to_them = Q(accepted_by=user) | Q(invited_by=user)
    for address in addresses(user):
        to_them |= Q(email__iexact=address)
    return {
        "lidmaatschappen": [_membership(member, user) for member in members],
        "gestart": about(Network, user),
        "uitnodigingen_voor_een_netwerk": rows(
            NetworkInvitation.objects.filter(to_them).distinct(),
            user,
        ),
        "goedkeuringen_van_afspraken": about(AgreementApproval, user),
        "ingevoerde_opdrachten": about(Assignment, user, exclude=("proposal",)),
    }


register_export("networks", export)
