import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenwerkwijzer.integrations import services
from samenwerkwijzer.integrations.models import ApiToken, hash_api_token

pytestmark = pytest.mark.django_db


def test_fixture_makes_a_working_token(personas, api_token_for):
    raw = api_token_for(personas.alice)
    token = ApiToken.objects.get(token_hash=hash_api_token(raw))
    assert token.user == personas.alice
    assert token.scope == "read"
    assert token.expires_at > timezone.now() + datetime.timedelta(days=89)
    raw_write = api_token_for(personas.alice, scope="write", organisation=personas.alpha)
    assert ApiToken.objects.get(token_hash=hash_api_token(raw_write)).can_write


def test_create_checks_every_field(personas):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.api_token_create(
            user=personas.alice,
            name="  ",
            scope="admin",
            collaboration=personas.other_collaboration,
            expires_on=today,
        )
    assert set(error.value.message_dict) == {"name", "scope", "collaboration", "expires_on"}
    with pytest.raises(ValidationError) as error:
        services.api_token_create(user=personas.alice, name="x", scope="write")
    assert set(error.value.message_dict) == {"organisation"}
    with pytest.raises(ValidationError) as error:
        services.api_token_create(
            user=personas.alice, name="x", organisation=personas.beta, expires_on=today + datetime.timedelta(days=366)
        )
    assert set(error.value.message_dict) == {"organisation", "expires_on"}
    assert not ApiToken.objects.exists()


def test_the_token_works_through_its_last_day(personas):
    today = timezone.localdate()
    token, raw = services.api_token_create(
        user=personas.alice, name="Dashboard", expires_on=today + datetime.timedelta(days=1)
    )
    assert raw.startswith("swz_") and token.token_hash == hash_api_token(raw)
    assert timezone.localtime(token.expires_at).date() == today + datetime.timedelta(days=2)
    assert not token.is_expired()


def test_revoke_only_ones_own(personas):
    token, _raw = services.api_token_create(user=personas.alice, name="Dashboard")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(user=personas.bob, token=token)
    services.api_token_revoke(user=personas.alice, token=token)
    assert not ApiToken.objects.exists()


def test_revocations(personas):
    services.api_token_create(user=personas.alice, name="a")
    services.api_token_create(user=personas.alice, name="b", scope="write", organisation=personas.alpha)
    services.api_token_create(user=personas.bob, name="c")
    assert services.revoke_tokens_for_leaving(personas.alice, personas.alpha) == 1
    assert services.revoke_tokens_for_password_change(personas.alice) == 1
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["c"]
