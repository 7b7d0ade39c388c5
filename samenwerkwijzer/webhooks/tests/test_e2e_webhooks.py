"""The lead adds a webhook, sends a test and reads the delivery log, in a real browser (axe on
every page, at 1280 and 390 px)."""

import pytest

from samenwerkwijzer.webhooks.models import WebhookDelivery
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


@pytest.mark.parametrize("width", [1280, 390])
def test_lead_adds_a_webhook_and_sends_a_test(new_page, personas, receiver, width):
    alice = new_page(width=width, height=900)
    log_in(alice, "alice@example.org")
    pk = personas.collaboration.pk
    alice.goto(f"/collaborations/{pk}/edit/")
    alice.follow("Webhooks")
    alice.follow("Webhook toevoegen")
    alice.page.fill("input[name=name]", "Teams-kanaal projectteam")
    alice.page.fill("input[name=url]", receiver.url("hooks.example.test"))
    alice.page.check("input[name=format][value=teams]")
    alice.page.check("input[name=events][value='round.revealed']")
    alice.submit()
    assert alice.page.locator("#webhook-secret").input_value().startswith("whsec_")

    alice.submit("main form[action$='/test/'] button")
    assert WebhookDelivery.objects.get().status == "delivered"
    assert receiver.requests[0].headers["X-Samenwerkwijzer-Event"] == "ping"
    log = alice.page.locator("main table")
    assert "ping" in log.inner_text() and "Afgeleverd" in log.inner_text() and "200" in log.inner_text()
    # Nothing sticks out sideways on a phone.
    assert alice.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    alice.page.screenshot(path=f"/tmp/e2e-webhook-{width}.png", full_page=True)  # noqa: S108 (for a person to look at)
