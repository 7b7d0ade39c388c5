"""The network's pages through the client: what each shows, and bad input that changes nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.networks import services_network as services
from samenwerkwijzer.networks.access import get_network_for_user
from samenwerkwijzer.networks.models import (
    Availability,
    Expertise,
    Network,
    NetworkInvitation,
    NetworkMember,
    TeamInvitation,
)
from testsupport.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def url(name, net, **kwargs):
    return reverse(f"networks:{name}", kwargs={"pk": net.network.pk, **kwargs})


def test_my_networks_lists_mine_and_offers_to_start_one(client, net, personas):
    page = login(client, personas.bob).get(reverse("networks:index")).content.decode()
    assert "Netwerk Noord" in page and "Geheim Netwerk" not in page and reverse("networks:create") in page
    page = login(client, personas.charlie).get(reverse("networks:index")).content.decode()
    assert reverse("networks:create") in page and 'aria-current="page"' in page


def test_starting_a_network_leads_to_its_expertises(client, personas):
    login(client, personas.charlie)
    response = client.post(reverse("networks:create"), {"organisation": personas.gamma.pk, "name": "Bouwkring"})
    network = Network.objects.get(name="Bouwkring")
    assert response.url == reverse("networks:expertises", args=[network.pk])


def test_a_bad_start_keeps_what_was_typed(client, personas):
    login(client, personas.charlie)
    response = client.post(
        reverse("networks:create"), {"organisation": personas.gamma.pk, "name": "", "description": "Mijn tekst"}
    )
    assert response.status_code == 200 and "Mijn tekst" in response.content.decode()
    assert not Network.objects.filter(created_by=personas.charlie).exists()


def test_without_an_organisation_you_are_asked_to_add_one_first(client):
    login(client, UserFactory())
    assert reverse("onboarding:organisation") in client.get(reverse("networks:create")).content.decode()


def test_the_home_page_gives_each_person_the_next_step(client, net, personas):
    page = login(client, personas.bob).get(url("detail", net)).content.decode()
    assert reverse("networks:assignment_create", args=[net.network.pk]) in page
    assert "Jaarverslag Stadsbank" in page and "Tekstschrijven" in page
    net.bob_member.expertises.clear()
    page = client.get(url("detail", net)).content.decode()
    assert "Complete your profile" in page or "Vul uw profiel aan" in page
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now())
    page = login(client, personas.alice).get(url("detail", net)).content.decode()
    assert reverse("networks:invite", args=[net.network.pk]) in page


def test_the_home_page_shows_my_pending_team_invitations(client, net, personas):
    TeamInvitation.objects.create(assignment=net.assignment, member=net.alice_member, status="invited")
    page = login(client, personas.alice).get(url("detail", net)).content.decode()
    assert 'id="my-team-invitations"' in page


def test_the_member_list_filters_by_expertise(client, net, personas):
    login(client, personas.alice)
    page = client.get(url("members", net)).content.decode()
    assert "Alpha Bakkerij" in page and "Beta Transport" in page
    page = client.get(url("members", net) + f"?expertise={net.photography.pk}").content.decode()
    assert "Beta Transport" in page and "Alpha Bakkerij" not in page.split('id="member-table"')[1]


def test_the_member_list_shows_the_current_availability(client, net, personas):
    today = timezone.localdate()
    Availability.objects.create(
        member=net.bob_member, kind="available", days_per_week=2, starts_on=today, ends_on=today + timedelta(days=9)
    )
    Availability.objects.create(
        member=net.alice_member, kind="busy", starts_on=today + timedelta(days=3), ends_on=today + timedelta(days=9)
    )
    with_rate = NetworkMember.objects.filter(pk=net.bob_member.pk)
    with_rate.update(day_rate=750)
    page = login(client, personas.alice).get(url("members", net)).content.decode()
    assert "750,00" in page


def test_a_members_profile_shows_their_facts_and_track_record(client, net, personas):
    page = login(client, personas.alice).get(url("member", net, member_pk=net.bob_member.pk)).content.decode()
    assert "Tekstschrijven" in page and 'id="track-record"' in page
    assert reverse("networks:member_role", args=[net.network.pk, net.bob_member.pk]) in page


def test_the_coordinator_makes_bob_coordinator(client, net, personas):
    login(client, personas.alice).post(url("member_role", net, member_pk=net.bob_member.pk))
    net.bob_member.refresh_from_db()
    assert net.bob_member.is_coordinator


def test_the_profile_is_saved(client, net, personas):
    login(client, personas.bob)
    response = client.post(
        url("profile", net),
        {"expertises": [net.web.pk], "sbi_codes": "74200", "day_rate": "650,50", "rate_band": "", "home_pc4": "3511"},
    )
    assert response.status_code == 302
    net.bob_member.refresh_from_db()
    assert net.bob_member.sbi_codes == ["74200"] and str(net.bob_member.day_rate) == "650.50"
    assert list(net.bob_member.expertises.all()) == [net.web]


@pytest.mark.parametrize(
    ("field", "value"),
    [("home_pc4", "0000"), ("sbi_codes", "ZZZ99"), ("day_rate", "-5"), ("expertises", "999999")],
)
def test_a_bad_profile_keeps_what_was_typed_and_changes_nothing(client, net, personas, field, value):
    login(client, personas.bob)
    data = {"expertises": [net.web.pk], "sbi_codes": "74200", "day_rate": "", "rate_band": "low", "home_pc4": "3512"}
    data[field] = value
    response = client.post(url("profile", net), data)
    assert response.status_code == 200 and response.context["form"].errors.get(field)
    page = response.content.decode()
    if field != "expertises":
        assert value in page
    net.bob_member.refresh_from_db()
    assert net.bob_member.home_pc4 == "3521" and net.bob_member.rate_band == ""


def test_availability_is_added_and_removed(client, net, personas):
    login(client, personas.bob)
    today = timezone.localdate()
    response = client.post(
        url("availability_add", net),
        {
            "kind": "available",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=5)).isoformat(),
            "days_per_week": "3",
        },
    )
    assert response.status_code == 302
    period = Availability.objects.get(member=net.bob_member)
    assert period.days_per_week == 3
    client.post(url("availability_delete", net, availability_pk=period.pk))
    assert not Availability.objects.filter(pk=period.pk).exists()


def test_a_period_in_the_past_is_refused_and_kept_in_the_form(client, net, personas):
    login(client, personas.bob)
    response = client.post(
        url("availability_add", net),
        {"kind": "busy", "starts_on": "2020-01-01", "ends_on": "2020-01-31", "note": "Oud"},
    )
    assert response.status_code == 200 and response.context["availability_form"].errors["ends_on"]
    assert "2020-01-31" in response.content.decode()
    response = client.post(url("availability_add", net), {"kind": "busy", "starts_on": "gisteren"})
    assert response.context["availability_form"].errors["starts_on"]
    assert not Availability.objects.exists()


def test_another_members_period_cannot_be_removed(client, net, personas):
    today = timezone.localdate()
    period = Availability.objects.create(member=net.alice_member, kind="busy", starts_on=today, ends_on=today)
    assert (
        login(client, personas.bob).post(url("availability_delete", net, availability_pk=period.pk)).status_code == 404
    )
    assert Availability.objects.filter(pk=period.pk).exists()


def test_the_coordinator_edits_the_network(client, net, personas):
    login(client, personas.alice)
    assert client.post(url("edit", net), {"name": "Netwerk Zuid", "description": ""}).status_code == 302
    net.network.refresh_from_db()
    assert net.network.name == "Netwerk Zuid"
    response = client.post(url("edit", net), {"name": "   ", "description": "Blijft staan"})
    assert response.status_code == 200 and "Blijft staan" in response.content.decode()
    net.network.refresh_from_db()
    assert net.network.name == "Netwerk Zuid"


def test_the_coordinator_adds_renames_and_removes_expertises(client, net, personas):
    login(client, personas.alice)
    assert client.post(url("expertises", net), {"action": "add", "new-name": "Illustratie"}).status_code == 302
    added = Expertise.objects.get(network=net.network, name="Illustratie")
    response = client.post(url("expertises", net), {"action": "add", "new-name": "fotografie"})
    assert response.status_code == 200 and "fotografie" in response.content.decode()
    response = client.post(url("expertises", net), {"action": "add", "new-name": ""})
    assert response.context["add_form"].errors["name"]
    response = client.post(
        url("expertises", net), {"action": "rename", "expertise": added.pk, f"e{added.pk}-name": "Webdesign"}
    )
    assert response.status_code == 200 and "Webdesign" in response.content.decode()
    response = client.post(url("expertises", net), {"action": "rename", "expertise": added.pk, f"e{added.pk}-name": ""})
    assert response.status_code == 200
    assert (
        client.post(
            url("expertises", net), {"action": "rename", "expertise": added.pk, f"e{added.pk}-name": "Illustraties"}
        ).status_code
        == 302
    )
    assert client.post(url("expertises", net), {"action": "remove", "expertise": added.pk}).status_code == 302
    assert not Expertise.objects.filter(pk=added.pk).exists()
    assert client.post(url("expertises", net), {"action": "explode"}).status_code == 404


def test_removing_an_expertise_in_use_is_refused_with_a_message(client, net, personas):
    response = login(client, personas.alice).post(
        url("expertises", net), {"action": "remove", "expertise": net.writing.pk}
    )
    assert response.status_code == 200 and 'id="remove-error"' in response.content.decode()
    assert Expertise.objects.filter(pk=net.writing.pk).exists()


def test_inviting_and_accepting_by_e_mail(client, net, personas, django_capture_on_commit_callbacks):
    login(client, personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", net), {"email": "carla@example.org", "message": "Welkom!"})
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/networks/invitations/" in line)
    path = link[link.index("/networks/") :]
    assert "carla@example.org" in client.get(url("invite", net)).content.decode()
    client.logout()
    page = client.get(path).content.decode()
    assert "carla@example.org" in page and reverse("account_login") in page
    carla = UserFactory(email="carla@example.org")
    login(client, carla)
    assert reverse("onboarding:organisation") in client.get(path).content.decode()
    studio = MembershipFactory(user=carla, organisation__name="Studio Carla").organisation
    page = client.get(path).content.decode()
    assert "Studio Carla" in page and "Welkom!" in page
    response = client.post(path, {"action": "accept", "organisation": studio.pk})
    assert response.url == url("profile", net)
    assert NetworkMember.objects.filter(network=net.network, organisation=studio, left_at__isnull=True).exists()
    response = client.get(path)
    assert response.status_code == 410 and "alert" in response.content.decode()


def test_a_bad_invitation_keeps_what_was_typed(client, net, personas):
    login(client, personas.alice)
    response = client.post(url("invite", net), {"email": "bob@example.org", "message": "Nog een keer"})
    assert response.status_code == 200 and "Nog een keer" in response.content.decode()
    assert not NetworkInvitation.objects.exists()


def test_accepting_with_an_organisation_that_is_already_a_member_shows_a_message(client, net, personas):
    invitation, token = services.invitation_create(
        access=get_network_for_user(personas.alice, net.network.pk), email="bob@example.net"
    )
    bob2 = UserFactory(email="bob@example.net")
    MembershipFactory(user=bob2, organisation=personas.beta)
    login(client, bob2)
    path = reverse("networks:accept_invitation", args=[token])
    response = client.post(path, {"action": "accept", "organisation": personas.beta.pk})
    assert response.status_code == 200 and response.context["form"].errors["organisation"]
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_declining_an_invitation(client, net, personas):
    _invitation, token = services.invitation_create(
        access=get_network_for_user(personas.alice, net.network.pk), email="charlie@example.org"
    )
    login(client, personas.charlie)
    response = client.post(reverse("networks:accept_invitation", args=[token]), {"action": "decline"})
    assert response.url == reverse("networks:index")
    assert NetworkInvitation.objects.get().declined_at is not None


def test_an_unknown_invitation_link_gives_a_calm_page(client):
    response = client.get(reverse("networks:accept_invitation", args=["niet-echt"]))
    assert response.status_code == 404 and "alert" in response.content.decode()


def test_the_coordinator_withdraws_an_invitation(client, net, personas):
    invitation, _token = services.invitation_create(
        access=get_network_for_user(personas.alice, net.network.pk), email="x@example.org"
    )
    login(client, personas.alice)
    response = client.post(url("invitation_revoke", net, invitation_pk=invitation.pk), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    response = client.post(url("invitation_revoke", net, invitation_pk=invitation.pk), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert client.post(url("invitation_revoke", net, invitation_pk=invitation.pk + 99)).status_code == 404


def test_leaving_the_network(client, net, personas):
    login(client, personas.bob)
    TeamInvitation.objects.create(assignment=net.assignment, member=net.bob_member, status="accepted")
    assert "Jaarverslag Stadsbank" in client.get(url("leave", net)).content.decode()
    assert client.post(url("leave", net)).url == reverse("networks:index")
    net.bob_member.refresh_from_db()
    assert net.bob_member.left_at is not None
    assert client.get(url("detail", net)).status_code == 404


def test_the_only_coordinator_is_told_why_they_cannot_leave(client, net, personas):
    response = login(client, personas.alice).post(url("leave", net))
    assert response.status_code == 400 and 'id="leave-error"' in response.content.decode()
    net.alice_member.refresh_from_db()
    assert net.alice_member.left_at is None


def test_the_member_list_and_home_page_do_not_grow_in_queries_with_the_members(client, net, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from testsupport.factories import OrganisationFactory

    login(client, personas.alice)

    def queries(name):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, net)).status_code == 200
        return len(captured)

    queries("members")  # the first request of a session also chooses the organisation acted for
    before = {name: queries(name) for name in ("members", "detail")}
    today = timezone.localdate()
    for _number in range(4):
        extra = NetworkMember.objects.create(network=net.network, organisation=OrganisationFactory())
        extra.expertises.set([net.web, net.writing])
        Availability.objects.create(member=extra, kind="busy", starts_on=today, ends_on=today)
    assert {name: queries(name) for name in ("members", "detail")} == before


def test_the_profile_of_a_member_who_left_still_reads(client, net, personas):
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now())
    response = login(client, personas.alice).get(url("member", net, member_pk=net.bob_member.pk))
    assert response.status_code == 200 and "Beta Transport" in response.content.decode()
    other = login(client, personas.alice).get(url("member", net, member_pk=net.dave_member.pk))
    assert other.status_code == 404


def test_the_network_profile_answers_a_huge_expertise_id_with_a_message(client, personas, net):
    client.force_login(personas.bob)
    response = client.post(f"/networks/{net.network.pk}/profile/", {"expertises": "9" * 40})
    assert response.status_code == 200 and "expertises" in response.context["form"].errors
