"""Partner search in a browser: profile, ranked matches with the second ring and the partners' own
words, the reliability check with the insolvency register, the shortlist and the invitation, each page
checked with axe."""

import pytest

from samenwerkwijzer.collaborations.models import Invitation
from samenwerkwijzer.directory.models import ShortlistItem
from samenwerkwijzer.lib.testing import PASSWORD
from samenwerkwijzer.registry.tests.fake_cir import PASSWORD as CIR_PASSWORD
from samenwerkwijzer.registry.tests.fake_cir import USERNAME, FakeCir

from .factories import make_entry
from .test_views import confirm, make_findable

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fake_cir(monkeypatch):
    with FakeCir() as server:
        monkeypatch.setenv("CIR_URL", server.url)
        monkeypatch.setenv("CIR_USERNAME", USERNAME)
        monkeypatch.setenv("CIR_PASSWORD", CIR_PASSWORD)
        yield server


def test_a_lead_finds_checks_shortlists_and_invites_a_partner(new_page, personas, monkeypatch, fake_cir):
    p = personas
    monkeypatch.delenv("KVK_API_KEY", raising=False)  # the offline register, and the CIR beside it
    make_entry(name="Koeltransport Utrecht", kvk_number="69599084", pc4="3511", offers=("logistiek",))
    make_findable(p.beta, p.bob)
    make_findable(p.gamma, p.charlie, culture="Nuchter, en we houden van korte lijnen.")
    confirm(p.alpha, p.beta)
    confirm(p.beta, p.gamma)  # gamma is alpha's second ring, via beta

    alice = new_page(width=390, height=844)
    alice.goto("/accounts/login/")
    alice.page.fill("input[name=login]", "alice@example.org")
    alice.page.fill("input[name=password]", PASSWORD)
    alice.submit()

    alice.goto(f"/directory/organisations/{p.alpha.pk}/profile/")
    alice.page.fill("#id_pc4", "3511")
    alice.page.check("input[name=needs][value=logistiek]")
    alice.submit()
    results = alice.page.locator("li.result")
    names = results.locator("h3").all_inner_texts()
    assert "Koeltransport Utrecht" in names and "Gamma Bouw" in names
    gamma = results.filter(has_text="Gamma Bouw").inner_text()
    assert "via Beta Transport" in gamma and "In hun eigen woorden: Nuchter, en we houden van korte lijnen." in gamma
    assert "u zoekt logistiek — zij bieden het" in results.filter(has_text="Koeltransport Utrecht").inner_text()

    search_url = alice.page.url

    alice.follow("Check in het Handelsregister", within="li.result:has-text('Koeltransport Utrecht')")
    alice.submit("main form button[type=submit]")
    check = alice.page.locator("#check-heading ~ dl").inner_text()
    assert "Koeltransport Utrecht" in check and "geen publicaties" in check

    alice.goto(search_url)
    alice.submit("li.result:has-text('Koeltransport Utrecht') button:has-text('Op de shortlist zetten')")
    assert ShortlistItem.objects.filter(entry__name="Koeltransport Utrecht").exists()

    alice.follow("Uitnodigen om te verkennen", within="li.result:has-text('Koeltransport Utrecht')")
    alice.page.select_option("select[name=collaboration]", str(p.collaboration.pk))
    alice.page.fill("input[name=email]", "info@koeltransport.example")
    alice.submit("main form button[type=submit]")
    invitation = Invitation.objects.get(email="info@koeltransport.example")
    assert invitation.collaboration == p.collaboration
