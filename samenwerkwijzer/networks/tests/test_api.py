"""The network API shows a member what the network's pages show them, and nothing to anyone else."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.networks.models import (
    AgreementApproval,
    Assignment,
    AssignmentAgreement,
    Availability,
    Evaluation,
    NetworkMember,
    TeamInvitation,
    TeamRole,
)
from testsupport.factories import MembershipFactory, make_collaboration

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def urls(net):
    network, assignment = net.network.pk, net.assignment.pk
    return [
        reverse("api:network", args=[network]),
        reverse("api:network_members", args=[network]),
        reverse("api:network_assignments", args=[network]),
        reverse("api:network_assignment", args=[network, assignment]),
        reverse("api:network_assignment_evaluations", args=[network, assignment]),
    ]


def team(net, *, status=TeamInvitation.Status.ACCEPTED, note=""):
    """bob's assignment done by bob and alice (4 days of writing for bob, 2 of web for alice)."""
    assignment = net.assignment
    web_need = assignment.needs.create(expertise=net.web, days=2)
    writing_need = assignment.needs.get(expertise=net.writing)
    bob = TeamInvitation.objects.create(assignment=assignment, member=net.bob_member, status=status, response_note=note)
    TeamRole.objects.create(invitation=bob, need=writing_need, days=4)
    alice = TeamInvitation.objects.create(
        assignment=assignment, member=net.alice_member, status=TeamInvitation.Status.ACCEPTED, response_note="Graag"
    )
    TeamRole.objects.create(invitation=alice, need=web_need, days=2)
    return assignment


def test_my_networks_lists_only_the_callers_networks(client, personas, net, api_token_for):
    response = client.get(reverse("api:networks"), **bearer(api_token_for(personas.alice)))
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    [network] = body["results"]
    assert network["name"] == "Netwerk Noord"
    assert network["role"] == "coordinator"
    assert network["acting_for"]["name"] == "Alpha Bakkerij"
    assert network["member_count"] == 2
    bob = client.get(reverse("api:networks"), **bearer(api_token_for(personas.bob))).json()
    assert [(n["name"], n["role"]) for n in bob["results"]] == [("Netwerk Noord", "member")]
    assert client.get(reverse("api:networks"), **bearer(api_token_for(personas.charlie))).json()["total"] == 0
    dave = client.get(reverse("api:networks"), **bearer(api_token_for(personas.dave))).json()
    assert [n["name"] for n in dave["results"]] == ["Geheim Netwerk"]


def test_a_member_who_left_no_longer_sees_the_network(client, personas, net, api_token_for):
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now())
    headers = bearer(api_token_for(personas.bob))
    assert client.get(reverse("api:networks"), **headers).json()["total"] == 0
    for url in urls(net):
        assert client.get(url, **headers).status_code == 404, url


def test_the_browser_session_reads_too(client, personas, net):
    client.force_login(personas.bob)
    assert client.get(reverse("api:network", args=[net.network.pk])).json()["role"] == "member"


def test_the_network_with_its_expertises(client, personas, net, api_token_for):
    body = client.get(reverse("api:network", args=[net.network.pk]), **bearer(api_token_for(personas.bob))).json()
    assert body["coordinators"] == [{"id": personas.alpha.pk, "name": "Alpha Bakkerij"}]
    counts = {e["name"]: e["member_count"] for e in body["expertises"]}
    assert counts == {"Fotografie": 1, "Tekstschrijven": 1, "Webdesign": 1}
    assert body["acting_for"]["name"] == "Beta Transport"


def test_members_profiles_are_paginated(client, personas, net, api_token_for):
    today = timezone.localdate()
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(day_rate=Decimal("650.00"))
    NetworkMember.objects.filter(pk=net.alice_member.pk).update(rate_band="high")
    Availability.objects.create(
        member=net.bob_member, kind="available", starts_on=today, ends_on=today + timedelta(days=30), days_per_week=3
    )
    Availability.objects.create(
        member=net.bob_member, kind="busy", starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=30)
    )
    headers = bearer(api_token_for(personas.alice))
    url = reverse("api:network_members", args=[net.network.pk])
    first = client.get(url, {"limit": 1}, **headers).json()
    assert (first["total"], first["limit"], first["offset"], len(first["results"])) == (2, 1, 0, 1)
    alice = first["results"][0]
    assert alice["organisation"]["name"] == "Alpha Bakkerij"
    assert (alice["role"], alice["rate_band"], alice["day_rate"]) == ("coordinator", "high", None)
    assert alice["rate_band_label"]
    assert alice["availability"] == []
    second = client.get(url, {"limit": 1, "offset": 1}, **headers).json()
    bob = second["results"][0]
    assert bob["organisation"]["name"] == "Beta Transport"
    assert bob["expertises"] == ["Fotografie", "Tekstschrijven"]
    assert Decimal(str(bob["day_rate"])) == Decimal("650")
    assert (bob["home_pc4"], bob["home_place"]) == ("3521", "Utrecht")
    # Only current and future periods, as the members page shows them.
    assert [(p["kind"], p["days_per_week"]) for p in bob["availability"]] == [("available", 3)]
    assert bob["track_record"]["assignments"] == 0
    assert client.get(url, {"limit": 201}, **headers).status_code == 422


def test_assignments_are_listed_and_filtered_by_status(client, personas, net, api_token_for):
    today = timezone.localdate()
    Assignment.objects.create(
        network=net.network,
        brought_in_by=net.alice_member,
        title="Campagne Dierenasiel",
        client="Dierenasiel",
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=60),
        status=Assignment.Status.DONE,
    )
    headers = bearer(api_token_for(personas.bob))
    url = reverse("api:network_assignments", args=[net.network.pk])
    body = client.get(url, **headers).json()
    assert [a["title"] for a in body["results"]] == ["Jaarverslag Stadsbank", "Campagne Dierenasiel"]
    done = client.get(url, {"status": "done"}, **headers).json()
    assert [(a["title"], a["status"]) for a in done["results"]] == [("Campagne Dierenasiel", "done")]
    assert done["results"][0]["brought_in_by"]["organisation"]["name"] == "Alpha Bakkerij"
    assert client.get(url, {"status": "nonsense"}, **headers).status_code == 422


def test_an_assignment_with_its_needs_proposal_team_and_agreement(client, personas, net, api_token_for):
    assignment = team(net)
    Assignment.objects.filter(pk=assignment.pk).update(
        proposal={"status": "optimal", "members": [net.bob_member.pk]}, proposal_number=1
    )
    agreement = AssignmentAgreement.objects.create(
        assignment=assignment, lead_member=net.bob_member, client_contact=net.bob_member, income_split="Naar dagen"
    )
    AgreementApproval.objects.create(agreement=agreement, member=net.alice_member, version=1, user_name="Alice")
    AgreementApproval.objects.create(agreement=agreement, member=net.bob_member, version=0, user_name="Bob")
    url = reverse("api:network_assignment", args=[net.network.pk, assignment.pk])
    body = client.get(url, **bearer(api_token_for(personas.alice))).json()
    assert body["title"] == "Jaarverslag Stadsbank"
    assert {(n["expertise"], n["days"]) for n in body["needs"]} == {("Tekstschrijven", 4), ("Webdesign", 2)}
    assert body["proposal"] == {"status": "optimal", "members": [net.bob_member.pk]}
    assert body["proposal_number"] == 1
    members = {m["organisation"]["name"]: m for m in body["team"]}
    assert members["Beta Transport"]["status"] == "accepted"
    assert members["Beta Transport"]["roles"] == [{"expertise": "Tekstschrijven", "days": 4}]
    assert body["agreement"]["lead_member"]["organisation"]["name"] == "Beta Transport"
    assert [a["organisation"]["name"] for a in body["agreement"]["approvals"]] == ["Alpha Bakkerij"]
    assert body["objective"] == "fewest_people"


def test_a_no_and_its_reason_show_to_the_bringer_and_the_member_only(client, personas, net, api_token_for):
    assignment = team(net)
    # dave's Delta joins as a plain member: neither the bringer (bob) nor the coordinator (alice).
    NetworkMember.objects.create(network=net.network, organisation=personas.delta)
    url = reverse("api:network_assignment", args=[net.network.pk, assignment.pk])

    def note_of(user, organisation_name):
        body = client.get(url, **bearer(api_token_for(user))).json()
        return {m["organisation"]["name"]: m["response_note"] for m in body["team"]}[organisation_name]

    assert note_of(personas.bob, "Alpha Bakkerij") == "Graag"  # bob brought it in
    assert note_of(personas.alice, "Alpha Bakkerij") == "Graag"  # her own
    assert note_of(personas.dave, "Alpha Bakkerij") == ""


def test_evaluations_are_blind_until_revealed(client, personas, net, api_token_for):
    assignment = team(net)
    Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.DONE)
    now = timezone.now()
    Evaluation.objects.create(
        assignment=assignment, member=net.bob_member, answers={"delivered": 4}, grade=8, remarks="Bob", submitted_at=now
    )
    Evaluation.objects.create(assignment=assignment, member=net.alice_member, answers={"delivered": 2}, grade=5)
    url = reverse("api:network_assignment_evaluations", args=[net.network.pk, assignment.pk])
    bob_headers, alice_headers = bearer(api_token_for(personas.bob)), bearer(api_token_for(personas.alice))

    before = client.get(url, **bob_headers).json()
    assert before["revealed"] is False
    assert [e["organisation"]["name"] for e in before["evaluations"]] == ["Beta Transport"]
    assert len(before["statements"]) >= 1
    alice_before = client.get(url, **alice_headers).json()
    assert [(e["organisation"]["name"], e["grade"]) for e in alice_before["evaluations"]] == [("Alpha Bakkerij", 5)]
    assert "Bob" not in str(alice_before)

    Assignment.objects.filter(pk=assignment.pk).update(evaluation_revealed_at=now)
    after = client.get(url, **alice_headers).json()
    assert after["revealed"] is True
    # Every submitted evaluation, and one's own draft; alice's draft is not shown to bob.
    assert {e["organisation"]["name"] for e in after["evaluations"]} == {"Alpha Bakkerij", "Beta Transport"}
    bob_after = client.get(url, **bob_headers).json()
    assert [(e["organisation"]["name"], e["grade"]) for e in bob_after["evaluations"]] == [("Beta Transport", 8)]


def test_outsiders_get_404_and_never_data(client, personas, net, api_token_for):
    for user in (personas.charlie, personas.dave, personas.olivia):
        headers = bearer(api_token_for(user))
        for url in urls(net):
            response = client.get(url, **headers)
            assert response.status_code == 404, (user, url)
            assert response["Content-Type"].startswith("application/problem+json")
            assert "Stadsbank" not in response.content.decode()


def test_an_assignment_of_another_network_is_404(client, personas, net, api_token_for):
    today = timezone.localdate()
    elsewhere = Assignment.objects.create(
        network=net.other_network,
        brought_in_by=net.dave_member,
        title="Geheime opdracht",
        client="Geheim",
        starts_on=today,
        ends_on=today,
    )
    headers = bearer(api_token_for(personas.alice))
    for name in ("api:network_assignment", "api:network_assignment_evaluations"):
        response = client.get(reverse(name, args=[net.network.pk, elsewhere.pk]), **headers)
        assert response.status_code == 404
        assert "Geheim" not in response.content.decode()


def test_anonymous_gets_a_401_problem(client, net):
    for url in [reverse("api:networks"), *urls(net)]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"].startswith("application/problem+json")
    assert client.get(urls(net)[0], **bearer("swz_wrong")).status_code == 401


def test_a_token_limited_to_an_organisation_sees_only_its_networks(client, personas, net, api_token_for):
    # alice also runs Gamma's sister organisation, which is in no network.
    other = MembershipFactory(user=personas.alice, organisation__name="Alpha Advies").organisation
    limited = bearer(api_token_for(personas.alice, organisation=other))
    assert client.get(reverse("api:networks"), **limited).json()["total"] == 0
    for url in urls(net):
        assert client.get(url, **limited).status_code == 404, url
    own = bearer(api_token_for(personas.alice, organisation=personas.alpha))
    assert client.get(reverse("api:networks"), **own).json()["total"] == 1
    assert client.get(urls(net)[0], **own).json()["acting_for"]["name"] == "Alpha Bakkerij"


def test_a_token_acts_for_its_organisation_when_the_person_has_two_members(client, personas, net, api_token_for):
    second = MembershipFactory(user=personas.alice, organisation__name="Zeta Zorg").organisation
    NetworkMember.objects.create(network=net.network, organisation=second)
    body = client.get(urls(net)[0], **bearer(api_token_for(personas.alice, organisation=second))).json()
    assert (body["acting_for"]["name"], body["role"]) == ("Zeta Zorg", "member")


def test_a_token_limited_to_a_collaboration_sees_no_network(client, personas, net, api_token_for):
    own = make_collaboration(user=personas.alice, organisation=personas.alpha, name="Ander verband")
    headers = bearer(api_token_for(personas.alice, collaboration=own))
    assert client.get(reverse("api:networks"), **headers).json()["total"] == 0
    for url in urls(net):
        assert client.get(url, **headers).status_code == 404, url


def test_every_field_is_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/networks")]
    assert len(paths) == 6
    for name, component in schema["components"]["schemas"].items():
        if name in {
            "NetworkOut",
            "NetworkDetailOut",
            "MemberOut",
            "AssignmentOut",
            "AssignmentDetailOut",
            "EvaluationsOut",
            "EvaluationOut",
            "TeamMemberOut",
            "AgreementOut",
        }:
            for field, spec in component["properties"].items():
                assert spec.get("description"), f"{name}.{field}"
