"""Single sign-on for people through allauth's OpenID Connect apps, against a real provider started
as a local server (oidc-provider-mock, see testsupport/oidc_provider.py)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from samenwerkwijzer import settings as project_settings
from samenwerkwijzer.accounts.models import User
from testsupport.factories import UserFactory
from testsupport.oidc_provider import oidc_provider, path_of  # noqa: F401


def _app(provider_id, name, server_url):
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": "samenwerkwijzer-sso",
        "secret": "geheim",
        "settings": {"server_url": server_url, "oauth_pkce_enabled": True},
    }


@pytest.fixture
def sso(settings, oidc_provider, monkeypatch):  # noqa: F811
    """Microsoft and a generic provider, both pointing at the local provider (as the environment would set)."""
    for name, value in {
        "OIDC_MICROSOFT_TENANT": "contoso",
        "OIDC_MICROSOFT_CLIENT_ID": "samenwerkwijzer-sso",
        "OIDC_MICROSOFT_CLIENT_SECRET": "geheim",
        "OIDC_MICROSOFT_SERVER_URL": oidc_provider.origin,
        "OIDC_NAME": "Gemeente-ID",
        "OIDC_SERVER_URL": oidc_provider.origin,
        "OIDC_CLIENT_ID": "samenwerkwijzer-sso",
        "OIDC_CLIENT_SECRET": "geheim",
    }.items():
        monkeypatch.setenv(name, value)
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": project_settings._sso_apps()}}
    return oidc_provider


def sign_in(client, provider, provider_id, sub, claims):
    """Press the provider's button, continue, log in at the provider, and come back."""
    provider.set_user(sub, claims)
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": provider_id}))
    assert response.status_code == 302, response.content[:300]
    query = parse_qs(urlsplit(response.url).query)
    assert response.url.startswith(provider.origin + "/oauth2/authorize?")
    assert query["code_challenge_method"] == ["S256"]
    return client.get(path_of(provider.authorize(response.url, sub)))


def test_single_sign_on_is_off_by_default(client, db):
    assert project_settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []
    page = client.get(reverse("account_login")).content.decode()
    assert "Inloggen met" not in page
    assert "derde partij" not in page
    assert client.get("/accounts/oidc/microsoft/login/").status_code == 404


def test_the_login_page_shows_a_dutch_button_per_configured_provider(client, sso, db):
    page = client.get(reverse("account_login")).content.decode()
    assert 'class="button button--secondary" href="/accounts/oidc/microsoft/login/?process=login"' in page
    assert "Inloggen met Microsoft" in page
    assert "Inloggen met Gemeente-ID" in page


def test_the_microsoft_app_uses_the_tenant_issuer_unless_overridden(monkeypatch):
    monkeypatch.setenv("OIDC_MICROSOFT_TENANT", "contoso")
    monkeypatch.setenv("OIDC_MICROSOFT_CLIENT_ID", "id")
    monkeypatch.setenv("OIDC_MICROSOFT_CLIENT_SECRET", "secret")
    monkeypatch.delenv("OIDC_MICROSOFT_SERVER_URL", raising=False)
    monkeypatch.delenv("OIDC_SERVER_URL", raising=False)
    (app,) = project_settings._sso_apps()
    assert app["provider_id"] == "microsoft" and app["name"] == "Microsoft"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/contoso/v2.0"
    monkeypatch.delenv("OIDC_MICROSOFT_CLIENT_SECRET")
    assert project_settings._sso_apps() == []


def test_a_new_person_signs_in_with_microsoft(client, sso, db):
    response = sign_in(
        client,
        sso,
        "microsoft",
        "mia-sso",
        {"email": "mia@voorbeeld.nl", "email_verified": True, "name": "Mia Microsoft"},
    )
    assert response.status_code == 302
    # Someone new, without an organisation, is taken to the guided start.
    assert response.url == reverse("onboarding:start")
    user = User.objects.get(email="mia@voorbeeld.nl")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.socialaccount_set.get().provider == "microsoft"
    assert EmailAddress.objects.get(user=user).verified


def test_a_person_signs_in_again_with_the_generic_provider_to_the_same_account(client, sso, db):
    claims = {"email": "gido@voorbeeld.nl", "email_verified": True, "name": "Gido Generiek"}
    sign_in(client, sso, "oidc", "gido-sso", claims)
    user = User.objects.get(email="gido@voorbeeld.nl")
    client.logout()
    response = sign_in(client, sso, "oidc", "gido-sso", claims)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert User.objects.filter(email="gido@voorbeeld.nl").count() == 1


def test_an_address_the_provider_does_not_vouch_for_is_verified_by_mail_first(client, sso, db):
    response = sign_in(client, sso, "oidc", "vera-sso", {"email": "vera@voorbeeld.nl", "name": "Vera"})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert not EmailAddress.objects.get(email="vera@voorbeeld.nl").verified
    assert [m.to for m in mail.outbox] == [["vera@voorbeeld.nl"]]


def test_single_sign_on_never_takes_over_an_existing_account_by_its_address(client, sso, db):
    existing = UserFactory(email="eva@voorbeeld.nl")
    assert EmailAddress.objects.filter(user=existing, email="eva@voorbeeld.nl", verified=True).exists()
    response = sign_in(client, sso, "microsoft", "eva-elsewhere", {"email": "eva@voorbeeld.nl", "email_verified": True})
    # allauth answers as for any sign-up (no hint that the address has an account), mails the
    # owner that someone tried, and neither logs anyone in nor connects the provider to the account.
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="eva@voorbeeld.nl").count() == 1
    assert [m.to for m in mail.outbox] == [["eva@voorbeeld.nl"]]
    assert "bestaat al" in mail.outbox[0].subject
