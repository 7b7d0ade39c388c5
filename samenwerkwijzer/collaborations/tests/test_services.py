from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from samenwerkwijzer.collaborations import services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent, Invitation, Observer, Participant
from testsupport.factories import MembershipFactory, OrganisationFactory, UserFactory, make_collaboration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def lead_access(p):
    return get_collaboration_for_user(p.alice, p.collaboration.pk, lead=True)


def invite(p, email="new@example.org", kind=Invitation.Kind.PARTICIPANT):
    return services.invitation_create(access=lead_access(p), email=email, kind=kind, base_url="http://testserver")


def test_starting_a_collaboration_makes_the_organisation_lead_and_records_it():
    user = UserFactory()
    organisation = MembershipFactory(user=user).organisation
    collaboration = make_collaboration(user=user, organisation=organisation, name="Kaasroute")
    participant = collaboration.participants.get()
    assert participant.organisation == organisation and participant.is_lead
    event = collaboration.audit_events.get()
    assert event.action == AuditEvent.Action.CREATED and event.actor == user


def test_one_cannot_start_a_collaboration_for_someone_elses_organisation():
    user = UserFactory()
    with pytest.raises(ValidationError):
        make_collaboration(user=user, organisation=OrganisationFactory())


def test_an_invitation_is_mailed_with_a_single_use_link_and_only_its_hash_is_stored(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(personas)
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert token in mail.outbox[0].body
    assert personas.collaboration.name in mail.outbox[0].subject


def test_a_new_partner_joins_with_one_of_their_organisations(personas):
    _invitation, token = invite(personas)
    newcomer = UserFactory(email="new@example.org")
    organisation = MembershipFactory(user=newcomer).organisation
    services.invitation_accept(token=token, user=newcomer, organisation=organisation)
    assert Participant.objects.filter(collaboration=personas.collaboration, organisation=organisation).exists()
    assert personas.collaboration.audit_events.filter(action=AuditEvent.Action.JOINED).exists()


def test_an_invitation_cannot_be_used_twice(personas):
    _invitation, token = invite(personas)
    newcomer = UserFactory(email="new@example.org")
    first = MembershipFactory(user=newcomer).organisation
    second = MembershipFactory(user=newcomer).organisation
    services.invitation_accept(token=token, user=newcomer, organisation=first)
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(token=token, user=newcomer, organisation=second)
    assert not Participant.objects.filter(organisation=second).exists()


def test_an_expired_invitation_is_refused(personas):
    invitation, token = invite(personas)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    newcomer = UserFactory(email="new@example.org")
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(
            token=token, user=newcomer, organisation=MembershipFactory(user=newcomer).organisation
        )


def test_an_invitation_for_someone_else_is_refused(personas):
    _invitation, token = invite(personas)
    with pytest.raises(ValidationError, match="another e-mail address"):
        services.invitation_accept(token=token, user=personas.charlie, organisation=personas.gamma)
    assert not Participant.objects.filter(organisation=personas.gamma).exists()


def test_joining_with_an_organisation_that_already_takes_part_is_refused(personas):
    _invitation, token = invite(personas)
    newcomer = UserFactory(email="new@example.org")
    MembershipFactory(user=newcomer, organisation=personas.beta)
    with pytest.raises(ValidationError, match="already takes part"):
        services.invitation_accept(token=token, user=newcomer, organisation=personas.beta)
    assert Invitation.objects.get(token_hash__isnull=False, email="new@example.org").accepted_at is None


def test_joining_with_an_organisation_one_is_not_a_member_of_is_refused(personas):
    _invitation, token = invite(personas)
    newcomer = UserFactory(email="new@example.org")
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=newcomer, organisation=personas.gamma)


def test_inviting_someone_who_already_takes_part_is_refused(personas):
    with pytest.raises(ValidationError, match="already takes part"):
        invite(personas, email="BOB@example.org")


def test_inviting_the_same_address_twice_while_open_is_refused(personas):
    with pytest.raises(ValidationError, match="open invitation"):
        invite(personas, email="newcomer@example.org")


def test_an_observer_invitation_makes_the_person_an_observer(personas):
    _invitation, token = invite(personas, email="adviser@example.org", kind=Invitation.Kind.OBSERVER)
    adviser = UserFactory(email="adviser@example.org")
    services.invitation_accept(token=token, user=adviser)
    assert Observer.objects.filter(collaboration=personas.collaboration, user=adviser).exists()
    assert get_collaboration_for_user(adviser, personas.collaboration.pk).is_observer


def test_inviting_an_existing_observer_again_is_refused(personas):
    with pytest.raises(ValidationError, match="already an observer"):
        invite(personas, email="olivia@example.org", kind=Invitation.Kind.OBSERVER)


def test_only_the_lead_invites(personas):
    partner = get_collaboration_for_user(personas.bob, personas.collaboration.pk)
    with pytest.raises(PermissionDenied):
        services.invitation_create(access=partner, email="x@example.org", kind="participant", base_url="http://t")


def test_a_withdrawn_invitation_cannot_be_used(personas):
    services.invitation_revoke(access=lead_access(personas), invitation=personas.open_invitation)
    newcomer = UserFactory(email="newcomer@example.org")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.invitation_accept(
            token=personas.open_invitation_token,
            user=newcomer,
            organisation=MembershipFactory(user=newcomer).organisation,
        )
    with pytest.raises(ValidationError, match="no longer open"):
        services.invitation_revoke(access=lead_access(personas), invitation=personas.open_invitation)


def test_the_last_lead_cannot_be_removed_or_demoted(personas):
    access = lead_access(personas)
    with pytest.raises(ValidationError, match="last lead"):
        services.participant_remove(access=access, participant=personas.alice_participant)
    with pytest.raises(ValidationError, match="last lead"):
        services.participant_set_role(access=access, participant=personas.alice_participant, role="partner")
    assert Participant.objects.get(pk=personas.alice_participant.pk).is_lead


def test_a_lead_can_hand_over_and_then_step_down(personas):
    access = lead_access(personas)
    services.participant_set_role(access=access, participant=personas.bob_participant, role="lead")
    services.participant_set_role(access=access, participant=personas.alice_participant, role="partner")
    assert Participant.objects.get(pk=personas.bob_participant.pk).is_lead
    assert personas.collaboration.audit_events.filter(action=AuditEvent.Action.ROLE_CHANGED).count() == 2


def test_a_role_change_for_a_participant_that_left_meanwhile_changes_nothing(personas):
    access = lead_access(personas)
    bob = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    services.participant_remove(access=bob, participant=personas.bob_participant)
    services.participant_set_role(access=access, participant=personas.bob_participant, role="lead")
    assert not Participant.objects.filter(pk=personas.bob_participant.pk).exists()
    assert list(personas.collaboration.participants.values_list("organisation", "role")) == [
        (personas.alpha.pk, "lead")
    ]
    assert not personas.collaboration.audit_events.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()


def test_setting_an_unknown_role_is_refused(personas):
    with pytest.raises(ValidationError):
        services.participant_set_role(access=lead_access(personas), participant=personas.bob_participant, role="boss")


def test_a_lead_removes_a_partner_and_the_partner_loses_access(personas):
    services.participant_remove(access=lead_access(personas), participant=personas.bob_participant)
    from django.http import Http404

    with pytest.raises(Http404):
        get_collaboration_for_user(personas.bob, personas.collaboration.pk)
    assert personas.collaboration.audit_events.filter(action=AuditEvent.Action.REMOVED).exists()


def test_a_partner_may_leave_but_not_remove_others(personas):
    partner = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    with pytest.raises(PermissionDenied):
        services.participant_remove(access=partner, participant=personas.alice_participant)
    services.participant_remove(access=partner, participant=personas.bob_participant)
    assert personas.collaboration.audit_events.filter(action=AuditEvent.Action.LEFT).exists()


def test_observers_can_leave_but_only_the_lead_removes_others(personas):
    olivia = get_collaboration_for_user(personas.olivia, personas.collaboration.pk)
    with pytest.raises(PermissionDenied):
        services.observer_remove(access=olivia, observer=personas.oscar_observer)
    services.observer_remove(access=olivia, observer=personas.olivia_observer)
    services.observer_remove(access=lead_access(personas), observer=personas.oscar_observer)
    assert not Observer.objects.filter(collaboration=personas.collaboration).exists()


def test_updating_details_records_which_fields_changed(personas):
    services.collaboration_update(access=lead_access(personas), changes={"name": "Nieuwe naam", "purpose": "x"})
    event = personas.collaboration.audit_events.filter(action=AuditEvent.Action.UPDATED).get()
    assert event.details["fields"] == ["name", "purpose"]
    services.collaboration_update(access=lead_access(personas), changes={"phase": "agreements"})
    assert personas.collaboration.audit_events.filter(action=AuditEvent.Action.PHASE_CHANGED).exists()


def test_an_update_without_changes_records_nothing(personas):
    before = AuditEvent.objects.count()
    services.collaboration_update(access=lead_access(personas), changes={"name": personas.collaboration.name})
    assert AuditEvent.objects.count() == before


def test_only_the_lead_updates_details(personas):
    partner = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    with pytest.raises(PermissionDenied):
        services.collaboration_update(access=partner, changes={"name": "Overgenomen"})


def test_audit_events_are_append_only(personas):
    event = personas.collaboration.audit_events.first()
    event.action = "tampered"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
