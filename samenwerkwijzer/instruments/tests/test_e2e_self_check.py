"""The Zelfcheck from within the collaboration, in a real browser: alice fills in and shares hers on a
laptop, bob on a phone; both see them side by side with the differences to discuss. Every page is
checked with axe (the harness) at 1280 and 390 px, and at 390 px nothing may stick out sideways."""

import pytest
from django.urls import reverse

from samenwerkwijzer.collaborations.models import Collaboration
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = """() => {
  const width = window.innerWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
  }
  for (const el of document.body.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if ((box.width || box.height) && box.right > width + 1) {
      found.push(el.tagName.toLowerCase() + ' right=' + Math.round(box.right) + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
    }
  }
  return found.slice(0, 10);
}"""


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def assert_fits(person):
    assert person.page.evaluate(OVERFLOW) == []


def fill(person, *, level, duration, ticks):
    page = person.page
    page.check("input[name=only_together][value=yes]")
    page.check("input[name=give_up_autonomy][value=yes]")
    page.check(f"input[name=ambition_level][value={level}]")
    page.check(f"input[name=duration_kind][value={duration}]")
    for name, text in ticks.items():
        page.check(f"input[name={name}]")
        page.fill(f"[name={name}__text]", text)


def test_fill_share_and_compare_from_the_collaboration(new_page, personas):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(
        ambition_level="tactical", duration_kind="project"
    )
    shares = reverse("instruments:self_check_shares", args=[personas.collaboration.pk])
    fill_url = reverse("instruments:self_check_fill", args=[personas.collaboration.pk])

    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.goto(shares)
    alice.follow("Uw zelfcheck invullen")
    assert alice.page.url.endswith(fill_url)
    fill(
        alice,
        level="operational",
        duration="project",
        ticks={"offer_and_demand__logistiek__need": "Een gekoelde bestelwagen voor de ochtendronde"},
    )
    alice.page.screenshot(path="var/e2e-self-check-fill-1280.png", full_page=True)
    alice.submit("main button[name=action][value=share]")
    assert alice.page.url.endswith(shares)

    bob = new_page(width=390, height=844)
    log_in(bob, "bob@example.org")
    bob.goto(fill_url)
    assert_fits(bob)
    fill(
        bob,
        level="strategic",
        duration="structural",
        ticks={
            "offer_and_demand__netwerk__offer": "Ons netwerk van winkeliers in de hele Vechtstreek en daarbuiten",
            "offer_and_demand__financien__need": "Medefinanciering van een nieuwe koelcel",
        },
    )
    bob.page.screenshot(path="var/e2e-self-check-fill-390.png", full_page=True)
    bob.submit("main button[name=action][value=share]")
    assert bob.page.url.endswith(shares)
    assert_fits(bob)
    differences = bob.page.locator(".self-check-differences li")
    assert differences.count() >= 5
    assert "Alpha Bakkerij zoekt logistiek" in bob.page.locator(".self-check-differences").inner_text()
    bob.page.screenshot(path="var/e2e-self-check-compare-390.png", full_page=True)

    alice.goto(shares)
    assert alice.page.locator("table.self-check-compare thead th").count() == 3
    alice.page.screenshot(path="var/e2e-self-check-compare-1280.png", full_page=True)

    # The organisation's own page leads back to the collaboration.
    alice.goto(
        reverse("instruments:self_check", args=[personas.alpha.pk]) + f"?collaboration={personas.collaboration.pk}"
    )
    alice.follow("Terug naar Zonnedak Zwaluwstaart")
    assert alice.page.url.endswith(shares)

    # An observer on a phone sees the comparison, without buttons to fill in or share.
    olivia = new_page(width=390, height=844)
    log_in(olivia, "olivia@example.org")
    olivia.goto(shares)
    assert_fits(olivia)
    assert olivia.page.locator(f"main a[href='{fill_url}'], main form[action$='/self-checks/share/']").count() == 0
