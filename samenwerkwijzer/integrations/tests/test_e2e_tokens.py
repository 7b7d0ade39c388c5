"""The token page in a real browser, on a phone and on a wide screen (every page checked with axe)."""

import pytest

from samenwerkwijzer.integrations.models import ApiToken
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CREATE = "main form:not(.inline-form) button[type=submit]"


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


@pytest.mark.parametrize("width", [390, 1280])
def test_make_see_and_revoke_a_token(new_page, personas, width):
    alice = new_page(width=width, height=844 if width == 390 else 900)
    log_in(alice, "alice@example.org")
    alice.goto("/directory/tokens/")
    # A write token without its organisation: the error, next to the field, and what was typed stays.
    alice.page.fill("input[name=name]", "Planbord")
    alice.page.check("input[name=scope][value=write]")
    alice.submit(CREATE)
    assert alice.page.locator("input[name=name]").input_value() == "Planbord"
    assert "namens wie de sleutel werkt" in alice.page.locator("main").inner_text()
    alice.page.select_option("select[name=organisation]", label="Alpha Bakkerij")
    alice.submit(CREATE)
    raw = alice.page.locator("#new-token").inner_text()
    assert raw.startswith("swz_") and ApiToken.objects.get().can_write
    assert "Leest en schrijft namens Alpha Bakkerij" in alice.page.locator("table").inner_text()
    alice.page.screenshot(path=f"var/e2e-tokens-{width}.png", full_page=True)
    alice.submit("main form.inline-form button[type=submit]")
    assert "De sleutel Planbord werkt niet meer." in alice.page.locator("main").inner_text()
    assert not ApiToken.objects.exists()
