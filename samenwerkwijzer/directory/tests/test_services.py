"""Rules the services keep by themselves, for callers that do not come through the pages.

The pages refuse these cases before the service is reached (a plain member gets 403, the form
offers only the known kinds); the services must refuse them as well and change nothing.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenwerkwijzer.directory import services
from samenwerkwijzer.directory.models import Connection, DirectoryEntry, DirectoryListing, PartnerProfile
from samenwerkwijzer.organisations.models import Membership

from .test_views import _profile, make_findable

pytestmark = pytest.mark.django_db


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def request_from_beta(p) -> Connection:
    return Connection.objects.create(
        from_organisation=p.beta, to_organisation=p.alpha, kind=Connection.Kind.KNOW_EACH_OTHER, requested_by=p.bob
    )


def test_a_plain_member_cannot_make_the_organisation_findable(personas):
    with pytest.raises(PermissionDenied):
        services.listing_save(
            membership=membership(personas.anna, personas.alpha),
            findable=True,
            chain_position="producent",
            offers=["vakkennis"],
            needs=[],
            specialisms=[],
        )
    assert not DirectoryListing.objects.exists() and not DirectoryEntry.objects.exists()


@pytest.mark.parametrize("owners", ["both", "neither"])
def test_a_wanted_partner_profile_belongs_to_an_organisation_or_to_a_collaboration(personas, owners):
    p = personas
    given = {"organisation": p.alpha, "collaboration": p.collaboration} if owners == "both" else {}
    with pytest.raises(ValueError, match="organisation or to a collaboration"):
        services.profile_save(**given, data=_profile(), user=p.alice)
    assert not PartnerProfile.objects.exists()


def test_a_plain_member_cannot_ask_for_a_connection(personas):
    p = personas
    make_findable(p.beta, p.bob)
    with pytest.raises(PermissionDenied):
        services.connection_request(membership=membership(p.anna, p.alpha), other=p.beta, kind="know_each_other")
    assert not Connection.objects.exists()


def test_a_connection_of_an_unknown_kind_is_refused_with_a_message(personas):
    p = personas
    with pytest.raises(ValidationError) as refused:
        services.connection_request(membership=membership(p.alice, p.alpha), other=p.beta, kind="best_friends")
    assert refused.value.message_dict == {"kind": ["Kies hoe u elkaar kent."]}
    assert not Connection.objects.exists()


def test_a_plain_member_cannot_confirm_a_connection(personas):
    p = personas
    connection = request_from_beta(p)
    with pytest.raises(PermissionDenied):
        services.connection_confirm(membership=membership(p.anna, p.alpha), connection=connection)
    connection.refresh_from_db()
    assert connection.confirmed_at is None


def test_a_plain_member_cannot_remove_a_connection(personas):
    p = personas
    connection = request_from_beta(p)
    with pytest.raises(PermissionDenied):
        services.connection_remove(membership=membership(p.anna, p.alpha), connection=connection)
    assert Connection.objects.filter(pk=connection.pk).exists()


def test_an_organisation_outside_a_connection_cannot_remove_it(personas):
    p = personas
    connection = request_from_beta(p)
    with pytest.raises(PermissionDenied):
        services.connection_remove(membership=membership(p.charlie, p.gamma), connection=connection)
    assert Connection.objects.filter(pk=connection.pk).exists()
