"""The comparison, the advice and saving a choice, in a real browser with an axe check on every page."""

import pytest

from testsupport.factories import PASSWORD, MembershipFactory, make_collaboration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_the_screen(person) -> bool:
    return person.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_entrepreneur_compares_two_forms_on_a_phone_and_prints_them(new_page):
    person = new_page(width=375, height=740)
    person.goto("/legal-forms/")
    assert person.page.locator(".comparison-table thead th[scope=col]").count() == 10  # topic + 9 forms
    assert fits_the_screen(person)
    for box in person.page.locator("input[name=selected]").all():
        box.uncheck()
    person.page.check("input[name=selected][value=vof]")
    person.page.check("input[name=selected][value=bv]")
    person.submit()
    assert person.page.locator(".comparison-table thead th[scope=col]").count() == 3
    assert fits_the_screen(person)
    # On a phone the topics stack: the fact of each form is labelled by the form's name.
    label = person.page.evaluate(
        "getComputedStyle(document.querySelector('.comparison-table td[data-label]'), '::before').content"
    )
    assert "Vof" in label
    assert person.page.locator("[data-print]").is_visible()
    person.page.emulate_media(media="print")
    assert not person.page.locator(".comparison-picker").is_visible()
    assert person.page.locator(".comparison-table").is_visible()


def test_all_eight_forms_side_by_side_on_a_wide_screen_stay_keyboard_accessible(new_page):
    person = new_page(width=1280, height=900)
    person.goto("/legal-forms/")  # the axe check includes the scrollable table region
    assert person.page.locator(".comparison-table tbody tr").count() == 6


def test_the_advice_ranks_the_forms_without_an_account(new_page):
    person = new_page()
    person.goto("/legal-forms/advice/")
    person.page.check("input[name=duration][value=structural]")
    person.page.fill("#id_founders", "2")
    person.page.check("input[name=founder_kind][value=natural]")
    person.page.check("input[name=purpose][value=share_risk]")
    person.page.check("#id_silent_investors")
    person.submit()
    first = person.page.locator(".ranking-list > li").first
    assert "Commanditaire vennootschap (cv)" in first.inner_text()
    assert person.page.locator(".ranking-list > li").count() == 9
    assert "Kamer van Koophandel" in person.page.locator(".closing-advice").inner_text()


def test_a_partner_saves_the_chosen_form_in_the_collaboration(new_page):
    member = MembershipFactory(user__email="lead@example.org", organisation__name="Bakkerij Korrel")
    collaboration = make_collaboration(user=member.user, organisation=member.organisation, name="Korrelroute")
    person = new_page()
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", "lead@example.org")
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()
    person.goto(f"/legal-forms/collaborations/{collaboration.pk}/")
    person.follow("Vraag advies en kies een vorm")
    person.page.check("input[name=duration][value=structural]")
    person.page.fill("#id_founders", "6")
    person.page.check("input[name=founder_kind][value=natural]")
    person.page.check("input[name=purpose][value=collective_benefit]")
    person.page.check("#id_exclude_private_liability")
    person.submit("form.intake-form button[type=submit]")
    assert person.page.locator("input[name=chosen_form][value=cooperatie]").is_checked()
    person.submit("form.choose-form button[type=submit]")
    assert "Gekozen rechtsvorm: Coöperatie (WA, BA of UA)" in person.page.locator(".chosen-form").inner_text()
