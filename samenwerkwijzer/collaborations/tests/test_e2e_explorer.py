"""Exploring is not joining (issue #15), in a browser: the lead invites a company from the partner
search to explore; it accepts, sees only the name, the goal and the lead's contact, answers its own
match check with the partners; when every partner organisation agrees it becomes a partner. Every
page is checked with axe, at 390 and 1280 pixels."""

import re

import pytest
from django.core import mail

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent, Participant
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.models import Round
from samenwerkwijzer.instruments.tests.factories import match_answers
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(new_page, email, width, height):
    person = new_page(width=width, height=height)
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()
    return person


def _submit_as(user, collaboration, round_):
    access = get_collaboration_for_user(user, collaboration.pk)
    instrument_services.round_submit(access=access, round=round_, answers=match_answers(4))


def test_an_explorer_sees_only_what_is_shared_until_every_partner_agrees(new_page, personas):
    from samenwerkwijzer.directory.tests.test_views import make_findable

    p = personas
    make_findable(p.gamma, p.charlie, culture="Nuchter, en we houden van korte lijnen.")

    # The lead finds Gamma Bouw in the partner search and invites it to explore.
    alice = _log_in(new_page, "alice@example.org", 390, 844)
    alice.goto(f"/directory/organisations/{p.alpha.pk}/profile/")
    alice.page.fill("#id_pc4", "3511")
    alice.page.check("input[name=needs][value=logistiek]")
    alice.submit()
    alice.follow("Uitnodigen om te verkennen", within="li.result:has-text('Gamma Bouw')")
    explained = alice.page.locator("#explorer-sees").inner_text()
    assert "Wat de verkenner niet ziet" in explained and "geen eerdere rondes" in explained
    alice.page.screenshot(path="var/e2e-explorer-invite-390.png", full_page=True)
    alice.page.select_option("select[name=collaboration]", str(p.collaboration.pk))
    alice.page.fill("input[name=email]", "charlie@example.org")
    alice.submit("main form button[type=submit]")
    link = re.search(r"http://\S+/collaborations/invitations/\S+/", mail.outbox[-1].body).group(0)

    # The invited company accepts and sees only the name, the goal and the lead's contact.
    charlie = _log_in(new_page, "charlie@example.org", 1280, 900)
    charlie.goto(link)
    assert "U bent uitgenodigd om te verkennen" in charlie.page.locator("main").inner_text()
    charlie.submit("main form button[type=submit]")
    explorer = Participant.objects.get(collaboration=p.collaboration, organisation=p.gamma)
    assert explorer.role == Participant.Role.EXPLORER
    main = charlie.page.locator("main").inner_text()
    assert p.collaboration.name in main and p.collaboration.purpose in main
    assert "alice@example.org" in main
    assert "Beta Transport" not in main
    assert charlie.page.locator("[data-collab-nav]").count() == 0
    charlie.page.screenshot(path="var/e2e-explorer-dashboard-1280.png", full_page=True)
    narrow = _log_in(new_page, "charlie@example.org", 390, 844)
    narrow.goto(f"/collaborations/{p.collaboration.pk}/")
    narrow.page.screenshot(path="var/e2e-explorer-dashboard-390.png", full_page=True)
    # Another page of the collaboration is refused.
    response = charlie.page.goto(f"{charlie.base_url}/agreements/{p.collaboration.pk}/")
    assert response.status == 403

    # Its own match check, answered in the browser; the partners answer theirs.
    charlie.goto(f"/collaborations/{p.collaboration.pk}/")
    charlie.follow("Nu invullen")
    for item in d.get_instrument(d.MATCHCHECK).statements:
        charlie.page.locator(f"input[name='{item.id}'][value='3']").check(force=True)
    charlie.submit("main button[name=submit]")
    charlie.submit("main form button[type=submit]")
    round_ = Round.objects.get(collaboration=p.collaboration, explorer=p.gamma)
    assert not Round.objects.get(pk=round_.pk).is_revealed()
    _submit_as(p.alice, p.collaboration, round_)
    _submit_as(p.bob, p.collaboration, round_)
    charlie.goto(f"/instruments/collaborations/{p.collaboration.pk}/rounds/{round_.pk}/")
    assert "Beta Transport" in charlie.page.locator("main").inner_text()
    charlie.page.screenshot(path="var/e2e-explorer-match-check-1280.png", full_page=True)

    # Every partner organisation agrees: the explorer becomes a partner.
    alice.goto(f"/collaborations/{p.collaboration.pk}/participants/")
    alice.follow("Toelaten als partner?")
    alice.page.screenshot(path="var/e2e-explorer-decide-390.png", full_page=True)
    alice.page.check("input[name=decision][value=consent]")
    alice.submit("main form button[type=submit]")
    bob = _log_in(new_page, "bob@example.org", 1280, 900)
    bob.goto(f"/collaborations/{p.collaboration.pk}/explorers/{explorer.pk}/")
    bob.page.check("input[name=decision][value=consent]")
    bob.submit("main form button[type=submit]")
    explorer.refresh_from_db()
    assert explorer.role == Participant.Role.PARTNER
    assert AuditEvent.objects.filter(action="explorer_admitted").exists()
    charlie.goto(f"/collaborations/{p.collaboration.pk}/")
    assert charlie.page.locator("[data-collab-nav]").count() == 1
