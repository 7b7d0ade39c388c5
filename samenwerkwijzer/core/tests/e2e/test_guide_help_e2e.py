"""The guide's help in a browser at phone width: the disclosures open, and axe finds nothing."""

import pytest

from testsupport.browser import assert_accessible
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_cooperative_case_opens_in_the_legal_form_comparison_at_390_px(new_page):
    visitor = new_page(width=390, height=844)
    visitor.goto("/legal-forms/")
    case = visitor.page.locator("#guide-case-artishock")
    assert case.get_attribute("open") is None
    case.locator("summary").click()
    assert case.get_attribute("open") == ""
    assert "coöperatie" in case.inner_text() and "Wat het laat zien:" in case.inner_text()
    assert_accessible(visitor.page)
    visitor.page.screenshot(path="var/e2e-guide-help-legal-form-390.png", full_page=True)


def test_the_ten_tips_open_on_the_partner_search_page_at_390_px(new_page, personas):
    alice = new_page(width=390, height=844)
    alice.goto("/accounts/login/")
    alice.page.fill("input[name=login]", "alice@example.org")
    alice.page.fill("input[name=password]", PASSWORD)
    alice.submit()
    alice.goto("/directory/")
    alice.page.locator("#guide-tips summary").click()
    tips = alice.page.locator("#guide-tips li")
    assert tips.count() == 10
    assert "088 585 22 22" in tips.nth(1).inner_text()
    alice.page.locator("#guide-case-berg_hortimotive summary").click()
    assert_accessible(alice.page)
    alice.page.screenshot(path="var/e2e-guide-help-partner-search-390.png", full_page=True)
