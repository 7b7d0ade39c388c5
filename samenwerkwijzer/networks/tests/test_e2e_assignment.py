"""bob brings in an assignment needing two expertises, gets a proposal and invites the team; alice says
no with a reason and a new proposal appears at once. Every page checked with axe at 390 px (a phone)
and 1280 px, with a picture of each in the temporary folder."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from samenwerkwijzer.networks.models import Assignment, NetworkMember, TeamInvitation
from testsupport.factories import PASSWORD, MembershipFactory

from .factories import network_personas

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def check_both_widths(person, name):
    for size in (PHONE, DESKTOP):
        person.page.set_viewport_size(size)
        person.check()
        picture = Path(tempfile.gettempdir()) / f"e2e-assignment-{name}-{size['width']}.png"
        person.page.screenshot(path=str(picture), full_page=True)


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def test_bob_brings_in_an_assignment_and_a_no_gives_a_new_proposal(new_page, personas):
    net = network_personas(personas)
    # A second web designer, so that a no from alice leaves someone to propose.
    webbouwer = MembershipFactory(organisation__name="Webbouw Vleuten").organisation
    NetworkMember.objects.create(network=net.network, organisation=webbouwer, home_pc4="3451").expertises.set([net.web])
    base = f"/networks/{net.network.pk}/assignments/"

    bob = new_page()
    log_in(bob, "bob@example.org")
    bob.goto(base)
    check_both_widths(bob, "list")
    bob.follow("Opdracht aanbrengen")
    check_both_widths(bob, "form")
    today = timezone.localdate()
    bob.page.fill("input[name=title]", "Nieuwe website Bibliotheek")
    bob.page.fill("input[name=client]", "Bibliotheek Utrecht")
    bob.page.fill("textarea[name=description]", "Teksten en een nieuwe website.")
    bob.page.fill("input[name=starts_on]", (today - timedelta(days=3)).isoformat())  # in the past: refused
    bob.page.fill("input[name=ends_on]", (today + timedelta(days=40)).isoformat())
    bob.page.fill("input[name=location_pc4]", "3511")
    bob.page.fill(f"input[name=need_{net.writing.pk}]", "5")
    bob.page.fill(f"input[name=need_{net.web.pk}]", "3")
    bob.submit("main form button[type=submit]")
    assert bob.page.locator(".error-summary").count() == 1
    assert bob.page.locator("#id_starts_on_error").count() == 1
    assert not Assignment.objects.filter(title="Nieuwe website Bibliotheek").exists()
    check_both_widths(bob, "form-error")
    bob.page.fill("input[name=starts_on]", (today + timedelta(days=10)).isoformat())
    bob.submit("main form button[type=submit]")
    assignment = Assignment.objects.get(title="Nieuwe website Bibliotheek")

    bob.submit(f"form[action$='/assignments/{assignment.pk}/propose/'] button")
    assert bob.page.locator("#proposal .card").count() == 2
    assert "Waarom:" in bob.page.locator("#proposal").inner_text()
    check_both_widths(bob, "proposal")
    bob.submit(f"form[action$='/assignments/{assignment.pk}/invite/'] button")
    web = assignment.team.get(roles__need__expertise=net.web)
    assert web.status == TeamInvitation.Status.INVITED

    assert web.member_id == net.alice_member.pk  # both web designers equally free and unused: the lower id
    alice = new_page(width=390, height=844)
    log_in(alice, "alice@example.org")
    alice.goto(f"{base}{assignment.pk}/")
    assert "U bent uitgenodigd voor dit team" in alice.page.locator("#respond").inner_text()
    check_both_widths(alice, "invited")
    alice.page.check("input[name=answer][value=no]")
    alice.page.fill("textarea[name=note]", "Die weken zit ik vol")
    alice.submit("#respond button[type=submit]")
    web.refresh_from_db()
    assert web.status == TeamInvitation.Status.DECLINED

    bob.goto(f"{base}{assignment.pk}/")
    text = bob.page.locator("main").inner_text()
    assert "Nieuwe uitnodigingen versturen" in text and "Die weken zit ik vol" in text
    assert "Webbouw Vleuten" in bob.page.locator("#proposal").inner_text()
    check_both_widths(bob, "new-proposal")
