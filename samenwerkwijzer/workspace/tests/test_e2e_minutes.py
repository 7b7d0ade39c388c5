"""Meeting minutes in a real browser: one button saves every box, with and without JavaScript (#15)."""

import pytest

from samenwerkwijzer.workspace.models import AgendaItem
from testsupport.factories import PASSWORD

from .test_meetings import plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()


def minutes():
    return list(AgendaItem.objects.order_by("position").values_list("minutes", flat=True))


def test_one_button_saves_every_box_without_javascript(browser, live_server, personas):
    meeting = plan(personas, free_items=["Begroting", "Planning", "Rondvraag"])
    first, second, third = meeting.agenda_items.all()
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log_in(page, live_server.url, "bob@example.org")
        url = f"{live_server.url}/workspace/collaborations/{personas.collaboration.pk}/meetings/{meeting.pk}/"
        page.goto(url)
        page.fill(f"#id_minutes-{first.pk}-minutes", "Begroting akkoord.")
        page.fill(f"#id_minutes-{third.pk}-minutes", "Geen vragen.")
        with page.expect_navigation():
            page.locator("#minutes-form button[type=submit]").click()
        assert minutes() == ["Begroting akkoord.", "", "Geen vragen."]
        page.goto(url)
        assert page.input_value(f"#id_minutes-{first.pk}-minutes") == "Begroting akkoord."
        assert page.input_value(f"#id_minutes-{third.pk}-minutes") == "Geen vragen."
        assert page.input_value(f"#id_minutes-{second.pk}-minutes") == ""
    finally:
        context.close()


def test_autosave_says_saved_and_the_page_passes_axe(new_page, personas):
    meeting = plan(personas, free_items=["Begroting", "Rondvraag"])
    first, second = meeting.agenda_items.all()
    path = f"/workspace/collaborations/{personas.collaboration.pk}/meetings/{meeting.pk}/"
    for width, height in ((390, 844), (1280, 900)):
        person = new_page(width=width, height=height)
        log_in(person.page, person.base_url, "bob@example.org")
        person.goto(path)
        box = person.page.locator(f"#id_minutes-{first.pk}-minutes")
        box.fill(f"Concept op {width} pixels.")
        status = person.page.locator(f"#minutes-{first.pk}-status")
        status.get_by_text("Opgeslagen om").wait_for()
        person.check()
        person.page.screenshot(path=f"var/e2e-multibox-minutes-{width}.png", full_page=True)
        person.page.reload()
        assert person.page.input_value(f"#id_minutes-{first.pk}-minutes") == f"Concept op {width} pixels."
    # Text typed and neither saved nor autosaved yet: leaving the page asks first.
    person.page.locator(f"#id_minutes-{second.pk}-minutes").press_sequentially("Nog niet opgeslagen")
    dialogs = []
    person.page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    person.page.close(run_before_unload=True)
    person.page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
