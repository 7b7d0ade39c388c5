import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from testsupport.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _link(message):
    # Links in mail come from SITE_URL, never from the request's host.
    return re.search(re.escape(settings.SITE_URL) + r"(/\S+)", message.body).group(1)


def test_signing_up_sends_a_verification_mail_and_the_link_logs_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "full_name": "Nina Nieuw",
            "password1": "Lang-Genoeg-2026!",
            "password2": "Lang-Genoeg-2026!",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw@example.org")
    assert user.full_name == "Nina Nieuw" and user.job_title == ""
    assert user.password.startswith("md5$")  # the tests' fast hasher; production uses Argon2
    assert not EmailAddress.objects.get(user=user).verified
    confirm_url = _link(mailoutbox[0])
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("core:home")).context["user"] == user


def test_an_unverified_user_cannot_log_in_until_verified(client, mailoutbox):
    user = get_user_model().objects.create_user(email="wacht@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("account_email_verification_sent")
    assert mailoutbox


def test_login_and_logout(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    # Without an organisation, the guided start comes first.
    assert response.url == reverse("onboarding:start")
    client.post(reverse("account_logout"))
    assert not client.get(reverse("core:home")).context["user"].is_authenticated


def test_a_password_reset_mail_is_sent(client, mailoutbox):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert mailoutbox and user.email in mailoutbox[0].to


def test_two_factor_authentication_can_be_set_up(client):
    client.force_login(UserFactory())
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200


def test_failed_logins_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    user = UserFactory()
    for _ in range(4):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assert "Te veel inlogpogingen" in response.content.decode()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200, "even the right password waits until the limit has passed"


def test_the_configured_password_hasher_is_argon2():
    from samenwerkwijzer import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
