"""alice starts a network, lists its expertises and invites bob by e-mail; bob accepts through the
link and fills in his profile. Every page checked with axe at 390 px (a phone) and 1280 px."""

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from samenwerkwijzer.networks.models import Availability, Network, NetworkMember
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def check_both_widths(person, name):
    """axe at both widths, and a picture of each to look at."""
    for size in (PHONE, DESKTOP):
        person.page.set_viewport_size(size)
        person.check()
        picture = Path(tempfile.gettempdir()) / f"e2e-network-{name}-{size['width']}.png"
        person.page.screenshot(path=str(picture), full_page=True)


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def test_alice_starts_a_network_and_bob_joins_and_fills_in_his_profile(new_page, personas):
    alice = new_page()
    log_in(alice, "alice@example.org")
    alice.follow("Netwerken", within="header")
    check_both_widths(alice, "index")
    alice.page.set_viewport_size(DESKTOP)
    alice.follow("Netwerk starten")
    check_both_widths(alice, "create")
    alice.page.fill("input[name=name]", "Communicatiecollectief Utrecht")
    alice.page.fill("textarea[name=description]", "Tekstschrijvers, fotografen en webbouwers uit de regio.")
    alice.submit()
    network = Network.objects.get(name="Communicatiecollectief Utrecht")
    for name in ("Tekstschrijven", "Fotografie"):
        alice.page.fill("input[name=new-name]", name)
        alice.submit("main button[value=add]")
    assert alice.page.locator("#expertise-list li").count() == 2
    check_both_widths(alice, "expertises")

    alice.goto(f"/networks/{network.pk}/")
    assert "Leden uitnodigen" in alice.page.locator(".next-step").inner_text()
    check_both_widths(alice, "detail-coordinator")
    alice.page.locator(".next-step").get_by_role("link", name="Leden uitnodigen").click()
    alice.page.wait_for_load_state()
    alice.page.fill("input[name=email]", "bob@example.org")
    alice.page.fill("textarea[name=message]", "Jouw teksten passen goed bij ons.")
    alice.submit()
    assert alice.page.locator(".alert--success").count() == 1
    check_both_widths(alice, "invite")

    link = re.search(r"http://\S+/networks/invitations/\S+/", mail.outbox[-1].body).group(0)
    bob = new_page(**PHONE)
    bob.goto(link)
    assert "Communicatiecollectief Utrecht" in bob.page.get_by_role("heading", level=1).inner_text()
    check_both_widths(bob, "welcome")
    bob.page.set_viewport_size(PHONE)
    bob.follow("Inloggen")
    bob.page.fill("input[name=login]", "bob@example.org")
    bob.page.fill("input[name=password]", PASSWORD)
    bob.submit()
    assert bob.page.url == link
    assert "Jouw teksten passen goed bij ons." in bob.page.locator("main").inner_text()
    check_both_widths(bob, "accept")
    bob.submit("main button[value=accept]")
    member = NetworkMember.objects.get(network=network, organisation=personas.beta)

    # The profile: a bad postcode first (kept, with a message), then the real one.
    bob.page.set_viewport_size(PHONE)
    bob.page.get_by_label("Tekstschrijven").check()
    bob.page.fill("input[name=day_rate]", "725")
    bob.page.fill("input[name=home_pc4]", "0000")
    bob.submit("#profile-form button[type=submit]")
    assert bob.page.locator("input[name=home_pc4]").input_value() == "0000"
    assert bob.page.locator(".error-summary, [role=alert]").count() >= 1
    check_both_widths(bob, "profile-error")
    member.refresh_from_db()
    assert member.home_pc4 == "" and not member.expertises.exists()
    bob.page.set_viewport_size(PHONE)
    bob.page.fill("input[name=home_pc4]", "3521")
    bob.submit("#profile-form button[type=submit]")
    member.refresh_from_db()
    assert member.home_pc4 == "3521" and [e.name for e in member.expertises.all()] == ["Tekstschrijven"]

    start = timezone.localdate() + timedelta(days=7)
    bob.page.locator("#availability-form input[value=available]").check()
    bob.page.fill("input[name=starts_on]", start.isoformat())
    bob.page.fill("input[name=ends_on]", (start + timedelta(days=30)).isoformat())
    bob.page.fill("input[name=days_per_week]", "3")
    bob.submit("#availability-form button[type=submit]")
    assert Availability.objects.get(member=member).days_per_week == 3
    check_both_widths(bob, "profile")

    bob.goto(f"/networks/{network.pk}/members/")
    table = bob.page.locator("#member-table").inner_text()
    assert "Beta Transport" in table and "725,00 per dag" in table and "3 dagen per week" in table
    check_both_widths(bob, "members")
    bob.goto(f"/networks/{network.pk}/")
    assert "Opdracht aanbrengen" in bob.page.locator(".next-step").inner_text()
    check_both_widths(bob, "detail-member")
