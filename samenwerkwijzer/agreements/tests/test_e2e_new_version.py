"""Signed is signed, in a real browser: the signed document has no edit link, "Nieuwe versie maken"
warns first and then opens the section to edit. Every page is checked with axe (phone and desktop)."""

import pytest

from testsupport.factories import PASSWORD

from .factories import signed_agreement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_version_of_a_signed_agreement_is_an_explicit_step(new_page, personas):
    freeze = signed_agreement(personas)
    base = f"/agreements/{personas.collaboration.pk}/agreement"
    for width, height in ((390, 844), (1280, 900)):
        bob = new_page(width=width, height=height)
        bob.goto("/accounts/login/")
        bob.page.fill("input[name=login]", "bob@example.org")
        bob.page.fill("input[name=password]", PASSWORD)
        bob.submit()
        # A draft lists its empty sections (left out of the document), each linked to write it.
        letter = f"/agreements/{personas.collaboration.pk}/letter-of-intent"
        bob.goto(f"{letter}/")
        assert bob.page.locator(f"#empty-heading ~ ul a[href='{letter}/sections/next_steps/']").count() == 1
        bob.page.screenshot(path=f"var/e2e-empty-sections-{width}.png", full_page=True)
        bob.goto(f"{base}/")
        assert bob.page.locator(f"a[href='{base}/sections/goals/']").count() == 0
        bob.page.screenshot(path=f"var/e2e-signed-document-{width}.png", full_page=True)
        # The edit page, reached directly, warns instead of starting a draft.
        bob.goto(f"{base}/sections/goals/")
        assert "Ondertekend is ondertekend" in bob.page.content()
        bob.page.screenshot(path=f"var/e2e-new-version-{width}.png", full_page=True)
    bob.submit()
    assert bob.page.url.endswith(f"{base}/sections/goals/")
    freeze.refresh_from_db()
    assert not freeze.is_void
