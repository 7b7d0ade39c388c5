"""Draft → freeze → approve → sign by two organisations → download → verify, in a real browser.

Uses the project's browser harness (``new_page`` in the root conftest): every page is checked with axe.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from samenwerkwijzer.lib.testing import PASSWORD

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

    bob = new_page(width=375, height=740)  # on a phone
    log_in(bob, "bob@example.org")
    bob.goto(f"{base}/")
    bob.submit(f"form[action='{base}/approve/'] button")

    # Both organisations sign, each by its own authorised signatory, after re-entering the password.
    for person in (alice, bob):
        person.goto(f"{base}/sign/")
        person.page.check("input[name=confirm]")
        person.page.fill("input[name=password]", PASSWORD)
        person.submit()
    alice.goto(f"{base}/")
    assert alice.page.locator(".status-panel .badge--done").count() >= 3

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
    assert out.getvalue() == "valid\n"
