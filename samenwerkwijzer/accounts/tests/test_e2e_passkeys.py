"""Passkeys in a real browser, with Chromium's virtual authenticator: a user adds a passkey, logs
out, logs in with it without a password, and signs an agreement by confirming with it.

WebAuthn needs a host name as relying-party id, so the live server runs on ``localhost`` (the
pytest-django default), never on 127.0.0.1.
"""

from urllib.parse import urlparse

import pytest

from samenwerkwijzer.agreements.models import Signature
from samenwerkwijzer.agreements.tests.factories import approved_agreement
from testsupport.browser import assert_accessible
from testsupport.factories import PASSWORD, mark_verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)


def add_virtual_authenticator(page) -> str:
    """A platform authenticator (like Touch ID or Windows Hello) that always verifies the user."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    answer = session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page._webauthn = session  # keep the session (and so the authenticator) alive with the page
    return answer["authenticatorId"]


def check_widths(person, name: str) -> None:
    """axe at a phone's and a desktop's width, with a screenshot of each for a person to look at."""
    for width in WIDTHS:
        person.page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(person.page)
        person.page.screenshot(path=f"var/e2e-passkey-{name}-{width}.png", full_page=True)
    person.page.set_viewport_size({"width": 1280, "height": 900})


def click_and_wait(person, selector: str) -> None:
    with person.page.expect_navigation():
        person.page.locator(selector).first.click()
    person.check()


def test_a_user_adds_a_passkey_logs_in_with_it_and_signs_with_it(new_page, personas, live_server):
    assert urlparse(live_server.url).hostname == "localhost"
    freeze = approved_agreement(personas)
    mark_verified(personas.alpha)
    alice = new_page()
    add_virtual_authenticator(alice.page)

    # Log in with e-mail and password, as before.
    alice.goto("/accounts/login/")
    check_widths(alice, "login")
    alice.page.fill("input[name=login]", "alice@example.org")
    alice.page.fill("input[name=password]", PASSWORD)
    alice.submit("main form[action='/accounts/login/'] button[type=submit]")

    # Add a passkey on the two-step page: confirm the password first, then let the authenticator create it.
    alice.goto("/accounts/2fa/")
    check_widths(alice, "two-step")
    click_and_wait(alice, "main a[href='/accounts/2fa/webauthn/add/']")
    assert alice.page.url.endswith("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Fwebauthn%2Fadd%2F")
    check_widths(alice, "reauthenticate")
    alice.page.fill("input[name=password]", PASSWORD)
    alice.submit()
    assert urlparse(alice.page.url).path == "/accounts/2fa/webauthn/add/"
    check_widths(alice, "add")
    alice.page.fill("input[name=name]", "Laptop")
    alice.page.check("input[name=passwordless]")
    click_and_wait(alice, "#mfa_webauthn_add")
    # The first second factor comes with recovery codes, shown once here.
    assert urlparse(alice.page.url).path == "/accounts/2fa/recovery-codes/"
    check_widths(alice, "recovery-codes")
    alice.goto("/accounts/2fa/webauthn/")
    assert alice.page.get_by_text("Laptop").count() == 1

    # Log out, and back in with the passkey alone: no password typed.
    click_and_wait(alice, "header button:has-text('Uitloggen')")
    alice.goto("/accounts/login/")
    click_and_wait(alice, "#passkey_login")
    assert urlparse(alice.page.url).path == "/"
    assert alice.page.locator("header button:has-text('Uitloggen')").count() == 1
    check_widths(alice, "logged-in")

    # Sign with the passkey: allauth's confirmation, then back to the signing page.
    sign_path = f"/agreements/{personas.collaboration.pk}/agreement/sign/"
    alice.goto(sign_path)
    assert alice.page.locator("#passkey-option").count() == 1
    click_and_wait(alice, "#passkey-option a")
    assert urlparse(alice.page.url).path == "/accounts/2fa/webauthn/reauthenticate/"
    check_widths(alice, "confirm")
    click_and_wait(alice, "#mfa_webauthn_reauthenticate")
    assert urlparse(alice.page.url).path == sign_path
    assert alice.page.locator("#passkey-confirmed").count() == 1
    assert alice.page.locator("input[name=code]").count() == 0
    check_widths(alice, "sign")
    alice.page.check("input[name=confirm]")
    alice.submit("main form button[type=submit]:has-text('Ondertekenen')")
    signature = Signature.objects.get(freeze=freeze)
    assert (signature.user, signature.method) == (personas.alice, Signature.Method.WEBAUTHN)
