""" "Te doen" in a real browser, at phone and desktop width, checked with axe."""

import pytest

from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import open_round
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_partner_follows_a_to_do_from_the_overview_to_the_round(new_page, personas, width):
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    bob = new_page(width=width, height=844)
    bob.goto("/accounts/login/")
    bob.page.fill("input[name=login]", "bob@example.org")
    bob.page.fill("input[name=password]", PASSWORD)
    bob.submit()
    bob.goto("/")
    assert "Te doen" in bob.page.content()
    bob.page.screenshot(path=f"var/e2e-todos-home-{width}.png", full_page=True)
    bob.goto(f"/collaborations/{personas.collaboration.pk}/")
    bob.page.screenshot(path=f"var/e2e-todos-dashboard-{width}.png", full_page=True)
    bob.page.get_by_role("link", name="Nu invullen").first.click()
    assert bob.page.url.endswith(f"/rounds/{round_.pk}/")
