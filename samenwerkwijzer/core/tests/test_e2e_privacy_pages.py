"""The privacy and cookie statements in a real browser at phone and desktop width: reached from the
footer, checked with axe (every navigation of CheckedPage), nothing overflowing sideways."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_both_statements_are_reached_from_the_footer_and_read_well(new_page, width, height):
    visitor = new_page(width=width, height=height)
    visitor.goto(reverse("core:about"))
    visitor.follow("Privacy", within="footer")
    page = visitor.page
    assert page.locator("main h1").inner_text() == "Privacyverklaring"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the privacy statement overflows"
    page.screenshot(path=f"var/e2e-privacy-{width}.png", full_page=True)
    visitor.follow("Cookies", within="footer")
    assert page.locator("main h1").inner_text() == "Cookies"
    assert page.locator("#cookies-list .cookie-name").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the cookie statement overflows"
    page.screenshot(path=f"var/e2e-cookies-{width}.png", full_page=True)
    visitor.follow("privacyverklaring")
    assert page.url.endswith(reverse("core:privacy"))
