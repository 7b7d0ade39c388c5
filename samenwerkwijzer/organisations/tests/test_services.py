"""The services refuse on their own what the views already refuse: a caller without rights changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenwerkwijzer.organisations import services
from samenwerkwijzer.organisations.models import Membership, MembershipInvitation, Organisation
from testsupport.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def membership(organisation, user) -> Membership:
    return Membership.objects.get(organisation=organisation, user=user)


def test_a_plain_member_cannot_change_the_profile(personas):
    data = {field: getattr(personas.alpha, field) for field in services.ORGANISATION_FIELDS} | {"name": "Overgenomen"}
    with pytest.raises(PermissionDenied):
        services.organisation_update(membership=membership(personas.alpha, personas.anna), data=data)
    personas.alpha.refresh_from_db()
    assert personas.alpha.name == "Alpha Bakkerij"


def test_a_plain_member_cannot_invite_members(personas):
    with pytest.raises(PermissionDenied):
        services.membership_invitation_create(
            by=membership(personas.alpha, personas.anna),
            email="charlie@example.org",
            role=Membership.Role.ADMIN,
            is_authorised_signatory=True,
            base_url="http://testserver",
        )
    assert not MembershipInvitation.objects.exists()


def test_nobody_withdraws_an_invitation_without_being_administrator_of_that_organisation(personas):
    invitation, _token = services.membership_invitation_create(
        by=membership(personas.alpha, personas.alice),
        email="charlie@example.org",
        role=Membership.Role.MEMBER,
        is_authorised_signatory=False,
        base_url="http://testserver",
    )
    for by in (membership(personas.alpha, personas.anna), membership(personas.beta, personas.bob)):
        with pytest.raises(PermissionDenied):
            services.membership_invitation_withdraw(by=by, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_accepting_or_declining_a_used_invitation_is_refused_by_the_service_itself(personas):
    invitation, token = services.membership_invitation_create(
        by=membership(personas.alpha, personas.alice),
        email="charlie@example.org",
        role=Membership.Role.MEMBER,
        is_authorised_signatory=False,
        base_url="http://testserver",
    )
    services.membership_invitation_accept(token=token, user=personas.charlie)
    for action in (services.membership_invitation_accept, services.membership_invitation_decline):
        with pytest.raises(ValidationError):
            action(token=token, user=personas.charlie)
    invitation.refresh_from_db()
    assert invitation.declined_at is None
    assert Membership.objects.filter(organisation=personas.alpha, user=personas.charlie).count() == 1


def test_nobody_changes_a_membership_without_being_administrator_of_that_organisation(personas):
    alice = membership(personas.alpha, personas.alice)
    anna = membership(personas.alpha, personas.anna)
    bob = membership(personas.beta, personas.bob)
    with pytest.raises(PermissionDenied):  # a plain member, in her own organisation
        services.membership_update(
            by=anna, membership=alice, role=Membership.Role.MEMBER, is_authorised_signatory=False
        )
    with pytest.raises(PermissionDenied):  # an administrator, in another organisation
        services.membership_update(by=alice, membership=bob, role=Membership.Role.MEMBER, is_authorised_signatory=False)
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.is_admin and alice.is_authorised_signatory
    assert bob.is_admin and bob.is_authorised_signatory


def test_nobody_removes_someone_else_without_being_administrator_of_that_organisation(personas):
    alice = membership(personas.alpha, personas.alice)
    anna = membership(personas.alpha, personas.anna)
    bob = membership(personas.beta, personas.bob)
    with pytest.raises(PermissionDenied):  # a plain member, in her own organisation
        services.membership_remove(by=anna, membership=alice)
    with pytest.raises(PermissionDenied):  # an administrator, in another organisation
        services.membership_remove(by=alice, membership=bob)
    assert Membership.objects.filter(pk__in=[alice.pk, bob.pk]).count() == 2


def test_a_claim_without_a_number_is_held_by_nobody_and_cannot_be_verified(personas):
    assert services.verified_holder("") is None
    Organisation.objects.filter(pk=personas.gamma.pk).update(kvk_number="")
    personas.gamma.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.organisation_verify(organisation=personas.gamma, method="extract")
    assert "kvk_number" in refused.value.message_dict
    personas.gamma.refresh_from_db()
    assert not personas.gamma.is_verified


def test_verifying_takes_the_number_from_an_unverified_claim_and_tells_its_administrators(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    squatter = MembershipFactory(organisation__kvk_number=personas.alpha.kvk_number, organisation__name="Kraker")
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_verify(organisation=personas.alpha, method="eherkenning", assurance_level="EH3")
    squatter.organisation.refresh_from_db()
    assert squatter.organisation.kvk_number == "" and not squatter.organisation.is_verified
    assert [m.to for m in mailoutbox] == [[squatter.user.email]]
    assert "Kraker" in mailoutbox[0].subject


def test_the_number_of_a_verified_organisation_is_not_edited_afterwards(personas):
    services.organisation_verify(organisation=personas.alpha, method="extract")
    data = {field: getattr(personas.alpha, field) for field in services.ORGANISATION_FIELDS}
    data |= {"kvk_number": "99999999", "name": "Alpha Bakkerij B.V."}
    services.organisation_update(membership=membership(personas.alpha, personas.alice), data=data)
    personas.alpha.refresh_from_db()
    assert personas.alpha.name == "Alpha Bakkerij B.V." and personas.alpha.kvk_number != "99999999"


def test_the_service_itself_refuses_a_number_a_verified_organisation_holds(personas):
    services.organisation_verify(organisation=personas.alpha, method="extract")
    data = {field: getattr(personas.alpha, field) for field in services.ORGANISATION_FIELDS} | {"name": "Kraker"}
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(user=personas.charlie, data=data, is_authorised_signatory=True)
    assert "Alpha Bakkerij" in refused.value.message_dict["kvk_number"][0]
    assert not Organisation.objects.filter(name="Kraker").exists()


def test_a_verification_reads_as_a_dutch_date_with_its_method_and_level():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import translation

    from samenwerkwijzer.organisations.models import Organisation

    organisation = Organisation(
        name="Echt",
        verification_status=Organisation.VerificationStatus.VERIFIED,
        verification_method=Organisation.VerificationMethod.EHERKENNING,
        assurance_level="EH3",
        verified_at=datetime(2026, 12, 6, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam")),
    )
    with translation.override("nl"):
        assert organisation.verification_summary == "geverifieerd via eHerkenning (EH3) op 6 dec. 2026"
        assert Organisation(name="Kraker").verification_summary == "niet geverifieerd"
