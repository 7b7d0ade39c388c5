"""The running phase in a browser: plan, meeting, radar and exit pages, each checked with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from testsupport.factories import PASSWORD

from .factories import action, revealed_checker_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def test_a_partner_plans_a_meeting_from_the_radar_and_records_a_decision(new_page, personas):
    collaboration = personas.collaboration
    revealed_checker_round(
        collaboration,
        {
            personas.alpha: {"mutual_trust": 5, "no_internal_obstacles": 5, "grade": 8},
            personas.beta: {"mutual_trust": 2, "no_internal_obstacles": 2, "grade": 6},
        },
    )
    action(collaboration, personas.beta, description="Prijslijst delen", due=timezone.localdate() - timedelta(days=3))

    bob = new_page(width=390, height=844)
    log_in(bob, "bob@example.org")
    bob.goto(f"/workspace/collaborations/{collaboration.pk}/radar/")  # checked with axe at 390 px
    content = bob.page.content()
    assert "Onvoldoende draagvlak in de organisaties" in content and "Prijslijst delen" in content
    assert bob.page.locator("section[data-status]").count() == 12
    assert bob.page.locator("section[data-status=not_derivable]").count() == 4
    bob.page.locator("#pitfall-support_lacking ~ details summary").click()
    assert bob.page.locator("#pitfall-support_lacking ~ details").get_by_text("stelling 9").is_visible()
    bob.page.screenshot(path="var/e2e-radar-390.png", full_page=True)
    bob.page.set_viewport_size({"width": 1280, "height": 900})
    bob.goto(f"/workspace/collaborations/{collaboration.pk}/radar/")  # and at 1280 px
    bob.page.screenshot(path="var/e2e-radar-1280.png", full_page=True)
    bob.page.set_viewport_size({"width": 390, "height": 844})

    bob.goto(f"/workspace/collaborations/{collaboration.pk}/plan/")
    assert "verlopen" in bob.page.content()

    bob.goto(f"/workspace/collaborations/{collaboration.pk}/meetings/new/")
    bob.page.fill("#id_title", "Kwartaaloverleg")
    bob.page.fill("#id_date", (timezone.localdate() + timedelta(days=7)).isoformat())
    bob.page.fill("#id_time", "10:00")
    bob.page.fill("#id_free_items", "Rondvraag")
    bob.submit()
    content = bob.page.content()
    assert "Prijslijst delen" in content and "Rondvraag" in content

    bob.page.locator("details summary").first.click()
    bob.page.locator("input[name=description]").first.fill("Nieuwe prijslijst vrijdag delen")
    bob.page.locator("details input[name=due_date]").first.fill((timezone.localdate() + timedelta(days=4)).isoformat())
    bob.submit("details button[type=submit]")
    assert "Nieuwe prijslijst vrijdag delen" in bob.page.content()

    bob.goto(f"/workspace/collaborations/{collaboration.pk}/exit/")
    assert "Alles downloaden (ZIP)" in bob.page.content()
