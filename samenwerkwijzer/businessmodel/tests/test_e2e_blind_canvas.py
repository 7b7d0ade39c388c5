"""The blind canvas round, in a real browser: the lead starts it, both organisations fill in their own
canvas unseen by the other, the canvases are revealed side by side and merged into the joint canvas.

Every page is checked with axe (the harness), the merge page also at phone width.
"""

import pytest

from samenwerkwijzer.businessmodel.models import CanvasChange, CanvasNote
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.models import Round
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CANVASES = {
    "alice": {
        "value_propositions": "- Samen sneller leveren.\n- Eén loket voor de klant",
        "key_partners": "• De gemeente",
    },
    "bob": {
        "value_propositions": "samen sneller leveren\nVerse waar elke ochtend",
        "revenue_streams": "Bezorgabonnement",
    },
}


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def test_two_organisations_fill_in_their_canvas_blind_and_merge_them(new_page, personas):
    pk = personas.collaboration.pk
    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.goto(f"/instruments/collaborations/{pk}/")
    alice.submit(f"main form[action$='/{definitions.BUSINESSMODEL}/open/'] button")
    round_ = Round.objects.get(collaboration=personas.collaboration, instrument=definitions.BUSINESSMODEL)
    merge_url = f"/business-model/collaborations/{pk}/canvas/rounds/{round_.pk}/merge/"

    bob = new_page(width=390, height=844)  # on a phone
    log_in(bob, "bob@example.org")
    for name, person in (("alice", alice), ("bob", bob)):
        person.goto(f"/instruments/collaborations/{pk}/rounds/{round_.pk}/")
        for block, text in CANVASES[name].items():
            person.page.fill(f"#id_{block}", text)
        # The autosaves of the earlier fields (each carries the form as it was) are answered before
        # the last one goes with the submit: a late one would change the draft the check page shows.
        person.settle()
        person.submit("button[name=submit]")
        person.submit("main form[method=post] button[type=submit].button:not(.button--secondary)")
        if name == "alice":
            # Before the reveal the merge page says who has filled in, and nothing of what.
            bob.goto(merge_url)
            assert "Nog niet alle organisaties hebben hun canvas ingevuld" in bob.page.content()
            assert "Eén loket" not in bob.page.content()

    # Revealed: the round links to merging; the canvases stand side by side per block.
    alice.goto(f"/instruments/collaborations/{pk}/rounds/{round_.pk}/")
    alice.follow("Samenvoegen in het gezamenlijke canvas")
    assert alice.page.url.endswith(merge_url)
    main = alice.page.locator("main")
    assert main.get_by_text("alleen in het canvas van Alpha Bakkerij").count() >= 1
    assert alice.page.locator("input[value='Samen sneller leveren.']").is_checked()
    assert not alice.page.locator("input[value='Bezorgabonnement']").is_checked()
    bob.goto(merge_url)  # at 390 px
    bob.page.screenshot(path="var/e2e-blind-canvas-merge-390.png", full_page=True)
    alice.page.screenshot(path="var/e2e-blind-canvas-merge-1280.png", full_page=True)

    assert not alice.page.locator("input[value='Eén loket voor de klant']").is_checked()
    alice.page.check("input[value='Bezorgabonnement']")
    with alice.page.expect_navigation():
        alice.page.locator("main button[type=submit]").first.click()
    assert alice.page.url.endswith(f"/business-model/collaborations/{pk}/canvas/")
    notes = dict(CanvasNote.objects.filter(canvas__collaboration=personas.collaboration).values_list("text", "source"))
    assert notes == {"Samen sneller leveren.": "merge:1", "Bezorgabonnement": "merge:1"}
    assert CanvasChange.objects.filter(action="merge").count() == 2
