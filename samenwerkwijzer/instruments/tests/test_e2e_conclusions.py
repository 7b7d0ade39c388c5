"""Joint conclusions and follow-up actions of a revealed round in a real browser (#15)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments.models import ActionItem, Conclusion
from testsupport.factories import PASSWORD

from .factories import revealed_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()


def test_one_button_saves_every_conclusion_without_javascript(browser, live_server, personas):
    round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log_in(page, live_server.url, "bob@example.org")
        url = f"{live_server.url}/instruments/collaborations/{personas.collaboration.pk}/rounds/{round_.pk}/"
        page.goto(url)
        page.fill("#id_conclusion-q1_goal-text", "Samen inkopen.")
        page.fill("#id_conclusion-q7_risks-text", "Te weinig winst.")
        with page.expect_navigation():
            page.locator("#conclusions-form button[type=submit]").click()
        assert dict(Conclusion.objects.values_list("item_id", "text")) == {
            "q1_goal": "Samen inkopen.",
            "q7_risks": "Te weinig winst.",
        }
        page.goto(url)
        assert page.input_value("#id_conclusion-q1_goal-text") == "Samen inkopen."
        assert page.input_value("#id_conclusion-q7_risks-text") == "Te weinig winst."

        # A follow-up action with a date in the past comes back open, at the form, with everything typed.
        page.locator("#q-q7_risks details.action-add summary").click()
        page.fill("#id_action-q7_risks-description", "Risico's op een rij zetten")
        past = (timezone.localdate() - timedelta(days=2)).isoformat()
        page.fill("#id_action-q7_risks-due_date", past)
        with page.expect_navigation():
            page.locator("#action-q7_risks-form button[type=submit]").click()
        assert page.url.endswith("#action-q7_risks-form")
        assert page.locator("#q-q7_risks details.action-add[open]").count() == 1
        assert page.input_value("#id_action-q7_risks-description") == "Risico's op een rij zetten"
        assert page.locator("#id_action-q7_risks-due_date_error").is_visible()
        assert not ActionItem.objects.exists()
    finally:
        context.close()


def test_autosave_says_saved_and_a_refused_action_is_in_view(new_page, personas):
    round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
    path = f"/instruments/collaborations/{personas.collaboration.pk}/rounds/{round_.pk}/"
    for width, height in ((390, 844), (1280, 900)):
        person = new_page(width=width, height=height)
        log_in(person.page, person.base_url, "bob@example.org")
        person.goto(path)
        person.page.fill("#id_conclusion-q7_risks-text", f"Concept op {width} pixels.")
        person.page.locator("#conclusion-q7_risks-status").get_by_text("Opgeslagen om").wait_for()
        person.check()
        # A second autosave of the same box is not taken for somebody else's save.
        with person.page.expect_response(lambda response: "/conclusions/" in response.url):
            person.page.fill("#id_conclusion-q7_risks-text", f"Tweede concept op {width} pixels.")
        person.page.wait_for_timeout(200)  # the swap follows the response
        assert "Opgeslagen om" in person.page.locator("#conclusion-q7_risks-status").inner_text()
        person.page.screenshot(path=f"var/e2e-multibox-conclusions-{width}.png", full_page=True)
        person.page.reload()
        assert person.page.input_value("#id_conclusion-q7_risks-text") == f"Tweede concept op {width} pixels."

        person.page.locator("#q-q7_risks details.action-add summary").click()
        person.page.fill("#id_action-q7_risks-description", "Risico's op een rij zetten")
        person.page.fill("#id_action-q7_risks-due_date", (timezone.localdate() - timedelta(days=2)).isoformat())
        person.submit("#action-q7_risks-form button[type=submit]")
        summary = person.page.locator("#action-q7_risks-form [data-error-summary]")
        assert summary.is_visible()
        assert summary.evaluate("el => el === document.activeElement")  # in view and announced
        assert person.page.input_value("#id_action-q7_risks-description") == "Risico's op een rij zetten"
        person.page.screenshot(path=f"var/e2e-multibox-action-{width}.png")
    assert Conclusion.objects.get().text == "Tweede concept op 1280 pixels."
