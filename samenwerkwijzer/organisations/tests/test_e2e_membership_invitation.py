"""Invite → log in through the link → accept, in a real browser; every page checked with axe at
390 px (a phone) and 1280 px."""

import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail

from samenwerkwijzer.organisations.models import Membership
from testsupport.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def check_both_widths(person, name):
    """axe at both widths, and a picture of each to look at."""
    for size in (PHONE, DESKTOP):
        person.page.set_viewport_size(size)
        person.check()
        picture = Path(tempfile.gettempdir()) / f"e2e-membership-{name}-{size['width']}.png"
        person.page.screenshot(path=str(picture), full_page=True)


def test_an_administrator_invites_and_the_person_accepts_after_logging_in(new_page, personas):
    alice = new_page()
    alice.goto("/accounts/login/")
    alice.page.fill("input[name=login]", "alice@example.org")
    alice.page.fill("input[name=password]", PASSWORD)
    alice.submit()

    alice.goto(f"/organisations/{personas.alpha.pk}/")
    alice.follow("Lid uitnodigen")
    check_both_widths(alice, "invite")
    alice.page.fill("input[name=email]", "charlie@example.org")
    alice.page.select_option("select[name=role]", "admin")
    alice.page.check("input[name=is_authorised_signatory]")
    alice.submit()
    assert alice.page.locator(".alert--success").count() == 1
    assert alice.page.get_by_text("charlie@example.org").count() >= 1
    check_both_widths(alice, "detail")
    assert not Membership.objects.filter(user=personas.charlie, organisation=personas.alpha).exists()

    link = re.search(r"http://\S+/organisations/invitations/\S+/", mail.outbox[-1].body).group(0)
    charlie = new_page(**PHONE)
    charlie.goto(link)
    assert charlie.page.get_by_role("heading", level=1).inner_text() == "U bent uitgenodigd voor Alpha Bakkerij"
    check_both_widths(charlie, "welcome")
    charlie.page.set_viewport_size(PHONE)
    charlie.follow("Inloggen")
    charlie.page.fill("input[name=login]", "charlie@example.org")
    charlie.page.fill("input[name=password]", PASSWORD)
    charlie.submit()
    # Back at the invitation: whom it is from, the organisation's verification, the role.
    assert charlie.page.url == link
    main = charlie.page.locator("main").inner_text()
    assert "Alice Lead" in main and "niet geverifieerd" in main and "beheerder" in main
    check_both_widths(charlie, "accept")
    charlie.submit("main button[value=accept]")
    assert "U bent nu lid van Alpha Bakkerij" in charlie.page.locator("main").inner_text()
    membership = Membership.objects.get(user=personas.charlie, organisation=personas.alpha)
    assert membership.is_admin and membership.is_authorised_signatory and membership.signatory_basis == "self"


def test_someone_in_two_participating_organisations_chooses_on_the_collaboration_page(new_page, personas):
    dana = UserFactory(email="dana@example.org", full_name="Dana Dubbel")
    for organisation in (personas.alpha, personas.beta):
        MembershipFactory(user=dana, organisation=organisation, role="member")
    MembershipFactory(user=dana, organisation__name="Aardvark Advies", role="member")
    person = new_page()
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", "dana@example.org")
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()
    # The header's organisation (Aardvark Advies) takes no part: Dana must choose.
    person.goto(f"/collaborations/{personas.collaboration.pk}/")
    assert "Kies namens welke organisatie" in person.page.locator("main").inner_text()
    check_both_widths(person, "choose")
    person.page.set_viewport_size(DESKTOP)
    person.page.select_option("#acting-for-organisation", str(personas.beta.pk))
    person.submit("main .acting-for button[type=submit]")
    assert "U handelt namens Beta Transport" in person.page.locator("main").inner_text()
    assert person.page.locator("#switch-organisation option:checked").inner_text() == "Beta Transport"
    check_both_widths(person, "acting-for")
