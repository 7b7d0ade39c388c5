"""From an assignment in the database to the solver's input, and back: ``propose_for`` and
``replacements_for`` are what the assignment pages call.

- Needs: the assignment's ``AssignmentNeed`` rows (expertise, person-days).
- Candidates: the network's active members (``left_at`` empty) with at least one needed expertise.
  * capacity: the member's ``Offer`` for this assignment when they made one; otherwise their free
    working days in the period (``rules.capacity_days`` from their availability) minus the days
    they already committed elsewhere: roles of invited or accepted team invitations on other
    assignments (not cancelled) that overlap the period, each counted pro rata to the working
    days that overlap (rounded up);
  * day rate: their own day rate, else the middle of their rate band (low € 500, middle € 750,
    high € 1,000: ``BAND_RATES``), else unknown;
  * distance: between the member's home postcode area and the assignment's (``rules.pc4_distance_km``);
  * recent days: the days of their roles on teams they said yes to, on assignments (not
    cancelled) that ended in the last 12 months or are running today; this assignment not counted.
- Wishes: the bringer's objective; ``max_km`` measured from the assignment's postcode area (when
  the assignment has no postcode area the wish cannot be measured and is not applied: the
  assignment form asks for the area with it); ``max_people``; "I take part myself" makes the
  bringer required; members who said no or were withdrawn are excluded, as are members who left;
  accepted roles are fixed.
"""

import math
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from . import rules
from .models import Assignment, NetworkMember, RateBand, TeamInvitation, TeamRole
from .solver import Candidate, Need, Placement, Proposal, Replacement, Wishes, best_replacements, propose_team

BAND_RATES = {RateBand.LOW: Decimal(500), RateBand.MIDDLE: Decimal(750), RateBand.HIGH: Decimal(1000)}
COMMITTING = (TeamInvitation.Status.INVITED, TeamInvitation.Status.ACCEPTED)
RECENT = timedelta(days=365)


def needs_for(assignment: Assignment) -> list[Need]:
    return [Need(expertise_id=n.expertise_id, days=n.days) for n in assignment.needs.order_by("expertise_id")]


def day_rate_of(member: NetworkMember) -> Decimal | None:
    if member.day_rate is not None:
        return member.day_rate
    return BAND_RATES.get(member.rate_band)


def _committed_elsewhere(assignment: Assignment, member_ids: list[int]) -> dict[int, int]:
    """Days committed to other overlapping assignments, pro rata to the overlapping working days."""
    roles = (
        TeamRole.objects.filter(
            invitation__member_id__in=member_ids,
            invitation__status__in=COMMITTING,
            invitation__assignment__starts_on__lte=assignment.ends_on,
            invitation__assignment__ends_on__gte=assignment.starts_on,
        )
        .exclude(invitation__assignment=assignment)
        .exclude(invitation__assignment__status=Assignment.Status.CANCELLED)
        .values_list(
            "invitation__member_id", "days", "invitation__assignment__starts_on", "invitation__assignment__ends_on"
        )
    )
    committed: dict[int, int] = {}
    for member_id, days, starts_on, ends_on in roles:
        whole = len(rules.working_days(starts_on, ends_on))
        shared = len(rules.working_days(max(starts_on, assignment.starts_on), min(ends_on, assignment.ends_on)))
        share = days if whole == 0 else math.ceil(days * shared / whole)
        committed[member_id] = committed.get(member_id, 0) + share
    return committed


def _recent_days(assignment: Assignment, member_ids: list[int], today: date) -> dict[int, int]:
    roles = (
        TeamRole.objects.filter(
            invitation__member_id__in=member_ids,
            invitation__status=TeamInvitation.Status.ACCEPTED,
            invitation__assignment__ends_on__gte=today - RECENT,
            invitation__assignment__starts_on__lte=today,
        )
        .exclude(invitation__assignment=assignment)
        .exclude(invitation__assignment__status=Assignment.Status.CANCELLED)
        .values_list("invitation__member_id", "days")
    )
    recent: dict[int, int] = {}
    for member_id, days in roles:
        recent[member_id] = recent.get(member_id, 0) + days
    return recent


def candidates_for(assignment: Assignment, *, today: date | None = None) -> dict[int, Candidate]:
    """Every active member with at least one needed expertise, keyed by member id."""
    today = today or timezone.localdate()
    need_ids = set(assignment.needs.values_list("expertise_id", flat=True))
    members = list(
        assignment.network.members.filter(left_at__isnull=True, expertises__in=need_ids)
        .distinct()
        .prefetch_related("expertises", "availability")
        .order_by("pk")
    )
    ids = [m.pk for m in members]
    offers = dict(assignment.offers.filter(member_id__in=ids).values_list("member_id", "days"))
    committed = _committed_elsewhere(assignment, ids)
    recent = _recent_days(assignment, ids, today)
    result = {}
    for member in members:
        capacity = _capacity(member, assignment, offers.get(member.pk), committed.get(member.pk, 0))
        result[member.pk] = Candidate(
            member_id=member.pk,
            expertise_ids=frozenset(e.pk for e in member.expertises.all()),
            capacity_days=capacity,
            day_rate=day_rate_of(member),
            distance_km=rules.pc4_distance_km(member.home_pc4, assignment.location_pc4),
            recent_days=recent.get(member.pk, 0),
        )
    return result


def _capacity(member: NetworkMember, assignment: Assignment, offer: int | None, committed: int) -> int:
    if offer is not None:
        return offer
    periods = [
        rules.Period(kind=a.kind, starts_on=a.starts_on, ends_on=a.ends_on, days_per_week=a.days_per_week)
        for a in member.availability.all()
    ]
    return rules.free_days(periods, assignment.starts_on, assignment.ends_on, committed=committed)


def free_days(member: NetworkMember, assignment: Assignment) -> int:
    """The days ``member`` has for ``assignment`` now: their offer, else availability minus commitments
    elsewhere (exactly what the proposal counted with)."""
    offer = assignment.offers.filter(member=member).values_list("days", flat=True).first()
    committed = _committed_elsewhere(assignment, [member.pk]).get(member.pk, 0)
    return _capacity(member, assignment, offer, committed)


def wishes_for(assignment: Assignment) -> Wishes:
    invitations = list(assignment.team.select_related("member").prefetch_related("roles__need"))
    excluded = {
        i.member_id
        for i in invitations
        if i.status in (TeamInvitation.Status.DECLINED, TeamInvitation.Status.WITHDRAWN) or not i.member.is_active
    }
    # Accepted roles are kept, and so are roles still awaiting an answer: a new proposal is only
    # for the roles that are really open.
    fixed = tuple(
        Placement(member_id=i.member_id, expertise_id=r.need.expertise_id, days=r.days)
        for i in invitations
        if i.status in (TeamInvitation.Status.ACCEPTED, TeamInvitation.Status.INVITED) and i.member_id not in excluded
        for r in i.roles.all()
    )
    bringer = assignment.brought_in_by
    required = frozenset({bringer.pk}) if assignment.include_bringer and bringer.is_active else frozenset()
    return Wishes(
        objective=assignment.objective,
        max_km=float(assignment.max_km) if assignment.max_km is not None and assignment.location_pc4 else None,
        max_people=assignment.max_people,
        required_member_ids=required - excluded,
        excluded_member_ids=frozenset(excluded),
        fixed=fixed,
    )


def _limit(time_limit: float | None) -> float:
    return settings.NETWORK_SOLVER_TIME_LIMIT if time_limit is None else time_limit


def propose_for(
    assignment: Assignment, *, today: date | None = None, time_limit: float | None = None
) -> tuple[Proposal, dict[int, Candidate]]:
    """The best team for the assignment as it stands, with the candidates it was chosen from."""
    candidates = candidates_for(assignment, today=today)
    proposal = propose_team(
        needs_for(assignment), list(candidates.values()), wishes_for(assignment), time_limit=_limit(time_limit)
    )
    return proposal, candidates


def replacements_for(
    assignment: Assignment, proposal: Proposal, *, today: date | None = None, time_limit: float | None = None
) -> dict[int, Replacement]:
    """For every member of ``proposal``: the best team without them, the rest of the team kept."""
    candidates = candidates_for(assignment, today=today)
    return best_replacements(
        needs_for(assignment),
        list(candidates.values()),
        wishes_for(assignment),
        proposal,
        time_limit=_limit(time_limit),
    )
