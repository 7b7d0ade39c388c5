"""/beheer/ goes through allauth's login with a second factor; passkeys are on; the MFA pages say "u"."""

import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from testsupport.factories import PASSWORD, UserFactory, add_totp, totp_code

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(je|jij|jouw|jezelf)\b", re.IGNORECASE)
ADMIN = "/beheer/"


def allauth_login(client, email, *, code=None, next_url=ADMIN):
    """Log in as a person would: e-mail and password on allauth's page, then the code when asked."""
    response = client.post(f"{reverse('account_login')}?next={next_url}", {"login": email, "password": PASSWORD})
    if code is not None:
        assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    return response


@pytest.fixture
def staff():
    return UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)


def test_anonymous_visitors_are_sent_to_the_allauth_login_and_back_to_the_admin():
    client = Client()
    response = client.get(ADMIN)
    assert response.status_code == 302 and response.url.startswith("/beheer/login/")
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/beheer/"


def test_the_admin_login_page_keeps_only_a_safe_next_address():
    response = Client().get("/beheer/login/?next=https://evil.example/")
    assert response.url == f"{reverse('account_login')}?next=/beheer/"
    response = Client().get("/beheer/login/?next=/beheer/accounts/user/")
    assert response.url == f"{reverse('account_login')}?next=/beheer/accounts/user/"


def test_the_old_admin_login_no_longer_logs_in_with_a_password(staff):
    client = Client()
    response = client.post("/beheer/login/?next=/beheer/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302


def test_staff_without_a_second_factor_are_sent_to_set_one_up(staff):
    client = Client()
    response = allauth_login(client, staff.email)
    assert response.status_code == 302 and response.url == ADMIN  # logged in by allauth
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    text = response.content.decode()
    assert "Voor het beheer is bij het inloggen een tweede stap nodig." in text
    assert reverse("mfa_activate_totp") in text and reverse("mfa_add_webauthn") in text
    assert not INFORMAL.search(re.sub(r"<[^>]+>", " ", text))


def test_staff_with_an_authenticator_app_reach_the_admin_after_the_login_with_the_code(staff):
    secret = add_totp(staff)
    client = Client()
    response = allauth_login(client, staff.email, code=totp_code(secret))
    assert response.status_code == 302 and response.url == ADMIN
    response = client.get(ADMIN)
    assert response.status_code == 200
    assert "site-name" in response.content.decode()  # the admin's own index page


def test_a_wrong_code_keeps_staff_out(staff):
    secret = add_totp(staff)
    client = Client()
    code = totp_code(secret)
    response = allauth_login(client, staff.email, code="000000" if code != "000000" else "111111")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302


def test_staff_who_logged_in_before_setting_up_the_second_factor_confirm_it_once(staff):
    client = Client()
    allauth_login(client, staff.email)
    secret = add_totp(staff)  # set up after logging in with the password alone
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('mfa_reauthenticate')}?next=/beheer/"
    response = client.post(f"{reverse('mfa_reauthenticate')}?next=/beheer/", {"code": totp_code(secret)})
    assert response.status_code == 302 and response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_people_who_are_not_staff_get_no_admin_even_with_a_second_factor():
    person = UserFactory(email="gewoon@example.org")
    secret = add_totp(person)
    client = Client()
    allauth_login(client, person.email, code=totp_code(secret))
    assert client.get(ADMIN).status_code == 302
    assert client.get("/beheer/login/?next=/beheer/").status_code == 403


def test_passkeys_are_a_second_factor_and_a_passwordless_login():
    assert settings.MFA_SUPPORTED_TYPES == ["totp", "recovery_codes", "webauthn"]
    assert settings.MFA_PASSKEY_LOGIN_ENABLED is True
    assert settings.MFA_PASSKEY_SIGNUP_ENABLED is False
    page = Client().get(reverse("account_login")).content.decode()
    # Without JavaScript the password form still works; the passkey button is an addition.
    assert 'name="password"' in page and 'id="passkey_login"' in page
    assert reverse("mfa_login_webauthn") in page


def _settings_in_profile(profile: str) -> str:
    environment = {
        **os.environ,
        "APP_PROFILE": profile,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "samenwerkwijzer.example",
        "SITE_URL": "https://samenwerkwijzer.example",  # required in production
        "DEBUG": "",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    program = "import samenwerkwijzer.settings as s; print(s.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN)"
    result = subprocess.run(  # noqa: S603 - this Python, a fixed program
        [sys.executable, "-c", program],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_passkeys_over_plain_http_only_outside_production():
    assert _settings_in_profile("production") == "False"
    assert _settings_in_profile("development") == "True"


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate",
        "account_reauthenticate",
    ],
)
def test_the_two_step_pages_address_the_user_as_u(name):
    person = UserFactory(email="twee@example.org")
    if name == "mfa_reauthenticate":
        add_totp(person)
    client = Client()
    client.force_login(person)
    if name != "account_reauthenticate":  # as just after confirming the password
        session = client.session
        session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
        session["account_authentication_methods_user"] = str(person.pk)
        session.save()
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert not INFORMAL.search(text), INFORMAL.search(text)
    if name == "mfa_add_webauthn":
        assert "Naam van de passkey" in text and "Wachtwoordloos" in text


def test_the_code_page_at_login_addresses_the_user_as_u(staff):
    add_totp(staff)
    client = Client()
    allauth_login(client, staff.email)
    response = client.get(reverse("mfa_authenticate"))
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert response.status_code == 200 and not INFORMAL.search(text)
    assert "Uw account is beveiligd met tweestapsverificatie" in text


def test_an_administrator_made_with_createsuperuser_confirms_the_address_first(mailoutbox):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(email="root@example.org", password=PASSWORD)
    client = Client()
    response = allauth_login(client, "root@example.org")
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert [message.to for message in mailoutbox] == [["root@example.org"]]
