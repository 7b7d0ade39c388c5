"""The grouped collaboration navigation and the error summary in a real browser, at phone and desktop
width, checked with axe: heading and primary action above the fold on a phone, one group marked."""

import pytest
from django.urls import reverse

from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "overview": "collaborations:dashboard",
    "together": "instruments:overview",
    "agreements": "agreements:overview",
    "work": "workspace:meetings",
    "settings": "collaborations:edit",
}


def log_in(page, email):
    page.goto("/accounts/login/")
    page.page.fill("input[name=login]", email)
    page.page.fill("input[name=password]", PASSWORD)
    page.submit()


def bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_each_group_is_marked_and_the_first_screen_holds_heading_and_action(new_page, personas, width, height):
    alice = new_page(width=width, height=height)
    log_in(alice, "alice@example.org")
    for group, url_name in PAGES.items():
        alice.goto(reverse(url_name, args=[personas.collaboration.pk]))
        page = alice.page
        current = page.locator("[data-collab-nav] [data-group][aria-current=page]")
        assert current.count() == 1, group
        assert current.get_attribute("data-group") == group
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{group} overflows sideways"
        if width == 390:
            assert bottom(page.locator("main h1").first) <= height, f"{group}: heading below the fold"
            primary = page.locator("main .button:not(.button--secondary):visible")
            if primary.count():
                # A form's submit button follows its fields: there the form's first field starts the action.
                action_bottom = primary.first.evaluate(
                    """el => {
                        const field = el.type === 'submit' && el.form && [...el.form.elements].find(
                            f => f.type !== 'hidden' && f !== el && f.getClientRects().length);
                        const r = (field || el).getBoundingClientRect();
                        return r.bottom + window.scrollY;
                    }"""
                )
                assert action_bottom <= height, f"{group}: primary action below the fold"
        page.screenshot(path=f"var/e2e-navigation-{group}-{width}.png")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_error_summary_links_focus_the_field(new_page, personas, width):
    alice = new_page(width=width, height=844)
    log_in(alice, "alice@example.org")
    alice.goto(f"/collaborations/{personas.collaboration.pk}/edit/")
    alice.page.fill("input[name=name]", "")
    alice.submit("main form button[type=submit]")
    summary = alice.page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert "Er is een probleem" in summary.inner_text()
    assert alice.page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    alice.page.screenshot(path=f"var/e2e-navigation-error-summary-{width}.png")
    summary.locator("a[href='#id_name']").click()
    assert alice.page.evaluate("document.activeElement.id") == "id_name"


def test_an_observer_sees_no_settings_group(new_page, personas):
    olivia = new_page(width=390, height=844)
    log_in(olivia, "olivia@example.org")
    olivia.goto(f"/collaborations/{personas.collaboration.pk}/")
    assert olivia.page.locator("[data-collab-nav] [data-group]").count() == 4
    assert olivia.page.locator("[data-group=settings]").count() == 0
    olivia.page.screenshot(path="var/e2e-navigation-observer-390.png")
