"""Reads for the network's pages, each with a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .access import NetworkAccess
from .models import Assignment, Availability, Expertise, NetworkMember, TeamInvitation

OPEN_ASSIGNMENT_STATUSES = (Assignment.Status.DRAFT, Assignment.Status.FORMING)


def current_availability(member: NetworkMember, today: date) -> Availability | None:
    """The period that covers today, else the next one; None when the member keeps no periods
    (then they count as available on every working day). Uses the prefetched ``availability``."""
    periods = [p for p in member.availability.all() if p.ends_on >= today]
    covering = [p for p in periods if p.starts_on <= today]
    return (covering or periods or [None])[0]


def expertise_counts(network) -> list[Expertise]:
    """The network's expertises, each with ``member_count``: how many active members have it."""
    return list(
        Expertise.objects.filter(network=network).annotate(
            member_count=Count("members", filter=Q(members__left_at__isnull=True), distinct=True)
        )
    )


@dataclass
class Overview:
    open_assignments: list[Assignment]
    expertises: list[Expertise]
    my_team_invitations: list[TeamInvitation]
    member_count: int


def network_overview(access: NetworkAccess) -> Overview:
    network = access.network
    return Overview(
        open_assignments=list(
            Assignment.objects.filter(network=network, status__in=OPEN_ASSIGNMENT_STATUSES)
            .select_related("brought_in_by__organisation")
            .order_by("starts_on", "pk")
        ),
        expertises=expertise_counts(network),
        my_team_invitations=list(
            TeamInvitation.objects.filter(
                member=access.member, assignment__network=network, status=TeamInvitation.Status.INVITED
            ).select_related("assignment")
        ),
        member_count=NetworkMember.objects.filter(network=network, left_at__isnull=True).count(),
    )


def member_rows(network, *, expertise: Expertise | None = None, today: date | None = None) -> list[NetworkMember]:
    """Active members with their expertises and ``current`` availability (see current_availability)."""
    today = today or timezone.localdate()
    members = (
        NetworkMember.objects.filter(network=network, left_at__isnull=True)
        .select_related("organisation")
        .prefetch_related(
            "expertises",
            Prefetch("availability", queryset=Availability.objects.filter(ends_on__gte=today).order_by("starts_on")),
        )
    )
    if expertise is not None:
        members = members.filter(expertises=expertise)
    rows = list(members)
    for member in rows:
        member.current = current_availability(member, today)
    return rows
