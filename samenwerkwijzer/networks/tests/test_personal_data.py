"""The networks in a person's data download, in account deletion and in retention (privacy/registry.py)."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from samenwerkwijzer.networks import erasure, personal_data, retention
from samenwerkwijzer.networks.models import (
    AgreementApproval,
    Assignment,
    AssignmentAgreement,
    Availability,
    Evaluation,
    NetworkInvitation,
    NetworkMember,
    Offer,
    TeamInvitation,
    TeamRole,
)
from samenwerkwijzer.privacy.pseudonym import former_user
from samenwerkwijzer.privacy.registry import ERASURES, EXPORTS, RETENTIONS

pytestmark = pytest.mark.django_db


def done_with_team(net, *, ended_days_ago=30):
    """bob's assignment, done: bob wrote (accepted, evaluated and revealed), alice said no with a reason."""
    today = timezone.localdate()
    assignment = net.assignment
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.DONE,
        starts_on=today - timedelta(days=ended_days_ago + 20),
        ends_on=today - timedelta(days=ended_days_ago),
        evaluation_revealed_at=timezone.now(),
    )
    assignment.refresh_from_db()
    need = assignment.needs.get()
    bob = TeamInvitation.objects.create(
        assignment=assignment,
        member=net.bob_member,
        status=TeamInvitation.Status.ACCEPTED,
        response_note="Doe ik graag",
        responded_by=net.bob_member.organisation.memberships.get().user,
    )
    TeamRole.objects.create(invitation=bob, need=need, days=4)
    alice = TeamInvitation.objects.create(
        assignment=assignment,
        member=net.alice_member,
        status=TeamInvitation.Status.DECLINED,
        response_note="Geen tijd: verbouwing",
    )
    Evaluation.objects.create(
        assignment=assignment,
        member=net.bob_member,
        answers={"delivered": 5},
        grade=8,
        remarks="Goed gegaan",
        submitted_at=timezone.now(),
        submitted_by=bob.responded_by,
    )
    return assignment, bob, alice


def test_every_part_is_registered():
    assert "networks" in EXPORTS and "networks" in ERASURES
    assert {
        "network invitations",
        "reasons of a no in a network",
        "draft evaluations in a network",
        "profiles of members who left a network",
    } <= set(RETENTIONS)


def test_the_download_holds_the_organisations_network_data_and_track_record(personas, net):
    assignment, _bob, _alice = done_with_team(net)
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(day_rate=Decimal("650"))
    today = timezone.localdate()
    Availability.objects.create(member=net.bob_member, kind="busy", starts_on=today, ends_on=today, note="Vakantie")
    Offer.objects.create(assignment=assignment, member=net.bob_member, days=3)
    agreement = AssignmentAgreement.objects.create(assignment=assignment, lead_member=net.bob_member)
    AgreementApproval.objects.create(
        agreement=agreement, member=net.bob_member, version=1, user=personas.bob, user_name="Bob Partner"
    )
    NetworkInvitation.objects.create(
        network=net.network,
        email="bob@example.org",
        token_hash="x" * 64,
        expires_at=timezone.now(),
        invited_by=personas.alice,
    )
    data = personal_data.export(personas.bob)
    json.dumps(data)  # JSON-serialisable, as the download writes it
    [membership] = data["lidmaatschappen"]
    assert (membership["netwerk"], membership["organisatie"]) == ("Netwerk Noord", "Beta Transport")
    assert membership["profiel"]["day_rate"] == "650.00"
    assert membership["profiel"]["expertises"] == ["Fotografie", "Tekstschrijven"]
    assert [p["note"] for p in membership["beschikbaarheid"]] == ["Vakantie"]
    assert [a["title"] for a in membership["aangebrachte_opdrachten"]] == ["Jaarverslag Stadsbank"]
    assert [o["days"] for o in membership["aanbod_van_dagen"]] == [3]
    [invitation] = membership["teamuitnodigingen"]
    assert (invitation["status"], invitation["response_note"], invitation["responded_by"]) == (
        "accepted",
        "Doe ik graag",
        "u",
    )
    assert invitation["rollen"] == [{"expertise": "Tekstschrijven", "dagen": 4}]
    [evaluation] = membership["evaluaties"]
    assert (evaluation["grade"], evaluation["remarks"], evaluation["submitted_by"]) == (8, "Goed gegaan", "u")
    assert membership["staat_van_dienst"]["opdrachten"] == 1
    assert membership["staat_van_dienst"]["gemiddeld_cijfer"] == "8.0"
    assert [a["user_name"] for a in data["goedkeuringen_van_afspraken"]] == ["Bob Partner"]
    [network_invitation] = data["uitnodigingen_voor_een_netwerk"]
    assert "token_hash" not in network_invitation and network_invitation["invited_by"] is None
    # Others' reasons and evaluations are theirs: alice's "no" is not in bob's download.
    assert "verbouwing" not in json.dumps(data)


def test_someone_in_no_network_gets_empty_lists(personas, net):
    data = personal_data.export(personas.charlie)
    assert data["lidmaatschappen"] == [] and data["gestart"] == []


def test_deletion_clears_the_persons_links_and_keeps_the_organisations_membership(personas, net):
    assignment, bob_invitation, _alice = done_with_team(net)
    agreement = AssignmentAgreement.objects.create(assignment=assignment, updated_by=personas.bob)
    approval = AgreementApproval.objects.create(
        agreement=agreement, member=net.bob_member, version=1, user=personas.bob, user_name="Bob Partner"
    )
    Assignment.objects.filter(pk=assignment.pk).update(created_by=personas.bob)
    invitation = NetworkInvitation.objects.create(
        network=net.network, email="BOB@example.org", token_hash="y" * 64, expires_at=timezone.now()
    )
    other = NetworkInvitation.objects.create(
        network=net.network, email="iemand@example.org", token_hash="z" * 64, expires_at=timezone.now()
    )
    described = erasure.describe(personas.bob)
    assert len(described) == 1 and "Beta Transport" in described[0].what and "Netwerk Noord" in described[0].what

    kept = erasure.erase(personas.bob)

    assert kept == described
    assert NetworkMember.objects.filter(pk=net.bob_member.pk, left_at__isnull=True).exists()
    bob_invitation.refresh_from_db()
    assert bob_invitation.responded_by is None and bob_invitation.status == TeamInvitation.Status.ACCEPTED
    evaluation = Evaluation.objects.get(member=net.bob_member)
    assert evaluation.submitted_by is None and evaluation.grade == 8
    approval.refresh_from_db()
    assert approval.user is None and approval.user_name == former_user()
    agreement.refresh_from_db()
    assert agreement.updated_by is None
    assert Assignment.objects.get(pk=assignment.pk).created_by is None
    assert not NetworkInvitation.objects.filter(pk=invitation.pk).exists()
    assert NetworkInvitation.objects.filter(pk=other.pk).exists()
    # alice's links are untouched.
    assert net.network.created_by == personas.alice
    assert erasure.describe(personas.charlie) == []


def test_retention_empties_old_reasons_and_deletes_old_draft_evaluations(personas, net):
    _assignment, bob, alice = done_with_team(net, ended_days_ago=settings.RETENTION_NETWORK_REASON_DAYS + 1)
    Evaluation.objects.create(assignment=net.assignment, member=net.alice_member, grade=4, remarks="Concept")
    now = timezone.now()
    assert retention.clean_up_reasons(now) == 1
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.response_note == "" and alice.status == TeamInvitation.Status.DECLINED
    assert bob.response_note == "Doe ik graag"  # a yes is part of the team's record
    assert retention.clean_up_reasons(now) == 0
    assert retention.clean_up_draft_evaluations(now) == 1
    assert list(Evaluation.objects.values_list("remarks", flat=True)) == ["Goed gegaan"]


def test_retention_keeps_recent_reasons_and_drafts(personas, net):
    _assignment, _bob, alice = done_with_team(net, ended_days_ago=settings.RETENTION_NETWORK_REASON_DAYS - 1)
    Evaluation.objects.create(assignment=net.assignment, member=net.alice_member, grade=4)
    now = timezone.now()
    assert retention.clean_up_reasons(now) == 0
    assert retention.clean_up_draft_evaluations(now) == 0
    alice.refresh_from_db()
    assert alice.response_note == "Geen tijd: verbouwing"


def test_retention_clears_the_profile_of_a_member_who_left_long_ago(personas, net):
    today = timezone.localdate()
    now = timezone.now()
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(
        day_rate=Decimal("650"), left_at=now - timedelta(days=settings.RETENTION_NETWORK_LEFT_MEMBER_DAYS + 1)
    )
    NetworkMember.objects.filter(pk=net.alice_member.pk).update(
        rate_band="high", left_at=now - timedelta(days=settings.RETENTION_NETWORK_LEFT_MEMBER_DAYS - 1)
    )
    for member in (net.bob_member, net.alice_member):
        Availability.objects.create(member=member, kind="available", starts_on=today, ends_on=today)
    assert retention.clean_up_left_members(now) == 2  # bob's period and bob's profile
    bob = NetworkMember.objects.get(pk=net.bob_member.pk)
    assert (bob.day_rate, bob.rate_band, bob.home_pc4) == (None, "", "")
    assert not bob.availability.exists()
    assert bob.left_at is not None and bob.expertises.count() == 2  # the membership row stays
    alice = NetworkMember.objects.get(pk=net.alice_member.pk)
    assert (alice.rate_band, alice.home_pc4) == ("high", "3511") and alice.availability.exists()
    assert retention.clean_up_left_members(now) == 0


def test_retention_deletes_old_network_invitations(personas, net, settings):
    now = timezone.now()
    old = now - timedelta(days=settings.RETENTION_INVITATION_DAYS + 1)

    def invitation(key, **fields):
        return NetworkInvitation.objects.create(
            network=net.network,
            email=f"{key}@example.org",
            token_hash=key * 64,
            expires_at=fields.pop("expires_at", now + timedelta(days=7)),
            **fields,
        )

    invitation("a", accepted_at=old)
    invitation("b", declined_at=old)
    invitation("c", revoked_at=old)
    invitation("d", expires_at=old)
    open_one = invitation("e")
    recent = invitation("f", accepted_at=now)
    assert retention.clean_up_network_invitations(now) == 4
    assert set(NetworkInvitation.objects.values_list("pk", flat=True)) == {open_one.pk, recent.pk}
