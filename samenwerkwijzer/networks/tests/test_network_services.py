"""The network's services: starting, the expertise list, invitations, profiles, leaving."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from samenwerkwijzer.lib.tokens import hash_token
from samenwerkwijzer.networks import services_network as services
from samenwerkwijzer.networks.access import (
    get_availability_for_access,
    get_network_for_user,
    get_network_invitation_for_access,
)
from samenwerkwijzer.networks.models import (
    Assignment,
    Availability,
    Expertise,
    NetworkInvitation,
    NetworkMember,
    RateBand,
    TeamInvitation,
)
from testsupport.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def coordinator(net, personas):
    return get_network_for_user(personas.alice, net.network.pk)


def member(net, personas):
    return get_network_for_user(personas.bob, net.network.pk)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# Starting and editing --------------------------------------------------------------------------


def test_starting_a_network_makes_the_organisation_its_coordinator(personas):
    network = services.network_create(
        user=personas.charlie, organisation=personas.gamma, name="  Bouw   Collectief ", description=" Samen bouwen "
    )
    assert network.name == "Bouw Collectief" and network.description == "Samen bouwen"
    only = NetworkMember.objects.get(network=network)
    assert only.organisation == personas.gamma and only.is_coordinator


def test_it_refuses_to_start_a_network_for_someone_elses_organisation(personas):
    with pytest.raises(ValidationError) as excinfo:
        services.network_create(user=personas.charlie, organisation=personas.alpha, name="Overname")
    assert "organisation" in errors_of(excinfo)


def test_it_refuses_an_empty_name(personas):
    with pytest.raises(ValidationError) as excinfo:
        services.network_create(user=personas.charlie, organisation=personas.gamma, name="   ")
    assert "name" in errors_of(excinfo)


def test_the_coordinator_renames_the_network_and_a_member_may_not(net, personas):
    services.network_update(access=coordinator(net, personas), name="Netwerk Noord-Oost", description="Tekst")
    net.network.refresh_from_db()
    assert net.network.name == "Netwerk Noord-Oost"
    with pytest.raises(PermissionDenied):
        services.network_update(access=member(net, personas), name="Van Bob")


# Expertises -----------------------------------------------------------------------------------


def test_the_coordinator_keeps_the_expertise_list(net, personas):
    access = coordinator(net, personas)
    added = services.expertise_add(access=access, name="Illustratie", description="Tekeningen")
    assert added.network == net.network
    with pytest.raises(ValidationError) as excinfo:
        services.expertise_add(access=access, name="illustratie")
    assert "name" in errors_of(excinfo)
    services.expertise_rename(access=access, expertise=added, name="Illustraties")
    added.refresh_from_db()
    assert added.name == "Illustraties"
    services.expertise_rename(access=access, expertise=added, name="illustraties")  # its own name: fine
    with pytest.raises(ValidationError):
        services.expertise_rename(access=access, expertise=added, name="Fotografie")
    services.expertise_remove(access=access, expertise=added)
    assert not Expertise.objects.filter(pk=added.pk).exists()


def test_an_expertise_an_assignment_needs_cannot_be_removed(net, personas):
    with pytest.raises(ValidationError) as excinfo:
        services.expertise_remove(access=coordinator(net, personas), expertise=net.writing)
    assert "Jaarverslag Stadsbank" in excinfo.value.messages[0]
    assert Expertise.objects.filter(pk=net.writing.pk).exists()


def test_a_member_cannot_change_the_expertise_list(net, personas):
    with pytest.raises(PermissionDenied):
        services.expertise_add(access=member(net, personas), name="Illustratie")


# Invitations ----------------------------------------------------------------------------------


def invite(net, personas, email="carla@example.org", message="Kom erbij"):
    return services.invitation_create(access=coordinator(net, personas), email=email, message=message)


def test_an_invitation_is_mailed_with_a_single_use_link(net, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(net, personas, email=" Carla@Example.org ")
    assert invitation.email == "carla@example.org" and invitation.token_hash == hash_token(token)
    assert invitation.message == "Kom erbij"
    [message] = mail.outbox
    assert message.to == ["carla@example.org"]
    assert "Netwerk Noord" in message.subject and token in message.body and "Kom erbij" in message.body


def test_it_refuses_to_invite_a_member_or_an_address_with_an_open_invitation(net, personas):
    with pytest.raises(ValidationError) as excinfo:
        invite(net, personas, email="BOB@example.org")
    assert "Beta Transport" in errors_of(excinfo)["email"][0]
    invite(net, personas)
    with pytest.raises(ValidationError) as excinfo:
        invite(net, personas)
    assert "email" in errors_of(excinfo)


def test_a_member_cannot_invite(net, personas):
    with pytest.raises(PermissionDenied):
        services.invitation_create(access=member(net, personas), email="x@example.org")


def test_the_invited_person_joins_with_one_of_their_organisations(net, personas):
    _invitation, token = invite(net, personas, email="charlie@example.org")
    joined = services.invitation_accept(token=token, user=personas.charlie, organisation=personas.gamma)
    assert joined.network == net.network and joined.organisation == personas.gamma and not joined.is_coordinator
    invitation = NetworkInvitation.objects.get(token_hash=hash_token(token))
    assert invitation.accepted_by == personas.charlie and invitation.member == joined
    _problem, status = services.invitation_problem(invitation, personas.charlie)
    assert status == 410
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=personas.charlie, organisation=personas.gamma)


def test_accepting_needs_one_of_your_own_organisations_that_is_not_a_member_yet(net, personas):
    _invitation, token = invite(net, personas, email="charlie@example.org")
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(token=token, user=personas.charlie, organisation=None)
    assert "organisation" in errors_of(excinfo)
    MembershipFactory(user=personas.charlie, organisation=personas.beta)
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(token=token, user=personas.charlie, organisation=personas.beta)
    assert errors_of(excinfo)["organisation"] != [str(services._("Choose one of your organisations."))]
    assert NetworkInvitation.objects.get(token_hash=hash_token(token)).accepted_at is None


def test_an_organisation_that_left_comes_back_as_a_member(net, personas):
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now(), role="coordinator")
    _invitation, token = invite(net, personas, email="bob@example.org")
    back = services.invitation_accept(token=token, user=personas.bob, organisation=personas.beta)
    assert back.pk == net.bob_member.pk and back.is_active and not back.is_coordinator


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"declined_at": timezone.now()}, 410),
        ({"revoked_at": timezone.now()}, 410),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, 410),
    ],
)
def test_an_invitation_that_is_no_longer_open_cannot_be_used(net, personas, change, status):
    invitation, token = invite(net, personas, email="charlie@example.org")
    NetworkInvitation.objects.filter(pk=invitation.pk).update(**change)
    assert services.invitation_problem(services.invitation_find(token), personas.charlie)[1] == status
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=personas.charlie, organisation=personas.gamma)


def test_a_wrong_token_or_address_cannot_use_the_invitation(net, personas):
    _invitation, token = invite(net, personas, email="charlie@example.org")
    assert services.invitation_problem(services.invitation_find("nope"), personas.charlie)[1] == 404
    assert services.invitation_problem(services.invitation_find(token), personas.dave)[1] == 403
    with pytest.raises(ValidationError):
        services.invitation_decline(token=token, user=personas.dave)


def test_the_invited_person_can_decline(net, personas):
    invitation, token = invite(net, personas, email="charlie@example.org")
    services.invitation_decline(token=token, user=personas.charlie)
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert not NetworkMember.objects.filter(network=net.network, organisation=personas.gamma).exists()


def test_the_coordinator_withdraws_an_open_invitation_once(net, personas):
    access = coordinator(net, personas)
    invitation, _token = invite(net, personas)
    assert get_network_invitation_for_access(access, invitation.pk) == invitation
    services.invitation_revoke(access=access, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    with pytest.raises(ValidationError):
        services.invitation_revoke(access=access, invitation=invitation)
    with pytest.raises(Http404):
        get_network_invitation_for_access(access, invitation.pk + 1000)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(access=member(net, personas), invitation=invitation)


# Profile and availability ---------------------------------------------------------------------


def test_a_member_keeps_their_profile(net, personas):
    access = member(net, personas)
    saved = services.profile_update(
        access=access,
        expertises=[net.web],
        sbi_codes=["74201"],
        day_rate=Decimal("750"),
        rate_band=RateBand.HIGH,
        home_pc4="3511",
    )
    assert list(saved.expertises.all()) == [net.web]
    assert saved.day_rate == Decimal("750") and saved.rate_band == "" and saved.home_pc4 == "3511"
    saved = services.profile_update(
        access=access, expertises=[], sbi_codes=[], day_rate=None, rate_band=RateBand.LOW, home_pc4=""
    )
    assert saved.rate_band == RateBand.LOW and saved.day_rate is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"day_rate": Decimal("0")}, "day_rate"),
        ({"rate_band": "gratis"}, "rate_band"),
        ({"home_pc4": "0000"}, "home_pc4"),
        ({"expertises": "foreign"}, "expertises"),
    ],
)
def test_a_profile_with_bad_values_changes_nothing(net, personas, change, field):
    if change.get("expertises") == "foreign":
        change["expertises"] = [Expertise.objects.create(network=net.other_network, name="Geheim")]
    values = {"expertises": [], "sbi_codes": [], "day_rate": None, "rate_band": "", "home_pc4": "3521"} | change
    with pytest.raises(ValidationError) as excinfo:
        services.profile_update(access=member(net, personas), **values)
    assert field in errors_of(excinfo)
    net.bob_member.refresh_from_db()
    assert net.bob_member.home_pc4 == "3521" and net.bob_member.expertises.count() == 2


def test_availability_periods_are_checked(net, personas):
    access = member(net, personas)
    today = timezone.localdate()
    period = services.availability_add(
        access=access, kind="available", starts_on=today, ends_on=today + timedelta(days=30), days_per_week=3
    )
    busy = services.availability_add(
        access=access, kind="busy", starts_on=today, ends_on=today, days_per_week=None, note=" Vakantie "
    )
    assert period.days_per_week == 3 and busy.days_per_week == 5 and busy.note == "Vakantie"
    cases = [
        ({"kind": "sometimes"}, "kind"),
        ({"ends_on": today - timedelta(days=1)}, "ends_on"),
        ({"starts_on": today - timedelta(days=9), "ends_on": today - timedelta(days=2)}, "ends_on"),
        ({"days_per_week": 6}, "days_per_week"),
        ({"days_per_week": None}, "days_per_week"),
    ]
    for change, field in cases:
        values = {"kind": "available", "starts_on": today, "ends_on": today + timedelta(days=3), "days_per_week": 2}
        with pytest.raises(ValidationError) as excinfo:
            services.availability_add(access=access, **(values | change))
        assert field in errors_of(excinfo), change
    assert Availability.objects.filter(member=net.bob_member).count() == 2


def test_only_your_own_period_can_be_removed(net, personas):
    today = timezone.localdate()
    period = Availability.objects.create(member=net.bob_member, kind="busy", starts_on=today, ends_on=today)
    with pytest.raises(Http404):
        get_availability_for_access(coordinator(net, personas), period.pk)
    with pytest.raises(PermissionDenied):
        services.availability_delete(access=coordinator(net, personas), availability=period)
    bob = member(net, personas)
    services.availability_delete(access=bob, availability=get_availability_for_access(bob, period.pk))
    assert not Availability.objects.filter(pk=period.pk).exists()


# Roles and leaving ----------------------------------------------------------------------------


def test_the_coordinator_makes_another_member_coordinator(net, personas):
    services.member_make_coordinator(access=coordinator(net, personas), member=net.bob_member)
    net.bob_member.refresh_from_db()
    assert net.bob_member.is_coordinator


def test_a_member_cannot_make_anyone_coordinator(net, personas):
    with pytest.raises(PermissionDenied):
        services.member_make_coordinator(access=member(net, personas), member=net.bob_member)
    net.bob_member.refresh_from_db()
    assert not net.bob_member.is_coordinator


def test_a_member_who_left_cannot_be_made_coordinator(net, personas):
    access = coordinator(net, personas)
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now())
    with pytest.raises(ValidationError):
        services.member_make_coordinator(access=access, member=net.bob_member)


def test_the_only_coordinator_cannot_leave(net, personas):
    with pytest.raises(ValidationError):
        services.member_leave(access=coordinator(net, personas))
    net.alice_member.refresh_from_db()
    assert net.alice_member.is_active


def test_a_coordinator_leaves_when_another_coordinator_remains(net, personas):
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(role="coordinator")
    left = services.member_leave(access=coordinator(net, personas))
    assert left.left_at is not None
    with pytest.raises(Http404):
        coordinator(net, personas)


def team_place(net, member_, assignment, status=TeamInvitation.Status.INVITED):
    return TeamInvitation.objects.create(assignment=assignment, member=member_, status=status)


def test_leaving_withdraws_open_team_places_and_tells_the_bringer(net, personas, django_capture_on_commit_callbacks):
    Assignment.objects.filter(pk=net.assignment.pk).update(status=Assignment.Status.FORMING)
    invited = team_place(net, net.alice_member, net.assignment)
    finished = Assignment.objects.create(
        network=net.network,
        brought_in_by=net.bob_member,
        title="Oud werk",
        client="Klant",
        starts_on=timezone.localdate() - timedelta(days=60),
        ends_on=timezone.localdate() - timedelta(days=30),
        status=Assignment.Status.DONE,
    )
    done = team_place(net, net.alice_member, finished, status=TeamInvitation.Status.ACCEPTED)
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(role="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        services.member_leave(access=coordinator(net, personas))
    invited.refresh_from_db()
    done.refresh_from_db()
    assert invited.status == TeamInvitation.Status.WITHDRAWN and invited.responded_by == personas.alice
    assert done.status == TeamInvitation.Status.ACCEPTED  # history stays
    [message] = mail.outbox
    assert message.to == ["bob@example.org"] and "Jaarverslag Stadsbank" in message.subject


def test_the_bringer_leaving_is_not_mailed_about_their_own_place(net, personas, django_capture_on_commit_callbacks):
    place = team_place(net, net.bob_member, net.assignment, status=TeamInvitation.Status.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.member_leave(access=member(net, personas))
    place.refresh_from_db()
    assert place.status == TeamInvitation.Status.WITHDRAWN and not mail.outbox


def test_without_the_person_who_entered_it_the_bringers_members_are_told(
    net, personas, django_capture_on_commit_callbacks
):
    Assignment.objects.filter(pk=net.assignment.pk).update(created_by=None)
    colleague = MembershipFactory(organisation=personas.beta).user
    team_place(net, net.alice_member, net.assignment, status=TeamInvitation.Status.PROPOSED)
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(role="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        services.member_leave(access=coordinator(net, personas))
    [message] = mail.outbox
    assert message.to == sorted(["bob@example.org", colleague.email])


def test_an_anonymous_visitor_has_no_networks_and_reaches_none(net):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from samenwerkwijzer.networks.access import get_network_for_user, networks_for_user

    assert list(networks_for_user(AnonymousUser())) == []
    with pytest.raises(Http404):
        get_network_for_user(AnonymousUser(), net.network.pk)
