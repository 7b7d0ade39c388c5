"""Setting the phase by hand in a real browser, at phone and desktop width, checked with axe."""

import pytest

from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_lead_sets_the_phase_with_a_reason(new_page, personas, width):
    alice = new_page(width=width, height=844)
    alice.goto("/accounts/login/")
    alice.page.fill("input[name=login]", "alice@example.org")
    alice.page.fill("input[name=password]", PASSWORD)
    alice.submit()
    alice.goto(f"/collaborations/{personas.collaboration.pk}/phase/")
    alice.page.check("input[name=phase][value=agreements]")
    alice.submit()  # no reason: refused, next to the field
    assert "/phase/" in alice.page.url and "Geef aan waarom" in alice.page.content()
    alice.page.screenshot(path=f"var/e2e-phase-refused-{width}.png", full_page=True)
    alice.page.fill("textarea[name=reason]", "Intentieverklaring op papier getekend")
    alice.submit()
    assert alice.page.url.endswith(f"/collaborations/{personas.collaboration.pk}/")
    assert "handmatig gezet door de penvoerder: Intentieverklaring op papier getekend" in alice.page.content()
    alice.page.screenshot(path=f"var/e2e-phase-dashboard-{width}.png")
