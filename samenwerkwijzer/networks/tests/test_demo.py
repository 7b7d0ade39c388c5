"""The demo network of ``seed_demo``: "Communicatiecollectief Utrecht" (issue #19, Demo data)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from samenwerkwijzer.networks.access import get_network_for_user
from samenwerkwijzer.networks.demo import NETWORK_NAME
from samenwerkwijzer.networks.models import (
    AgreementApproval,
    Assignment,
    Availability,
    Evaluation,
    Network,
    NetworkMember,
    TeamInvitation,
)
from samenwerkwijzer.networks.track_record import track_record
from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.reference import catalog

pytestmark = pytest.mark.django_db

# ``demo_document`` (conftest.py): the demo seeded once for this module, each test in its own savepoint.


def seed() -> dict:
    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    return json.loads(out.getvalue())


def counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (
            Organisation,
            Network,
            NetworkMember,
            Availability,
            Assignment,
            TeamInvitation,
            Evaluation,
            AgreementApproval,
        )
    )


def test_the_demo_network_has_forty_members_eight_expertises_and_real_reference_data(demo_document):
    document = demo_document
    assert document["networks"] == [{"name": NETWORK_NAME, "coordinator": "alice@example.org", "members": 40}]
    network = Network.objects.get(name=NETWORK_NAME)
    assert network.expertises.count() == 8
    members = list(network.members.select_related("organisation").prefetch_related("expertises"))
    assert len(members) == 40
    coordinator = next(m for m in members if m.is_coordinator)
    assert coordinator.organisation.name == "Bakkerij Van der Molen"
    bob = next(m for m in members if m.organisation.name == "Transportbedrijf De Vries")
    assert bob.role == NetworkMember.Role.MEMBER
    # Only alice's and bob's organisations have logins; the 38 others are unverified one-person businesses.
    others = [m.organisation for m in members if m not in (coordinator, bob)]
    assert len(others) == 38
    assert not Membership.objects.filter(organisation__in=others).exists()
    areas, codes = catalog.pc4_areas(), catalog.sbi_codes()
    for organisation in others:
        assert not organisation.is_verified
        assert (organisation.legal_form, organisation.size_class) == ("01", "1")
        assert len(organisation.kvk_number) == 8
        assert organisation.sbi_codes and all(code in codes for code in organisation.sbi_codes)
        assert areas[organisation.pc4].province == "Utrecht"
    for member in members:
        assert member.expertises.exists()
        assert (member.day_rate is None) != (member.rate_band == "")
        assert member.availability.exists()
    # Every expertise is held by several members.
    for expertise in network.expertises.all():
        assert expertise.members.count() >= 3, expertise.name


def test_two_done_assignments_with_revealed_evaluations_and_one_with_a_proposal(demo_document):
    network = Network.objects.get(name=NETWORK_NAME)
    done = list(network.assignments.filter(status=Assignment.Status.DONE))
    assert len(done) == 2
    for assignment in done:
        team = list(assignment.team.all())
        assert team and all(i.status == TeamInvitation.Status.ACCEPTED for i in team)
        assert assignment.evaluation_revealed_at is not None
        evaluations = assignment.evaluations.filter(submitted_at__isnull=False)
        assert {e.member_id for e in evaluations} == {i.member_id for i in team}
        assert all(e.grade and len(e.answers) == 6 for e in evaluations)
        assert assignment.agreement.approvals.count() == len(team)
        assert sum(n.days for n in assignment.needs.all()) == sum(r.days for i in team for r in i.roles.all())
    bob = network.members.get(organisation__kvk_number="69599076", organisation__verification_status="verified")
    record = track_record(bob)
    assert record.assignments == 2 and record.average_grade is not None
    [open_assignment] = network.assignments.exclude(status=Assignment.Status.DONE)
    assert open_assignment.status in (Assignment.Status.DRAFT, Assignment.Status.FORMING)
    assert open_assignment.proposal_number == 1
    assert open_assignment.proposal["status"] in ("optimal", "fallback")
    proposed = open_assignment.team.filter(status=TeamInvitation.Status.PROPOSED)
    assert proposed.exists()
    assert {m["member_id"] for m in open_assignment.proposal["members"]} == set(
        proposed.values_list("member_id", flat=True)
    )


def test_seeding_twice_changes_nothing(demo_document):
    first = demo_document
    before = counts()
    second = seed()
    assert first == second
    assert counts() == before


def test_alice_and_bob_read_the_demo_network_through_the_api(client, demo_document):
    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(email="alice@example.org")
    network = Network.objects.get(name=NETWORK_NAME)
    assert get_network_for_user(alice, network.pk).is_coordinator
    client.force_login(alice)
    body = client.get(reverse("api:network_members", args=[network.pk]), {"limit": 200}).json()
    assert body["total"] == 40
