"""Account verwijderen in a real browser: the page at 390 and 1280 px (axe on every page),
allauth's password reauthentication, then the confirmation page; login afterwards fails."""

import pytest
from django.contrib.auth import get_user_model

from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def test_a_member_deletes_her_account(new_page, personas):
    phone = new_page(width=390, height=844)
    log_in(phone, "anna@example.org")
    phone.goto("/my-data/delete/")  # axe at 390 px
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.page.screenshot(path="var/e2e-delete-account-390.png", full_page=True)

    anna = new_page()
    log_in(anna, "anna@example.org")
    anna.goto("/notifications/profile/")
    anna.follow("Account verwijderen", within="nav.subnav")  # axe at 1280 px
    anna.page.screenshot(path="var/e2e-delete-account-1280.png", full_page=True)
    anna.page.check("input[name=confirm]")
    anna.submit()
    # allauth asks for the password first, then resumes the deletion.
    assert "/accounts/reauthenticate/" in anna.page.url
    anna.page.fill("input[name=password]", PASSWORD)
    anna.submit()
    assert anna.page.url.endswith("/my-data/deleted/")
    assert anna.page.locator("h1").inner_text() == "Uw account is verwijderd"
    anna.page.screenshot(path="var/e2e-account-deleted-1280.png", full_page=True)
    assert not get_user_model().objects.filter(email="anna@example.org").exists()

    log_in(anna, "anna@example.org")
    assert "/accounts/login/" in anna.page.url
