"""Every comparison and table fits a phone: at 390 x 844 no page scrolls sideways and no element
sticks out on the right, not even inside a scrolling table wrapper; axe finds nothing.

The data is the demo (``seed_demo``): a revealed checker round and a governance scan between two
organisations, a letter of intent with versions, approvals and signatures, a work plan with actions,
meetings, the partner search with a shortlist, participants and the audit log. The two organisations
get long names, as real ones have, so that a comparison's columns are at their widest.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from samenwerkwijzer.agreements.models import Document, Freeze, Version
from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.core.management.commands.seed_demo import DEMO_PASSWORD
from samenwerkwijzer.instruments.definitions import CHECKER
from samenwerkwijzer.instruments.models import Round
from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.workspace.models import Meeting
from testsupport.browser import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NAMES = {
    "68750110": "Ambachtelijke Bakkerij en Banketbakkerij Van der Molen-Vechtstreek B.V.",
    "69599076": "Transportbedrijf De Vries Gekoeld Goederenvervoer Vechtstreek en Omstreken V.O.F.",
}

# Every element whose right edge lies beyond the viewport, except those clipped by an ancestor that
# hides its overflow (visually hidden texts). A table in a scrolling wrapper counts: a phone reader
# should not have to scroll sideways inside the page either. Closed disclosures are opened first.
FIND_OVERFLOW = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const width = window.innerWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
  }
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if ((overflow === 'hidden' || overflow === 'clip') && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 1 && !clipped(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      found.push(name + ' right=' + Math.round(box.right) + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
    }
  }
  return found.slice(0, 15);
}"""


def _seed() -> Collaboration:
    call_command("seed_demo")
    for kvk_number, name in LONG_NAMES.items():
        Organisation.objects.filter(kvk_number=kvk_number).update(name=name)
    return Collaboration.objects.get(name="Broodroute Vechtstreek")


def _pages(collaboration: Collaboration) -> list[str]:
    pk = collaboration.pk
    pages = [
        reverse("collaborations:participants", args=[pk]),
        reverse("collaborations:audit_log", args=[pk]),
        reverse("instruments:overview", args=[pk]),
        reverse("instruments:action_list", args=[pk]),
        reverse("instruments:agenda", args=[pk]),
        reverse("legalforms:comparison"),
        reverse("legalforms:collaboration", args=[pk]),
        reverse("directory:collaboration_search", args=[pk]),
        reverse("directory:collaboration_shortlist", args=[pk]),
        reverse("workspace:plan", args=[pk]),
        reverse("workspace:meetings", args=[pk]),
        reverse("workspace:radar", args=[pk]),
        reverse("agreements:overview", args=[pk]),
    ]
    for round_ in Round.objects.filter(collaboration=collaboration).order_by("pk"):
        pages.append(reverse("instruments:round_detail", args=[pk, round_.pk]))
        pages.append(reverse("instruments:round_history", args=[pk, round_.pk]))
    for meeting in Meeting.objects.filter(collaboration=collaboration).order_by("pk"):
        pages.append(reverse("workspace:meeting_detail", args=[pk, meeting.pk]))
    for document in Document.objects.filter(collaboration=collaboration).order_by("pk"):
        pages.append(reverse("agreements:document", args=[pk, document.slug]))
        pages.append(reverse("agreements:versions", args=[pk, document.slug]))
        version = Version.objects.filter(document=document).order_by("-number").first()
        if version:
            pages.append(reverse("agreements:version", args=[pk, document.slug, version.number]))
        for freeze in Freeze.objects.filter(document=document).order_by("pk"):
            pages.append(reverse("agreements:freeze_detail", args=[pk, document.slug, freeze.pk]))
    return pages


def _log_in(new_page, email: str):
    person = new_page(width=390, height=844)
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", DEMO_PASSWORD)
    person.submit()
    return person


def _overflowing(person, path: str) -> list[str]:
    person.page.goto(person.base_url + path)
    person.settle()  # loaded, and no htmx request or swap under way (CheckedPage.settle)
    assert person.page.url.endswith(path), f"{path} redirected to {person.page.url}"
    problems = [f"{path}: {problem}" for problem in person.page.evaluate(FIND_OVERFLOW)]
    try:
        assert_accessible(person.page)
    except AssertionError as violations:
        problems.append(str(violations))
    return problems


def _screenshot(person, path: str, name: str) -> None:
    person.page.goto(person.base_url + path)
    person.settle()
    person.page.screenshot(path=f"var/e2e-phone-{name}.png", full_page=True)


def test_every_comparison_and_table_fits_a_phone_for_a_participant(new_page):
    collaboration = _seed()
    pages = _pages(collaboration)
    assert any("/rounds/" in page for page in pages) and any("/signed/" in page for page in pages)
    alice = _log_in(new_page, "alice@example.org")
    problems = [problem for path in pages for problem in _overflowing(alice, path)]
    assert not problems, "\n".join(problems)


def test_the_comparisons_fit_a_phone_for_an_observer(new_page):
    collaboration = _seed()
    pk = collaboration.pk
    pages = [
        reverse("collaborations:participants", args=[pk]),
        reverse("legalforms:collaboration", args=[pk]),
        reverse("workspace:plan", args=[pk]),
        reverse("agreements:overview", args=[pk]),
    ] + [
        reverse("instruments:round_detail", args=[pk, round_.pk])
        for round_ in Round.objects.filter(collaboration=collaboration).order_by("pk")
    ]
    olga = _log_in(new_page, "olga@example.org")
    problems = [problem for path in pages for problem in _overflowing(olga, path)]
    assert not problems, "\n".join(problems)


def test_the_checker_results_are_cards_on_a_phone_and_a_table_on_a_desktop(new_page):
    collaboration = _seed()
    checker = Round.objects.filter(collaboration=collaboration, instrument=CHECKER).first()
    path = reverse("instruments:round_detail", args=[collaboration.pk, checker.pk])
    alice = _log_in(new_page, "alice@example.org")
    alice.goto(path)
    row = alice.page.locator("table.score-table tbody tr.discuss").first
    # On a phone every cell of a statement is visible within the screen, with its column's name.
    for cell in row.locator("td").all():
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, cell.inner_text()
    labels = row.locator("td").evaluate_all("cells => cells.map((td) => getComputedStyle(td, '::before').content)")
    assert f'"{LONG_NAMES["68750110"]}"' in labels and f'"{LONG_NAMES["69599076"]}"' in labels, labels
    assert '"Verschil"' in labels and row.get_by_role("button", name="Op de agenda zetten").is_visible()
    _screenshot(alice, path, "checker-results-390")
    _screenshot(alice, reverse("legalforms:comparison"), "legal-form-comparison-390")
    alice.page.set_viewport_size({"width": 1280, "height": 900})
    alice.page.goto(alice.base_url + path)
    assert alice.page.locator("table.score-table thead").first.is_visible()
    assert (
        alice.page.evaluate("() => getComputedStyle(document.querySelector('table.score-table tbody tr')).display")
        == "table-row"
    )
    # The desktop table keeps readable columns and the page does not scroll sideways.
    assert alice.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert alice.page.locator("table.score-table tbody th").first.bounding_box()["width"] > 200
    alice.page.screenshot(path="var/e2e-phone-checker-results-1280.png", full_page=True)
    _screenshot(alice, reverse("legalforms:comparison"), "legal-form-comparison-1280")
