"""services_assignments: bringing in, offering days, proposing, inviting, answering, cancelling."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from samenwerkwijzer.networks import services_assignments as services
from samenwerkwijzer.networks.access import get_network_for_user
from samenwerkwijzer.networks.models import Assignment, NetworkMember, Offer, TeamInvitation
from samenwerkwijzer.networks.reasons import reason_text
from testsupport.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def access_of(user, net):
    return get_network_for_user(user, net.network.pk)


def data(**changes):
    today = timezone.localdate()
    base = {
        "title": "Campagne Waterschap",
        "client": "Waterschap De Dommel",
        "description": "Een campagne over schoon water.",
        "starts_on": today + timedelta(days=7),
        "ends_on": today + timedelta(days=35),
        "location_pc4": "3511",
        "budget": None,
        "max_km": None,
        "max_people": None,
        "include_bringer": False,
        "objective": "fewest_people",
    }
    base.update(changes)
    return base


def add_member(net, name, *expertises, pc4="3512", rate=None, email=None):
    membership = MembershipFactory(
        organisation=OrganisationFactory(name=name), user=UserFactory(email=email or f"{name.lower()}@example.org")
    )
    member = NetworkMember.objects.create(
        network=net.network, organisation=membership.organisation, home_pc4=pc4, day_rate=rate
    )
    member.expertises.set(expertises)
    return member


def bring_in(personas, net, needs, **changes):
    return services.assignment_create(access=access_of(personas.bob, net), data=data(**changes), needs=needs)


def test_bringing_in_saves_the_assignment_with_its_needs(personas, net):
    assignment = bring_in(personas, net, [(net.writing, 5), (net.web, 3)])
    assert assignment.status == Assignment.Status.DRAFT
    assert assignment.brought_in_by == net.bob_member and assignment.created_by == personas.bob
    assert sorted(assignment.needs.values_list("expertise__name", "days")) == [("Tekstschrijven", 5), ("Webdesign", 3)]


@pytest.mark.parametrize(
    ("changes", "needs", "field"),
    [
        ({"starts_on": timezone.localdate() - timedelta(days=1)}, "writing", "starts_on"),
        ({"ends_on": timezone.localdate() + timedelta(days=3)}, "writing", "ends_on"),
        ({}, None, "needs"),
        ({}, "zero", "needs"),
        ({"include_bringer": True}, "web", "include_bringer"),
        ({"max_people": 0}, "writing", "max_people"),
        ({"max_km": 20, "location_pc4": ""}, "writing", "max_km"),
    ],
)
def test_contradictory_or_impossible_input_is_refused_by_field(personas, net, changes, needs, field):
    choices = {"writing": [(net.writing, 3)], "web": [(net.web, 3)], "zero": [(net.writing, 0)], None: []}
    with pytest.raises(ValidationError) as error:
        bring_in(personas, net, choices[needs], **changes)
    assert field in error.value.error_dict
    assert Assignment.objects.count() == 1  # only the persona assignment


def test_an_expertise_of_another_network_is_refused(personas, net):
    from samenwerkwijzer.networks.models import Expertise

    foreign = Expertise.objects.create(network=net.other_network, name="Geheim")
    with pytest.raises(ValidationError) as error:
        bring_in(personas, net, [(foreign, 2)])
    assert "needs" in error.value.error_dict


def test_a_budget_below_the_cheapest_team_is_refused(personas, net):
    add_member(net, "Goedkoop", net.writing, rate=Decimal("400"))
    add_member(net, "Duur", net.writing, rate=Decimal("900"))
    with pytest.raises(ValidationError) as error:
        bring_in(personas, net, [(net.writing, 5)], budget=Decimal("1999"))
    assert "2.000,00" in error.value.error_dict["budget"][0].message
    assert bring_in(personas, net, [(net.writing, 5)], budget=Decimal("2000")).budget == Decimal("2000")


def test_a_budget_cannot_be_checked_without_day_rates(personas, net):
    assignment = bring_in(personas, net, [(net.web, 5)], budget=Decimal("1"))
    assert assignment.budget == Decimal("1")


def test_the_bringer_with_a_needed_expertise_may_take_part(personas, net):
    assignment = bring_in(personas, net, [(net.writing, 2)], include_bringer=True, max_people=1)
    assert assignment.include_bringer


def test_proposing_places_a_team_with_reasons_and_replacements(personas, net):
    other = add_member(net, "Pen", net.writing, pc4="3512")
    services.assignment_propose(access=access_of(personas.bob, net), assignment=net.assignment)
    net.assignment.refresh_from_db()
    proposal = net.assignment.proposal
    assert proposal["status"] == "optimal" and proposal["number"] == 1 and proposal["people"] == 1
    [entry] = proposal["members"]
    assert entry["roles"] == [{"expertise": "Tekstschrijven", "days": 4}]
    assert entry["replacement"] and entry["replacement"][0]["name"] in {"Pen", net.bob_member.organisation.name}
    assert "Tekstschrijven" in reason_text(entry["facts"])
    [invitation] = TeamInvitation.objects.filter(assignment=net.assignment)
    assert invitation.status == TeamInvitation.Status.PROPOSED and invitation.proposal_number == 1
    assert invitation.reason and list(invitation.roles.values_list("days", flat=True)) == [4]
    assert invitation.member_id in {other.pk, net.bob_member.pk}


def test_a_lone_member_has_no_replacement(personas, net):
    services.assignment_propose(access=access_of(personas.bob, net), assignment=net.assignment)
    net.assignment.refresh_from_db()
    assert net.assignment.proposal["members"][0]["replacement"] is None


def test_an_assignment_nobody_can_cover_says_what_is_missing_and_invites_nobody(personas, net):
    assignment = bring_in(personas, net, [(net.web, 200), (net.photography, 2)])
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now())
    services.assignment_propose(access=access_of(personas.alice, net), assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.proposal["status"] == "infeasible"
    assert [m["name"] for m in assignment.proposal["missing"]] == ["Fotografie"]
    assert assignment.proposal["shortfall"][0]["name"] == "Webdesign"
    assert not assignment.team.exists()


def test_nothing_is_proposed_when_every_role_is_filled_or_the_assignment_is_closed(personas, net):
    bob = access_of(personas.bob, net)
    services.assignment_propose(access=bob, assignment=net.assignment)
    services.team_invite(access=bob, assignment=net.assignment)
    with pytest.raises(ValidationError, match="niets meer voor te stellen"):
        services.assignment_propose(access=bob, assignment=net.assignment)
    services.assignment_cancel(access=bob, assignment=net.assignment)
    with pytest.raises(ValidationError, match="niet meer gevormd"):
        services.assignment_propose(access=bob, assignment=net.assignment)


def test_inviting_mails_the_members_people_and_starts_forming(personas, net, django_capture_on_commit_callbacks):
    bob = access_of(personas.bob, net)
    assignment = bring_in(personas, net, [(net.web, 3)])
    services.assignment_propose(access=bob, assignment=assignment)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.team_invite(access=bob, assignment=assignment) == 1
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FORMING
    invitation = assignment.team.get()
    assert invitation.status == TeamInvitation.Status.INVITED and invitation.invited_at
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "anna@example.org"]
    assert f"/networks/{net.network.pk}/assignments/{assignment.pk}/" in mail.outbox[0].body
    assert "Webdesign" in mail.outbox[0].body


def test_an_inactive_person_gets_no_mail(personas, net, django_capture_on_commit_callbacks):
    personas.anna.is_active = False
    personas.anna.save()
    bob = access_of(personas.bob, net)
    assignment = bring_in(personas, net, [(net.web, 3)])
    services.assignment_propose(access=bob, assignment=assignment)
    with django_capture_on_commit_callbacks(execute=True):
        services.team_invite(access=bob, assignment=assignment)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_inviting_without_a_proposal_or_after_cancelling_is_refused(personas, net):
    bob = access_of(personas.bob, net)
    with pytest.raises(ValidationError, match="laat eerst een team voorstellen"):
        services.team_invite(access=bob, assignment=net.assignment)
    services.assignment_cancel(access=bob, assignment=net.assignment)
    with pytest.raises(ValidationError, match="niet meer gevormd"):
        services.team_invite(access=bob, assignment=net.assignment)


def test_two_bringers_inviting_the_same_member_for_overlapping_periods(personas, net):
    """Both proposals count on alice's days; the second invitation finds them taken and changes nothing."""
    monday = timezone.localdate() + timedelta(days=7)
    monday += timedelta(days=-monday.weekday() % 7)
    period = {"starts_on": monday, "ends_on": monday + timedelta(days=4)}  # five working days
    bob = access_of(personas.bob, net)
    alice = access_of(personas.alice, net)
    first = bring_in(personas, net, [(net.web, 4)], **period)
    second = services.assignment_create(access=alice, data=data(title="Tweede", **period), needs=[(net.web, 3)])
    services.assignment_propose(access=bob, assignment=first)
    services.assignment_propose(access=alice, assignment=second)
    services.team_invite(access=bob, assignment=first)
    with pytest.raises(ValidationError) as error:
        services.team_invite(access=alice, assignment=second)
    assert "een andere uitnodiging was eerder" in error.value.messages[0]
    second.refresh_from_db()
    assert second.status == Assignment.Status.DRAFT
    assert second.team.get().status == TeamInvitation.Status.PROPOSED
    # A new proposal sees the days are gone.
    services.assignment_propose(access=alice, assignment=second)
    second.refresh_from_db()
    assert second.proposal["status"] == "infeasible" and second.proposal["shortfall"][0]["days"] == 2


def test_a_member_who_left_before_the_invitation_is_not_invited(personas, net):
    bob = access_of(personas.bob, net)
    services.assignment_propose(access=bob, assignment=net.assignment)
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(role=NetworkMember.Role.MEMBER)
    other = add_member(net, "Pen", net.writing)
    services.assignment_propose(access=bob, assignment=net.assignment)
    invited = net.assignment.team.get()
    NetworkMember.objects.filter(pk=invited.member_id).update(left_at=timezone.now())
    if invited.member_id == net.bob_member.pk:  # bob can no longer act: the coordinator invites
        bob = access_of(personas.alice, net)
    with pytest.raises(ValidationError, match="het netwerk verlaten"):
        services.team_invite(access=bob, assignment=net.assignment)
    assert other.pk


def test_yes_from_everyone_completes_the_team_and_tells_the_bringer(personas, net, django_capture_on_commit_callbacks):
    bob = access_of(personas.bob, net)
    assignment = bring_in(personas, net, [(net.web, 3)])
    services.assignment_propose(access=bob, assignment=assignment)
    services.team_invite(access=bob, assignment=assignment)
    invitation = assignment.team.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.team_respond(access=access_of(personas.alice, net), invitation=invitation, accept=True, note="")
    assignment.refresh_from_db()
    invitation.refresh_from_db()
    assert invitation.status == TeamInvitation.Status.ACCEPTED and invitation.responded_by == personas.alice
    assert assignment.status == Assignment.Status.TEAM_COMPLETE
    assert [m.to for m in mail.outbox] == [["bob@example.org"]] and "compleet" in mail.outbox[0].subject
    with pytest.raises(ValidationError) as error:
        services.team_respond(access=access_of(personas.alice, net), invitation=invitation, accept=False)
    assert "answer" in error.value.error_dict


def test_a_yes_while_others_still_decide_keeps_the_team_forming(personas, net):
    assignment = bring_in(personas, net, [(net.web, 3), (net.writing, 2)])
    coordinator = access_of(personas.alice, net)  # inviting for bob: bob, the writer, is asked too
    services.assignment_propose(access=coordinator, assignment=assignment)
    services.team_invite(access=coordinator, assignment=assignment)
    assignment.refresh_from_db()
    # alice, the web designer, invited herself and so said yes; bob has not answered yet.
    assert assignment.team.get(member=net.alice_member).status == TeamInvitation.Status.ACCEPTED
    assert assignment.status == Assignment.Status.FORMING
    bob_invitation = assignment.team.get(member=net.bob_member)
    services.team_respond(access=access_of(personas.bob, net), invitation=bob_invitation, accept=True)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.TEAM_COMPLETE


def test_no_with_a_reason_makes_a_new_proposal_for_the_open_roles(personas, net, django_capture_on_commit_callbacks):
    bob = access_of(personas.bob, net)
    add_member(net, "Webbouwer", net.web, pc4="3584")
    assignment = bring_in(personas, net, [(net.web, 3), (net.writing, 2)], max_people=2)
    services.assignment_propose(access=bob, assignment=assignment)
    services.team_invite(access=bob, assignment=assignment)
    assignment.refresh_from_db()
    web = assignment.team.get(roles__need__expertise=net.web)
    writer = assignment.team.get(roles__need__expertise=net.writing)
    member_user = personas.alice if web.member_id == net.alice_member.pk else None
    if member_user is None:  # the other web designer was proposed
        member_user = web.member.organisation.memberships.get().user
    responder = get_network_for_user(member_user, net.network.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.team_respond(access=responder, invitation=web, accept=False, note="Te druk in die weken")
    web.refresh_from_db()
    assignment.refresh_from_db()
    assert web.status == TeamInvitation.Status.DECLINED and web.response_note == "Te druk in die weken"
    assert assignment.proposal_number == 2 and assignment.proposal["status"] == "optimal"
    new = assignment.team.get(status=TeamInvitation.Status.PROPOSED)
    assert new.member_id not in {web.member_id, writer.member_id} and new.proposal_number == 2
    assert list(new.roles.values_list("need__expertise__name", "days")) == [("Webdesign", 3)]
    # The writer (bob, who brought it in, so accepted by inviting) keeps the role: only the open one is proposed again.
    writer.refresh_from_db()
    assert writer.member_id == net.bob_member.pk and writer.status == TeamInvitation.Status.ACCEPTED
    kept = next(m for m in assignment.proposal["members"] if m["member_id"] == writer.member_id)
    assert kept["kept"] is True
    assert [m.to for m in mail.outbox] == [["bob@example.org"]] and "Te druk" in mail.outbox[0].body


def test_changing_is_possible_until_someone_is_invited(personas, net):
    bob = access_of(personas.bob, net)
    services.assignment_propose(access=bob, assignment=net.assignment)
    changed = services.assignment_update(
        access=bob, assignment=net.assignment, data=data(title="Nieuw"), needs=[(net.photography, 2)]
    )
    assert changed.title == "Nieuw" and changed.proposal == {} and not changed.team.exists()
    assert list(changed.needs.values_list("expertise__name", flat=True)) == ["Fotografie"]
    services.assignment_propose(access=bob, assignment=changed)
    services.team_invite(access=bob, assignment=changed)
    with pytest.raises(ValidationError, match="niet meer worden gewijzigd"):
        services.assignment_update(access=bob, assignment=changed, data=data(title="Anders"), needs=[(net.web, 1)])
    changed.refresh_from_db()
    assert changed.title == "Nieuw"


def test_cancelling_withdraws_the_team_once(personas, net):
    bob = access_of(personas.bob, net)
    services.assignment_propose(access=bob, assignment=net.assignment)
    services.team_invite(access=bob, assignment=net.assignment)
    services.assignment_cancel(access=access_of(personas.alice, net), assignment=net.assignment)
    net.assignment.refresh_from_db()
    assert net.assignment.status == Assignment.Status.CANCELLED
    assert net.assignment.team.get().status == TeamInvitation.Status.WITHDRAWN
    with pytest.raises(ValidationError, match="niet meer worden geannuleerd"):
        services.assignment_cancel(access=bob, assignment=net.assignment)
    invitation = net.assignment.team.get()
    invitation.status = TeamInvitation.Status.INVITED
    invitation.save()
    with pytest.raises(ValidationError, match="niet meer open"):
        services.team_respond(access=bob, invitation=invitation, accept=True)


def test_an_offer_states_the_days_and_is_bounded_by_the_period(personas, net):
    alice = access_of(personas.alice, net)
    offer = services.offer_save(access=alice, assignment=net.assignment, days=3)
    assert services.offer_save(access=alice, assignment=net.assignment, days=5).pk == offer.pk
    assert Offer.objects.get().days == 5
    most = services.working_days(net.assignment.starts_on, net.assignment.ends_on)
    with pytest.raises(ValidationError) as error:
        services.offer_save(access=alice, assignment=net.assignment, days=most + 1)
    assert "days" in error.value.error_dict
    Assignment.objects.filter(pk=net.assignment.pk).update(status=Assignment.Status.TEAM_COMPLETE)
    net.assignment.refresh_from_db()
    with pytest.raises(ValidationError, match="niet meer gevormd"):
        services.offer_save(access=alice, assignment=net.assignment, days=1)


def test_an_offer_is_what_the_proposal_counts_with(personas, net):
    bob = access_of(personas.bob, net)
    services.offer_save(access=bob, assignment=net.assignment, days=2)
    services.assignment_propose(access=bob, assignment=net.assignment)
    net.assignment.refresh_from_db()
    assert net.assignment.proposal["status"] == "infeasible"
    assert net.assignment.proposal["shortfall"] == [
        {"expertise_id": net.writing.pk, "name": "Tekstschrijven", "days": 2}
    ]


def test_a_member_who_leaves_a_complete_team_opens_the_role_again(personas, net):
    bob = access_of(personas.bob, net)
    assignment = bring_in(personas, net, [(net.web, 3)])
    services.assignment_propose(access=bob, assignment=assignment)
    services.team_invite(access=bob, assignment=assignment)
    services.team_respond(access=access_of(personas.alice, net), invitation=assignment.team.get(), accept=True)
    assert services.open_needs(assignment) == {}
    # What the leave service does: the member's invitations are withdrawn.
    assignment.team.update(status=TeamInvitation.Status.WITHDRAWN)
    need = assignment.needs.get()
    assert services.open_needs(assignment) == {need.pk: 3}
    add_member(net, "Webbouwer", net.web)
    services.assignment_propose(access=bob, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FORMING and assignment.proposal_number == 2
    assert assignment.team.filter(status=TeamInvitation.Status.PROPOSED).get().member.organisation.name == "Webbouwer"


def test_the_bringer_inviting_themselves_says_yes_at_once(personas, net, django_capture_on_commit_callbacks):
    bob = access_of(personas.bob, net)
    services.assignment_propose(access=bob, assignment=net.assignment)
    with django_capture_on_commit_callbacks(execute=True):
        services.team_invite(access=bob, assignment=net.assignment)
    invitation = net.assignment.team.get()
    net.assignment.refresh_from_db()
    assert invitation.status == TeamInvitation.Status.ACCEPTED and invitation.responded_by == personas.bob
    assert net.assignment.status == Assignment.Status.TEAM_COMPLETE and not mail.outbox


def test_the_coordinator_inviting_for_the_bringer_asks_the_bringer(personas, net):
    services.assignment_propose(access=access_of(personas.alice, net), assignment=net.assignment)
    services.team_invite(access=access_of(personas.alice, net), assignment=net.assignment)
    net.assignment.refresh_from_db()
    assert net.assignment.team.get().status == TeamInvitation.Status.INVITED
    assert net.assignment.status == Assignment.Status.FORMING
