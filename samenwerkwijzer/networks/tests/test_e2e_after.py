"""A complete team agrees its agreement, marks the work done, evaluates blind, the bringer reveals, and
the track record shows on the member page: in a real browser, every page checked with axe, bob on a
phone (390 px) and charlie on a desktop (1280 px)."""

import pytest

from samenwerkwijzer.networks.evaluation import STATEMENTS
from samenwerkwijzer.networks.models import Assignment
from testsupport.factories import PASSWORD

from .test_after_support import make_team

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def evaluate(person, base, *, value, grade, remarks=""):
    person.goto(f"{base}/evaluation/")
    for statement in STATEMENTS:
        person.page.check(f"input[name={statement.key}][value='{value}']")
    person.page.fill("input[name=grade]", str(grade))
    if remarks:
        person.page.fill("textarea[name=remarks]", remarks)
    person.submit("main button[name=action][value=submit]")


def test_agree_done_evaluate_blind_reveal_and_track_record(new_page, personas):
    team = make_team(personas)
    network = team.net.network.pk
    base = f"/networks/{network}/assignments/{team.assignment.pk}"

    bob = new_page(width=390, height=844)
    log_in(bob, "bob@example.org")
    bob.goto(f"{base}/agreement/")
    bob.follow("De afspraak opstellen")
    bob.page.fill("textarea[name=income_split]", "Elk teamlid factureert de eigen dagen via de penvoerder.")
    bob.submit()
    bob.page.screenshot(path="var/e2e-after-agreement-390.png", full_page=True)
    bob.submit(f"form[action='{base}/agreement/approve/'] button")

    charlie = new_page()
    log_in(charlie, "charlie@example.org")
    charlie.goto(f"{base}/agreement/")
    assert "factureert de eigen dagen" in charlie.page.content()
    charlie.submit(f"form[action='{base}/agreement/approve/'] button")
    charlie.page.screenshot(path="var/e2e-after-agreement-1280.png", full_page=True)
    team.assignment.refresh_from_db()
    assert team.assignment.status == Assignment.Status.AGREED

    bob.goto(f"{base}/agreement/")
    bob.submit(f"form[action='{base}/done/'] button")
    assert bob.page.url.endswith(f"{base}/evaluation/")

    evaluate(charlie, base, value=2, grade=6, remarks="De planning liep krap.")
    # Blind: bob sees that charlie submitted, not what, not even in the page source.
    bob.goto(f"{base}/evaluation/")
    assert "planning liep krap" not in bob.page.content()
    bob.submit(f"form[action='{base}/evaluation/reveal/'] button")
    evaluate(bob, base, value=4, grade=8)
    content = bob.page.content()
    assert "planning liep krap" in content and "Zichtbaar gemaakt door Bob Partner" in content
    bob.page.screenshot(path="var/e2e-after-evaluation-390.png", full_page=True)
    charlie.goto(f"{base}/evaluation/")
    charlie.page.screenshot(path="var/e2e-after-evaluation-1280.png", full_page=True)

    for person, width in ((bob, 390), (charlie, 1280)):
        person.goto(f"/networks/{network}/members/{team.gamma_member.pk}/")
        record = person.page.locator("#track-record").inner_text()
        assert "7,0 van 10" in record and "Jaarverslag Stadsbank" in record
        person.page.screenshot(path=f"var/e2e-after-track-record-{width}.png", full_page=True)
