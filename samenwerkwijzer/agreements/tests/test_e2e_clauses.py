"""The sources and model clauses beside a section, in a real browser, on a phone and a wide screen."""

import pytest

from samenwerkwijzer.agreements import clauses
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import open_round, submit, tien_answers
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_use_this_text_adds_the_clause_to_what_was_typed(new_page, personas, width):
    topic = next(t for t in clauses.library().values() if t.sources and clauses.target_field(t) == ("purpose", False))
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, round_, tien_answers("Vers brood voor zeven uur"))
    submit(personas.bob, personas.collaboration, round_, tien_answers("Volle ritten"))
    alice = new_page(width=width, height=900)
    alice.goto("/accounts/login/")
    alice.page.fill("input[name=login]", "alice@example.org")
    alice.page.fill("input[name=password]", PASSWORD)
    alice.submit()
    alice.goto(f"/agreements/{personas.collaboration.pk}/agreement/sections/{topic.section}/")
    assert alice.page.get_by_text("Volle ritten (q1_goal)").count() == 1
    alice.page.fill("textarea[name=purpose]", "Wat wij zelf typten.")
    alice.submit(f"button[name=use_clause][value='{topic.key}:{topic.clauses[0].key}']")
    value = alice.page.input_value("textarea[name=purpose]")
    assert value.startswith("Wat wij zelf typten.\n\n") and len(value) > 40
    alice.page.screenshot(path=f"var/e2e-clauses-{width}.png", full_page=True)
