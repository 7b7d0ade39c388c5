import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenwerkwijzer.collaborations.models import Invitation, Participant
from samenwerkwijzer.networks import services_after as services
from samenwerkwijzer.networks.evaluation import STATEMENTS
from samenwerkwijzer.networks.models import (
    Assignment,
    AssignmentAgreement,
    NetworkMember,
    TeamInvitation,
    TeamRole,
)
from testsupport.factories import OrganisationFactory

from .test_after_support import make_team

pytestmark = pytest.mark.django_db

ALL_FOUR = {s.key: 4 for s in STATEMENTS}


def _save(team, user, *, base_version=0, lead=None, contact=None, income="Each invoices own days."):
    lead = lead if lead is not None else team.net.bob_member
    return services.agreement_save(
        access=team.access(user),
        assignment=team.assignment,
        lead_member=lead,
        client_contact=contact if contact is not None else lead,
        income_split=income,
        other_terms="  Weekly call.  ",
        base_version=base_version,
    )


def _agree(team, personas):
    agreement = _save(team, personas.bob)
    for user in (personas.bob, personas.charlie):
        services.agreement_approve(access=team.access(user), assignment=team.assignment, version=agreement.version)
    team.assignment.refresh_from_db()
    return agreement


def _done(team, personas):
    _agree(team, personas)
    services.assignment_mark_done(access=team.access(personas.bob), assignment=team.assignment)
    team.assignment.refresh_from_db()


def _error_keys(excinfo):
    return set(excinfo.value.error_dict)


def test_terms_come_from_the_accepted_team(personas):
    team = make_team(personas)
    terms = services.agreement_terms(team.assignment)
    assert [t["organisation"] for t in terms] == ["Beta Transport", "Gamma Bouw"]
    assert terms[0]["roles"] == [{"expertise": "Tekstschrijven", "days": 4}]
    assert terms[0]["day_rate"] == "€\xa0750,00"
    assert terms[1]["day_rate"] == str(team.gamma_member.get_rate_band_display())  # no day rate: the band


def test_agreement_save_versions_and_strips(personas):
    team = make_team(personas)
    first = _save(team, personas.bob)
    assert first.version == 1 and first.other_terms == "Weekly call."
    assert first.data["team"][1]["days"] == 2
    second = _save(team, personas.alice, base_version=1, lead=team.gamma_member)  # the coordinator may too
    assert second.version == 2 and second.lead_member == team.gamma_member
    assert AssignmentAgreement.objects.count() == 1


def test_agreement_save_refusals(personas):
    team = make_team(personas)
    with pytest.raises(PermissionDenied):
        _save(team, personas.charlie)  # on the team, but not the bringer
    with pytest.raises(ValidationError) as excinfo:
        _save(team, personas.bob, lead=team.eve_member, contact=None)
    assert _error_keys(excinfo) == {"lead_member", "client_contact"}
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_save(
            access=team.access(personas.bob),
            assignment=team.assignment,
            lead_member=None,
            client_contact=None,
            income_split="",
            other_terms="",
            base_version=0,
        )
    assert _error_keys(excinfo) == {"lead_member", "client_contact"}
    assert not AssignmentAgreement.objects.exists()
    _save(team, personas.bob)
    with pytest.raises(ValidationError) as excinfo:
        _save(team, personas.bob, base_version=0, income="Mine overwrites")
    assert excinfo.value.error_dict["version"][0].code == "conflict"
    assert AssignmentAgreement.objects.get().income_split == "Each invoices own days."


def test_agreement_needs_a_complete_team(personas):
    team = make_team(personas, status=Assignment.Status.FORMING)
    with pytest.raises(ValidationError) as excinfo:
        _save(team, personas.bob)
    assert _error_keys(excinfo) == {"__all__"}


def test_approvals_per_version_then_agreed(personas):
    team = make_team(personas)
    with pytest.raises(ValidationError):  # nothing to approve yet
        services.agreement_approve(access=team.access(personas.bob), assignment=team.assignment, version=1)
    agreement = _save(team, personas.bob)
    with pytest.raises(PermissionDenied):  # alice coordinates but is not on the team
        services.agreement_approve(access=team.access(personas.alice), assignment=team.assignment, version=1)
    with pytest.raises(PermissionDenied):  # eve said no
        services.agreement_approve(access=team.access(team.eve), assignment=team.assignment, version=1)
    services.agreement_approve(access=team.access(personas.bob), assignment=team.assignment, version=1)
    with pytest.raises(ValidationError):
        services.agreement_approve(access=team.access(personas.bob), assignment=team.assignment, version=1)
    # A new version asks everyone again.
    agreement = _save(team, personas.bob, base_version=1)
    assert services.approved_member_ids(agreement) == set()
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_approve(access=team.access(personas.charlie), assignment=team.assignment, version=1)
    assert _error_keys(excinfo) == {"version"}
    for user in (personas.charlie, personas.bob):
        services.agreement_approve(access=team.access(user), assignment=team.assignment, version=2)
    team.assignment.refresh_from_db()
    assert team.assignment.status == Assignment.Status.AGREED
    # A change after agreeing reopens the approvals.
    _save(team, personas.bob, base_version=2)
    team.assignment.refresh_from_db()
    assert team.assignment.status == Assignment.Status.TEAM_COMPLETE


def test_mark_done(personas):
    team = make_team(personas)
    with pytest.raises(ValidationError):  # not agreed yet
        services.assignment_mark_done(access=team.access(personas.bob), assignment=team.assignment)
    _agree(team, personas)
    with pytest.raises(PermissionDenied):
        services.assignment_mark_done(access=team.access(personas.charlie), assignment=team.assignment)
    assert services.can_mark_done(team.access(personas.alice), team.assignment)
    services.assignment_mark_done(access=team.access(personas.bob), assignment=team.assignment)
    team.assignment.refresh_from_db()
    assert team.assignment.status == Assignment.Status.DONE


def test_penvoerder_may_mark_done(personas):
    team = make_team(personas)
    agreement = _save(team, personas.bob, lead=team.gamma_member)
    for user in (personas.bob, personas.charlie):
        services.agreement_approve(access=team.access(user), assignment=team.assignment, version=agreement.version)
    services.assignment_mark_done(access=team.access(personas.charlie), assignment=team.assignment)
    team.assignment.refresh_from_db()
    assert team.assignment.status == Assignment.Status.DONE


def _evaluate(team, user, *, answers=None, grade=8, submit=True, remarks=""):
    return services.evaluation_save(
        access=team.access(user),
        assignment=team.assignment,
        answers=ALL_FOUR if answers is None else answers,
        grade=grade,
        remarks=remarks,
        submit=submit,
    )


def test_evaluation_blind_until_everyone_submitted(personas):
    team = make_team(personas)
    with pytest.raises(ValidationError):  # not done yet
        _evaluate(team, personas.bob)
    _done(team, personas)
    with pytest.raises(PermissionDenied):
        _evaluate(team, personas.alice)
    draft = _evaluate(team, personas.bob, answers={"again": 5}, grade=None, submit=False, remarks=" ok ")
    assert draft.submitted_at is None and draft.answers == {"again": 5} and draft.remarks == "ok"
    with pytest.raises(ValidationError) as excinfo:
        _evaluate(team, personas.bob, answers={"again": 5}, grade=None)
    assert "grade" in excinfo.value.error_dict and "delivered" in excinfo.value.error_dict
    with pytest.raises(ValidationError) as excinfo:
        _evaluate(team, personas.bob, answers={"again": 9}, grade=11, submit=False)
    assert _error_keys(excinfo) == {"again", "grade"}
    _evaluate(team, personas.bob)
    with pytest.raises(ValidationError):
        _evaluate(team, personas.bob)  # submitted: no more changes
    team.assignment.refresh_from_db()
    assert not services.is_revealed(team.assignment)
    _evaluate(team, personas.charlie, grade=6)
    team.assignment.refresh_from_db()
    assert services.is_revealed(team.assignment) and team.assignment.evaluation_revealed_by is None


def test_reveal_by_the_bringer(personas):
    team = make_team(personas)
    with pytest.raises(ValidationError):  # not done
        services.evaluation_reveal(access=team.access(personas.bob), assignment=team.assignment)
    _done(team, personas)
    with pytest.raises(PermissionDenied):
        services.evaluation_reveal(access=team.access(personas.charlie), assignment=team.assignment)
    with pytest.raises(ValidationError):  # nobody submitted
        services.evaluation_reveal(access=team.access(personas.bob), assignment=team.assignment)
    _evaluate(team, personas.charlie)
    services.evaluation_reveal(access=team.access(personas.bob), assignment=team.assignment)
    team.assignment.refresh_from_db()
    assert team.assignment.evaluation_revealed_by == personas.bob
    with pytest.raises(ValidationError):
        services.evaluation_reveal(access=team.access(personas.bob), assignment=team.assignment)
    # The last one submitting later does not overwrite who revealed.
    _evaluate(team, personas.bob)
    team.assignment.refresh_from_db()
    assert team.assignment.evaluation_revealed_by == personas.bob


def test_to_collaboration(personas, mailoutbox, django_capture_on_commit_callbacks):
    team = make_team(personas)
    with pytest.raises(ValidationError):  # not agreed yet
        services.assignment_to_collaboration(access=team.access(personas.bob), assignment=team.assignment)
    _agree(team, personas)
    with pytest.raises(PermissionDenied):  # the coordinator is not the bringer
        services.assignment_to_collaboration(access=team.access(personas.alice), assignment=team.assignment)
    # A third team organisation without anyone to invite, and one whose "yes" came without a user.
    lonely = NetworkMember.objects.create(network=team.net.network, organisation=OrganisationFactory(name="Zeta Solo"))
    lonely_inv = TeamInvitation.objects.create(
        assignment=team.assignment, member=lonely, status=TeamInvitation.Status.ACCEPTED
    )
    TeamRole.objects.create(invitation=lonely_inv, need=team.assignment.needs.first(), days=1)
    TeamInvitation.objects.filter(member=team.gamma_member).update(responded_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.assignment_to_collaboration(access=team.access(personas.bob), assignment=team.assignment)
    collaboration = result.collaboration
    assert collaboration.name == "Jaarverslag Stadsbank"
    assert list(Participant.objects.filter(collaboration=collaboration).values_list("organisation__name", "role")) == [
        ("Beta Transport", "lead")
    ]
    assert result.invited == ["Gamma Bouw"] and result.unreachable == ["Zeta Solo"]
    invitation = Invitation.objects.get(collaboration=collaboration)
    assert invitation.email == "charlie@example.org" and "Jaarverslag Stadsbank" in invitation.message
    assert [m.to for m in mailoutbox] == [["charlie@example.org"]]
    team.assignment.refresh_from_db()
    assert team.assignment.collaboration == collaboration
    with pytest.raises(ValidationError):
        services.assignment_to_collaboration(access=team.access(personas.bob), assignment=team.assignment)
