"""The services refuse on their own what the views already refuse: a caller without rights changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenwerkwijzer.organisations import services
from samenwerkwijzer.organisations.models import Membership, MembershipInvitation

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
