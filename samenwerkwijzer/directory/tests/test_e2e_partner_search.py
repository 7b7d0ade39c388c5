"""Partner search in a browser: profile, ranked matches with the second ring and the partners' own
words, the reliability check with the insolvency register, the shortlist and the invitation, each page
checked with axe."""

import pytest

from samenwerkwijzer.collaborations.models import Invitation
from samenwerkwijzer.core.tests.test_e2e_phone_overflow import FIND_OVERFLOW
from samenwerkwijzer.directory import services
from samenwerkwijzer.directory.models import DirectoryListing, ShortlistItem
from samenwerkwijzer.registry.tests.fake_cir import PASSWORD as CIR_PASSWORD
from samenwerkwijzer.registry.tests.fake_cir import USERNAME, FakeCir
from testsupport.factories import PASSWORD

from .factories import make_entry
from .test_views import _profile, confirm, make_findable

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fake_cir(settings):
    with FakeCir() as server:
        settings.CIR_URL = server.url
        settings.CIR_USERNAME = USERNAME
        settings.CIR_PASSWORD = CIR_PASSWORD
        yield server


def test_a_lead_finds_checks_shortlists_and_invites_a_partner(new_page, personas, settings, fake_cir):
    p = personas
    settings.KVK_API_KEY = ""  # the offline register, and the CIR beside it
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
    # Every match says how it is verified, and so does whoever can introduce it.
    assert gamma.count("geverifieerd via eHerkenning (EH3) op") == 2
    assert (
        "geïmporteerd gegeven, niet op Samenwerkwijzer" in results.filter(has_text="Koeltransport Utrecht").inner_text()
    )
    alice.page.screenshot(path="var/e2e-verification-matches-390.png", full_page=True)
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
    assert "Dit bedrijf staat nog niet op Samenwerkwijzer" in alice.page.locator("main").inner_text()
    alice.page.select_option("select[name=collaboration]", str(p.collaboration.pk))
    alice.page.fill("input[name=email]", "info@koeltransport.example")
    alice.submit("main form button[type=submit]")
    invitation = Invitation.objects.get(email="info@koeltransport.example")
    assert invitation.collaboration == p.collaboration


def test_an_unverified_organisation_is_told_next_to_the_field_that_it_cannot_be_findable(new_page, personas):
    p = personas
    for width, height in ((390, 844), (1280, 900)):
        alice = new_page(width=width, height=height)
        alice.goto("/accounts/login/")
        alice.page.fill("input[name=login]", "alice@example.org")
        alice.page.fill("input[name=password]", PASSWORD)
        alice.submit()
        alice.goto(f"/directory/organisations/{p.alpha.pk}/listing/")
        assert "niet geverifieerd" in alice.page.locator("dl.facts").inner_text()
        alice.page.check("#id_findable")
        alice.page.check("input[name=chain_position][value=producent]")
        alice.page.fill("#id_culture", "Vroeg op pad.")
        alice.submit("main form button[type=submit]")
        field = alice.page.locator(".field--error").first
        assert "Alleen een geverifieerde organisatie kan vindbaar zijn" in field.inner_text()
        assert field.get_by_role("link", name="Verifieer uw organisatie").is_visible()
        assert alice.page.input_value("#id_culture") == "Vroeg op pad."
        alice.page.screenshot(path=f"var/e2e-verification-listing-{width}.png", full_page=True)
    assert not DirectoryListing.objects.exists()


def test_a_member_finds_a_company_by_name_with_suggestions_while_typing(new_page, personas):
    p = personas
    make_entry(name="Ambachtelijke Bakkerij en Banketbakkerij Van der Molen-Vechtstreek B.V.", pc4="3511")
    make_entry(name="Hoekstra Holding B.V.", trade_names="Bakkerij De Molen Oost;Hoekstra Vastgoed", pc4="1011")
    make_entry(name="Molenaar Installatietechniek", pc4="3512")
    make_entry(name="Koeltransport Utrecht", pc4="3511")
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    for width, height in ((390, 844), (1280, 900)):
        alice = new_page(width=width, height=height)
        alice.goto("/accounts/login/")
        alice.page.fill("input[name=login]", "alice@example.org")
        alice.page.fill("input[name=password]", PASSWORD)
        alice.submit()
        alice.goto(f"/directory/organisations/{p.alpha.pk}/search/")

        # Typing a name with a typo: after a moment the best names appear below the field (htmx).
        alice.page.locator("#id_q").press_sequentially("bakkerij moolen", delay=20)
        suggestions = alice.page.locator("#name-suggestions li")
        suggestions.first.wait_for()
        alice.check()  # the page with its suggestions, checked with axe
        texts = suggestions.all_inner_texts()
        assert texts[0].startswith("Ambachtelijke Bakkerij en Banketbakkerij Van der Molen-Vechtstreek B.V.")
        assert "3511 Utrecht" in texts[0]
        assert "Hoekstra Holding B.V. — Bakkerij De Molen Oost" in texts[1]
        assert alice.page.evaluate(FIND_OVERFLOW) == []
        alice.page.screenshot(path=f"var/e2e-name-suggestions-{width}.png", full_page=True)

        # Submitting the form: the company first, with the name's reason first.
        alice.submit("form[role=search] button[type=submit]")
        first = alice.page.locator("li.result").first
        assert first.locator("h3").inner_text() == (
            "Ambachtelijke Bakkerij en Banketbakkerij Van der Molen-Vechtstreek B.V."
        )
        assert first.locator(".reasons li").first.inner_text() == "naam: alle 2 woorden die u typte (1 met een tikfout)"
        assert "naam 80,0 van 100" in first.locator(".result__score").inner_text()
        assert alice.page.input_value("#id_q") == "bakkerij moolen"
        assert "Koeltransport Utrecht" not in alice.page.locator("main").inner_text()
        assert alice.page.evaluate(FIND_OVERFLOW) == []
        alice.page.screenshot(path=f"var/e2e-name-search-{width}.png", full_page=True)
