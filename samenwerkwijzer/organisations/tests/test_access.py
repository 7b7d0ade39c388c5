import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from samenwerkwijzer.organisations.access import get_membership_for_user, organisations_for_user

pytestmark = pytest.mark.django_db


def test_anonymous_reaches_no_organisation(personas):
    assert list(organisations_for_user(AnonymousUser())) == []
    with pytest.raises(Http404):
        get_membership_for_user(AnonymousUser(), personas.alpha.pk)


def test_someone_outside_the_organisation_gets_not_found_as_for_a_missing_one(personas):
    with pytest.raises(Http404):
        get_membership_for_user(personas.charlie, personas.alpha.pk)
    with pytest.raises(Http404):
        get_membership_for_user(personas.charlie, 999999)
