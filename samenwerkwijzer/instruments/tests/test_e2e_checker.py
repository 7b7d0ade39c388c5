"""Two partners in real browsers: blind answering, the reveal, the differences, the chart,
conclusions becoming actions and the governance figure. Every page is checked with axe
(the ``new_page`` fixture of the root conftest)."""

import pytest
from django.urls import reverse

from samenwerkwijzer.instruments import definitions as d
from testsupport.factories import PASSWORD

from .factories import governance_answers, open_round, revealed_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(person, email: str) -> None:
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def choose_scores(person, scores: dict[str, int]) -> None:
    for item_id, value in scores.items():
        person.page.locator(f"input[name={item_id}][value='{value}']").check()


def check_and_submit(person) -> None:
    """Press "Check and submit" on the answer page, then "Submit for good" on the check page."""
    person.submit("button[name=submit]")
    assert "Controleer uw antwoorden voordat u ze indient" in person.page.content()
    person.submit("main button:has-text('Definitief indienen')")


def test_two_partners_fill_in_the_checker_blind_and_then_see_the_differences(personas, new_page):
    round_ = open_round(personas)
    checker = d.get_instrument(d.CHECKER)
    round_url = reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])

    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.goto(round_url)
    alice_scores = {item.id: 4 for item in checker.statements} | {"mutual_trust": 5, "one_partner_leads": 5}
    choose_scores(alice, alice_scores | {"grade": 8})
    # The draft is saved as she goes (htmx), without leaving the page.
    alice.page.wait_for_selector("#autosave-status:has-text('opgeslagen')")
    check_and_submit(alice)
    assert "Uw antwoorden zijn ingediend" in alice.page.content()

    bob = new_page(width=375, height=740)  # on a phone
    log_in(bob, "bob@example.org")
    bob.goto(round_url)
    content = bob.page.content()
    assert "score-table" not in content and "Alpha Bakkerij" in content
    assert bob.page.locator("input[name=mutual_trust]:checked").count() == 0
    bob_scores = {item.id: 3 for item in checker.statements} | {"mutual_trust": 1, "one_partner_leads": 2}
    choose_scores(bob, bob_scores | {"grade": 6})
    check_and_submit(bob)

    # Both submitted: the table, the divergences first and the chart.
    first_row = bob.page.locator(".score-table tbody tr").first
    assert "We kunnen op elkaar vertrouwen." in first_row.inner_text()
    assert "bespreken" in first_row.inner_text()
    assert bob.page.locator("svg.trend-svg[role=img] title").count() == 1
    bob.submit(".score-table tbody tr:first-child button[type=submit]")
    assert "op de agenda" in bob.page.locator(".score-table tbody tr").first.inner_text()

    alice.goto(round_url)
    assert alice.page.locator(".score-table thead th").all_inner_texts()[1:3] == ["Alpha Bakkerij", "Beta Transport"]
    alice.follow("Agenda voor het volgende overleg")
    assert "We kunnen op elkaar vertrouwen." in alice.page.content()


def test_the_ten_basic_questions_end_in_conclusions_and_actions(personas, new_page):
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    tien = d.get_instrument(d.TIEN_BASISVRAGEN)
    round_url = reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])

    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.goto(round_url)
    for item in tien.items:
        if item.type == d.LONG_TEXT:
            alice.page.fill(f"#id_{item.id}", f"Bakkerij-antwoord {item.id}")
    alice.page.check("input[name=q1_level][value=tactical]")
    check_and_submit(alice)

    bob = new_page()
    log_in(bob, "bob@example.org")
    bob.goto(round_url)
    assert "Bakkerij-antwoord" not in bob.page.content()
    for item in tien.items:
        if item.type == d.LONG_TEXT:
            bob.page.fill(f"#id_{item.id}", f"Vervoerder-antwoord {item.id}")
    bob.page.check("input[name=q1_level][value=strategic]")
    check_and_submit(bob)

    alice.goto(round_url)  # both look at the revealed answers at the same time
    section = bob.page.locator("#q-q9_legal_form")
    assert "Bakkerij-antwoord q9_legal_form" in section.inner_text()
    assert "Vervoerder-antwoord q9_legal_form" in section.inner_text()
    status = "#conclusion-q9_legal_form-status"
    section.locator("textarea[name='conclusion-q9_legal_form-text']").fill("Een kort contract volstaat.")
    bob.page.wait_for_selector(f"{status}:has-text('Opgeslagen om')")  # the autosave, settled
    bob.submit("#conclusions-form button[type=submit]")
    alice.page.locator("textarea[name='conclusion-q9_legal_form-text']").fill("Liever een vof.")
    # Bob saved first: her autosave is refused and overwrites nothing; the page's button says why.
    alice.page.wait_for_selector(f"{status}:has-text('Niet opgeslagen')")
    alice.submit("#conclusions-form button[type=submit]")
    conflict = alice.page.locator("#q-q9_legal_form")
    assert "Iemand anders heeft deze conclusie opgeslagen" in conflict.inner_text()
    assert "Een kort contract volstaat." in conflict.inner_text()
    assert conflict.locator("textarea[name='conclusion-q9_legal_form-text']").input_value() == "Liever een vof."
    section = bob.page.locator("#q-q9_legal_form")
    section.locator("summary").click()
    section.locator("#id_action-q9_legal_form-description").fill("Contract laten nakijken door de adviseur")
    section.locator("#id_action-q9_legal_form-owner_organisation").select_option(label="Alpha Bakkerij")
    bob.submit("#q-q9_legal_form .action-add button[type=submit]")
    assert "Een kort contract volstaat." in bob.page.content()

    bob.follow("Actiepunten")
    assert "Contract laten nakijken door de adviseur" in bob.page.content()
    assert "Alpha Bakkerij" in bob.page.locator("table").inner_text()


def test_the_governance_type_is_shown_with_the_figures_of_the_guide(personas, new_page):
    round_ = revealed_round(
        personas, d.BESTURINGSVORM, alice=governance_answers(2, 4, 5), bob=governance_answers(1, 5, 4)
    )
    olivia = new_page()
    log_in(olivia, "olivia@example.org")
    olivia.goto(reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk]))
    assert "Uw samenwerking: Faciliterende bureaucratie" in olivia.page.content()
    assert olivia.page.locator("figure.governance-figure svg[role=img]").count() == 2
    assert olivia.page.locator(".quadrant--active").count() == 1
