"""From an assignment in the database to the solver's input, and the proposal for it."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from samenwerkwijzer.networks import candidates as team
from samenwerkwijzer.networks.models import (
    Assignment,
    AssignmentNeed,
    Availability,
    NetworkMember,
    Offer,
    TeamInvitation,
    TeamRole,
)
from samenwerkwijzer.networks.solver import FEWEST_PEOPLE, INFEASIBLE, LOWEST_COST, OPTIMAL, Placement
from samenwerkwijzer.organisations.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)  # a Tuesday
START, END = date(2026, 12, 7), date(2026, 12, 18)  # two working weeks: 10 working days


@pytest.fixture
def job(net):
    """bob's assignment moved to a fixed period, needing 4 days of Tekstschrijven and 3 of Webdesign."""
    a = net.assignment
    a.starts_on, a.ends_on = START, END
    a.save()
    AssignmentNeed.objects.create(assignment=a, expertise=net.web, days=3)
    return a


def member(net, name, *expertises, pc4="3511", **fields):
    org = Organisation.objects.create(name=name)
    m = NetworkMember.objects.create(network=net.network, organisation=org, home_pc4=pc4, **fields)
    m.expertises.set(expertises)
    return m


def other_assignment(net, starts_on, ends_on, **fields):
    return Assignment.objects.create(
        network=net.network,
        brought_in_by=net.alice_member,
        title="Ander werk",
        client="Klant",
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )


def role(assignment, m, expertise, days, status=TeamInvitation.Status.ACCEPTED):
    need, _ = AssignmentNeed.objects.get_or_create(assignment=assignment, expertise=expertise, defaults={"days": days})
    invitation = TeamInvitation.objects.create(assignment=assignment, member=m, status=status)
    TeamRole.objects.create(invitation=invitation, need=need, days=days)
    return invitation


def test_candidates_are_the_active_members_with_a_needed_expertise(net, job):
    photographer = member(net, "Alleen Foto", net.photography)
    gone = member(net, "Vertrokken", net.writing, left_at=datetime(2026, 11, 1, tzinfo=UTC))
    found = team.candidates_for(job, today=TODAY)
    assert set(found) == {net.alice_member.pk, net.bob_member.pk}
    assert photographer.pk not in found and gone.pk not in found
    bob = found[net.bob_member.pk]
    assert bob.expertise_ids == {net.writing.pk, net.photography.pk}
    assert bob.capacity_days == 10  # no availability stated: every working day
    assert bob.distance_km is not None and bob.distance_km < 10  # 3521 to 3511
    assert found[net.alice_member.pk].distance_km == pytest.approx(0.0)


def test_capacity_is_the_offer_when_made_else_availability_minus_commitments(net, job):
    Availability.objects.create(
        member=net.alice_member, kind=Availability.Kind.AVAILABLE, starts_on=START, ends_on=END, days_per_week=3
    )
    Availability.objects.create(member=net.alice_member, kind=Availability.Kind.BUSY, starts_on=START, ends_on=START)
    # 9 working days x 3/5 = 5 (rounded down)
    assert team.candidates_for(job, today=TODAY)[net.alice_member.pk].capacity_days == 5
    # An invited role on an overlapping assignment: 4 days over 10 working days, 5 of them shared -> 2.
    elsewhere = other_assignment(net, date(2026, 12, 14), date(2026, 12, 25))
    role(elsewhere, net.alice_member, net.web, 4, status=TeamInvitation.Status.INVITED)
    assert team.candidates_for(job, today=TODAY)[net.alice_member.pk].capacity_days == 3
    assert team.free_days(net.alice_member, job) == 3
    # Declined roles, cancelled and non-overlapping assignments do not count.
    cancelled = other_assignment(net, START, END, status=Assignment.Status.CANCELLED)
    role(cancelled, net.alice_member, net.web, 5)
    later = other_assignment(net, date(2027, 1, 4), date(2027, 1, 8))
    role(later, net.alice_member, net.web, 5)
    declined = other_assignment(net, START, END)
    role(declined, net.alice_member, net.web, 5, status=TeamInvitation.Status.DECLINED)
    assert team.free_days(net.alice_member, job) == 3
    Offer.objects.create(assignment=job, member=net.alice_member, days=7)
    assert team.candidates_for(job, today=TODAY)[net.alice_member.pk].capacity_days == 7
    assert team.free_days(net.alice_member, job) == 7


def test_day_rate_is_the_own_rate_else_the_middle_of_the_band(net, job):
    net.bob_member.day_rate = Decimal("640.00")
    net.bob_member.save()
    net.alice_member.rate_band = "high"
    net.alice_member.save()
    banded = member(net, "Midden", net.writing, rate_band="middle")
    unknown = member(net, "Onbekend", net.writing, pc4="")
    found = team.candidates_for(job, today=TODAY)
    assert found[net.bob_member.pk].day_rate == Decimal("640.00")
    assert found[net.alice_member.pk].day_rate == Decimal(1000)
    assert found[banded.pk].day_rate == Decimal(750)
    assert found[unknown.pk].day_rate is None and found[unknown.pk].distance_km is None


def test_recent_days_count_accepted_roles_ended_within_a_year_or_running(net, job):
    running = other_assignment(net, date(2026, 11, 1), date(2026, 12, 31))
    role(running, net.bob_member, net.writing, 6)
    last_spring = other_assignment(net, date(2026, 3, 1), date(2026, 4, 1))
    role(last_spring, net.bob_member, net.writing, 10)
    long_ago = other_assignment(net, date(2025, 1, 1), date(2025, 6, 1))
    role(long_ago, net.bob_member, net.writing, 50)
    future = other_assignment(net, date(2027, 3, 1), date(2027, 3, 5))
    role(future, net.bob_member, net.writing, 5)
    invited_only = other_assignment(net, date(2026, 5, 1), date(2026, 5, 5))
    role(invited_only, net.bob_member, net.writing, 7, status=TeamInvitation.Status.INVITED)
    assert team.candidates_for(job, today=TODAY)[net.bob_member.pk].recent_days == 16


def test_wishes_come_from_the_assignment_and_its_invitations(net, job):
    carol = member(net, "Carol Tekst", net.writing)
    gone = member(net, "Vertrokken Web", net.web)
    job.objective = LOWEST_COST
    job.max_km, job.max_people, job.include_bringer = 25, 3, True
    job.save()
    role(job, carol, net.writing, 2)  # accepted: fixed
    declined = role(job, net.alice_member, net.web, 3, status=TeamInvitation.Status.DECLINED)
    role(job, gone, net.web, 1)
    NetworkMember.objects.filter(pk=gone.pk).update(left_at=datetime(2026, 11, 30, tzinfo=UTC))
    wishes = team.wishes_for(job)
    assert wishes.objective == LOWEST_COST and wishes.max_km == 25.0 and wishes.max_people == 3
    assert wishes.required_member_ids == {net.bob_member.pk}
    assert wishes.excluded_member_ids == {declined.member_id, gone.pk}
    assert wishes.fixed == (Placement(carol.pk, net.writing.pk, 2),)
    job.location_pc4 = ""  # a distance cannot be measured without the area: the wish is not applied
    job.save()
    assert team.wishes_for(job).max_km is None


def test_roles_still_awaiting_an_answer_are_kept_like_accepted_ones(net, job):
    carol = member(net, "Carol Tekst", net.writing)
    role(job, carol, net.writing, 2, status=TeamInvitation.Status.INVITED)
    assert team.wishes_for(job).fixed == (Placement(carol.pk, net.writing.pk, 2),)


def test_propose_for_gives_the_best_team_and_replacements_for_keeps_the_rest(net, job):
    carol = member(net, "Carol Web", net.web, net.writing, pc4="3512")
    net.bob_member.day_rate = Decimal(500)
    net.bob_member.save()
    proposal, found = team.propose_for(job, today=TODAY, time_limit=5)
    assert proposal.status == OPTIMAL
    assert job.objective == FEWEST_PEOPLE and proposal.member_ids == [carol.pk]
    assert set(found) == {net.alice_member.pk, net.bob_member.pk, carol.pk}
    replacements = team.replacements_for(job, proposal, today=TODAY, time_limit=5)
    assert set(replacements) == {carol.pk}
    assert replacements[carol.pk].proposal.member_ids == [net.alice_member.pk, net.bob_member.pk]


def test_propose_for_says_what_is_missing(net, job):
    AssignmentNeed.objects.create(assignment=job, expertise=net.photography, days=30)
    net.bob_member.expertises.set([net.photography])
    proposal, _found = team.propose_for(job, today=TODAY)
    assert proposal.status == INFEASIBLE
    assert proposal.missing == [net.writing.pk]
    assert proposal.shortfall == {net.photography.pk: 20}


def test_a_bringer_who_must_take_part_but_has_no_needed_expertise_blocks_the_team(net, job):
    job.brought_in_by = member(net, "Aanbrenger zonder expertise")
    job.include_bringer = True
    job.save()
    proposal, _found = team.propose_for(job, today=TODAY)
    assert proposal.status == INFEASIBLE and proposal.blocked_required == [job.brought_in_by_id]


def test_a_proposal_uses_the_default_time_limit_from_settings(net, job, settings):
    settings.NETWORK_SOLVER_TIME_LIMIT = 0
    proposal, _found = team.propose_for(job, today=TODAY)
    assert proposal.status == "fallback" and proposal.fallback_reason == "time_limit"
