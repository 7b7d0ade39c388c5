"""Check your answers before submitting, in real browsers on a phone (390 px) and a desktop (1280 px):
the empty questions, "Wijzigen" back to the field, the final submit and the differing choice after
the reveal. Every page is checked with axe (the ``new_page`` fixture of the root conftest)."""

import pytest
from django.urls import reverse

from samenwerkwijzer.instruments import definitions as d

from .factories import open_round
from .test_e2e_checker import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_texts(person, instrument, text: str, *, skip: str = "") -> None:
    for item in instrument.items:
        if item.type == d.LONG_TEXT and item.id != skip:
            person.page.fill(f"#id_{item.id}", f"{text} {item.id}")


def test_the_check_page_shows_what_is_empty_leads_back_to_it_and_then_submits(personas, new_page):
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    tien = d.get_instrument(d.TIEN_BASISVRAGEN)
    round_url = reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])

    bob = new_page(width=390, height=844)  # on a phone
    log_in(bob, "bob@example.org")
    bob.goto(round_url)
    fill_texts(bob, tien, "Vervoerder-antwoord", skip="q10_business_model")
    bob.page.check("input[name=q1_level][value=tactical]")
    bob.submit("button[name=submit]")
    main = bob.page.locator("main")
    assert "Controleer uw antwoorden voordat u ze indient" in main.inner_text()
    assert "niet beantwoord" in main.locator("#check-q10_business_model").inner_text()
    assert "Tactisch" in main.locator("#check-q1_level").inner_text()
    assert main.locator("button:has-text('Definitief indienen')").count() == 0
    assert bob.page.evaluate("document.documentElement.scrollWidth") <= 390
    bob.page.screenshot(path="var/e2e-check-answers-390.png", full_page=True)

    with bob.page.expect_navigation():
        main.locator("#check-q10_business_model a:has-text('Wijzigen')").click()
    bob.check()
    assert bob.page.url.endswith(f"{round_url}#q-q10_business_model")
    assert bob.page.locator("#id_q1_goal").input_value() == "Vervoerder-antwoord q1_goal"  # the draft is kept
    bob.page.fill("#id_q10_business_model", "Vaste prijs per rit")
    bob.submit("button[name=submit]")
    assert "U hebt alle vragen beantwoord." in bob.page.content()
    bob.submit("main button:has-text('Definitief indienen')")
    assert "Uw antwoorden zijn ingediend" in bob.page.content()

    alice = new_page(width=1280, height=900)
    log_in(alice, "alice@example.org")
    alice.goto(round_url)
    fill_texts(alice, tien, "Bakkerij-antwoord")
    alice.page.check("input[name=q1_level][value=operational]")
    alice.submit("button[name=submit]")
    alice.page.screenshot(path="var/e2e-check-answers-1280.png", full_page=True)
    alice.follow("Terug naar de antwoorden")
    assert alice.page.locator("input[name=q1_level][value=operational]").is_checked()  # nothing submitted yet
    alice.submit("button[name=submit]")
    alice.submit("main button:has-text('Definitief indienen')")

    # Revealed: operational against tactical is marked as a difference, open answers are not.
    question = alice.page.locator("#q-q1_level")
    assert "verschilt" in question.inner_text()
    assert alice.page.locator(".text-question .badge--discuss").count() == 1
    question.scroll_into_view_if_needed()
    alice.page.screenshot(path="var/e2e-check-answers-revealed-1280.png", full_page=True)
