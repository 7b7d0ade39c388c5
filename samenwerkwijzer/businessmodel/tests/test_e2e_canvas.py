"""Two partners fill in the joint canvas in a real browser: notes, a conflict, reordering, the PDF.

Every page is checked with axe (the harness's ``new_page``): bob on a phone (390 px), alice at 1280 px.
"""

import pytest

from samenwerkwijzer.businessmodel.models import CanvasNote
from samenwerkwijzer.core.tests.test_e2e_phone_overflow import FIND_OVERFLOW
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VP = "#block-value_propositions"
SAVE = "main form[novalidate] button[type=submit]"


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def add_note(person, text):
    with person.page.expect_navigation():
        person.page.locator(f"{VP} .bmc__actions a").first.click()
    person.check()
    person.page.fill("textarea[name=text]", text)
    person.submit(SAVE)


def test_two_partners_fill_in_the_canvas_with_a_conflict_reordering_and_a_pdf(new_page, personas):
    canvas = f"/business-model/collaborations/{personas.collaboration.pk}/canvas/"
    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.goto(canvas)
    add_note(alice, "Vers brood vóór 7 uur bij elke klant")

    bob = new_page(width=390, height=844)
    log_in(bob, "bob@example.org")
    bob.goto(canvas)
    add_note(bob, "Eén bestelling en één factuur")
    assert bob.page.locator(f"{VP} .bmc__note").count() == 2
    assert bob.page.evaluate(FIND_OVERFLOW) == []

    # Bob opens alice's note to edit it; meanwhile alice changes it herself.
    note = CanvasNote.objects.get(text__startswith="Vers brood")
    edit = f"/business-model/collaborations/{personas.collaboration.pk}/canvas/notes/{note.pk}/edit/"
    bob.goto(edit)
    bob.page.fill("textarea[name=text]", "Vers brood vóór 6 uur")
    alice.goto(edit)
    alice.page.fill("textarea[name=text]", "Vers brood vóór 7 uur, ook in het weekend")
    alice.submit(SAVE)
    bob.submit(SAVE)
    assert "Iemand anders heeft deze notitie intussen gewijzigd" in bob.page.content()
    assert bob.page.locator(".bmc-compare").get_by_text("ook in het weekend").count() == 1
    assert bob.page.input_value("textarea[name=text]") == "Vers brood vóór 6 uur"  # his text kept
    bob.page.screenshot(path="var/e2e-conflict-390.png", full_page=True)
    assert CanvasNote.objects.get(pk=note.pk).text == "Vers brood vóór 7 uur, ook in het weekend"
    # He chooses his own text after all, on top of her version.
    bob.submit(SAVE)
    assert CanvasNote.objects.get(pk=note.pk).text == "Vers brood vóór 6 uur"

    # Alice moves bob's note up.
    alice.goto(canvas)
    alice.submit(f"{VP} .bmc__note:nth-child(2) .bmc__note-actions button")
    texts = [t.strip() for t in alice.page.locator(f"{VP} .bmc__text").all_inner_texts()]
    assert texts == ["Eén bestelling en één factuur", "Vers brood vóór 6 uur"]
    alice.page.screenshot(path="var/e2e-canvas-1280.png", full_page=True)
    bob.goto(canvas)
    bob.page.screenshot(path="var/e2e-canvas-390.png", full_page=True)
    assert bob.page.evaluate(FIND_OVERFLOW) == []

    # The history says who changed what; the PDF link gives a PDF.
    alice.follow("Versies: wie wijzigde wat")
    assert alice.page.locator(".bmc-history__item").count() == 5
    alice.goto(canvas)
    href = alice.page.locator("main a[href$='canvas.pdf']").first.get_attribute("href")
    response = alice.page.request.get(alice.base_url + href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
