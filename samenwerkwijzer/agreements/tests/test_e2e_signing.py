"""Draft → freeze → approve → sign by two organisations → download → verify, in a real browser.

Uses the project's browser harness (``new_page`` in the root conftest): every page is checked with axe.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from samenwerkwijzer.agreements.models import Signature
from testsupport.factories import PASSWORD, add_recovery_codes, add_totp, mark_verified, totp_code

from .factories import write_agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def test_draft_freeze_approve_sign_download_and_verify(new_page, personas, tmp_path):
    write_agreement(personas)
    base = f"/agreements/{personas.collaboration.pk}/agreement"

    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.goto(f"{base}/")
    # Draft: alice changes the evaluation frequency in the form.
    alice.goto(f"{base}/sections/evaluation/")
    alice.page.check("input[name=frequency][value=monthly]")
    alice.submit()
    assert "/agreements/" in alice.page.url and "section-evaluation" in alice.page.url
    # Freeze.
    alice.goto(f"{base}/freeze/")
    alice.submit()
    alice.submit(f"form[action='{base}/approve/'] button")

    bob = new_page(width=390, height=844)  # on a phone
    log_in(bob, "bob@example.org")
    bob.goto(f"{base}/")
    bob.submit(f"form[action='{base}/approve/'] button")

    # Before its organisation is verified and before a second factor is set up, the signing page
    # says what is missing and offers no way to sign.
    bob.goto(f"{base}/sign/")
    assert bob.page.locator("#not-verified").count() == 1 and bob.page.locator("input[name=confirm]").count() == 0
    mark_verified(personas.beta)
    bob.goto(f"{base}/sign/")
    assert bob.page.locator("#no-second-factor a[href='/accounts/2fa/']").count() == 1
    bob.page.screenshot(path="var/e2e-sign-no-second-factor-390.png", full_page=True)

    # Both organisations sign, each by its own authorised signatory, with their second factor:
    # alice with the code of her authenticator app, bob with one of his recovery codes.
    mark_verified(personas.alpha)
    # The app's code is read just before it is typed: a code read earlier may have expired by then.
    alice_totp = add_totp(personas.alice)
    bob_recovery_code = add_recovery_codes(personas.bob)[0]
    codes = {"alice": lambda: totp_code(alice_totp), "bob": lambda: bob_recovery_code}
    for name, person in (("alice", alice), ("bob", bob)):
        person.goto(f"{base}/sign/")
        assert person.page.locator("input[name=password]").count() == 0
        assert person.page.locator(".signing-parties .verification-label").count() == 2
        person.page.screenshot(path=f"var/e2e-sign-{name}.png", full_page=True)
        person.page.check("input[name=confirm]")
        person.page.fill("input[name=code]", codes[name]())
        person.submit()
    alice.goto(f"{base}/")
    assert alice.page.locator(".status-panel .badge--done").count() >= 3
    methods = dict(Signature.objects.values_list("organisation__name", "method"))
    assert methods == {personas.alpha.name: "totp", personas.beta.name: "recovery_codes"}

    # Download the signed PDF and verify it, on the page and with the command.
    with alice.page.expect_download() as download_info:
        alice.page.locator(f"a[href^='{base}/signed/']").first.click()
    path = tmp_path / "ondertekend.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    bob.goto("/agreements/verify/")
    bob.page.set_input_files("input[name=file]", str(path))
    bob.submit()
    assert bob.page.locator("#verify-result.alert--success").count() == 1

    out = StringIO()
    call_command("agreement_verify", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "valid"
    assert lines[1] == "PAdES B-B"  # the development seal of the tests: no timestamp
    assert any(line.startswith("certificate: ") for line in lines)
    signatories = [line for line in lines if line.startswith("signatory: ")]
    assert [line.rsplit("method: ", 1)[1] for line in signatories] == ["totp", "recovery_codes"]
