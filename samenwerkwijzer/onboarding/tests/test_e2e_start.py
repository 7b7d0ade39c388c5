"""The guided start in a real browser, on a phone (390 px) and a desktop (1280 px): sign in, four
steps, and the page that says what happens now. Every page is checked with axe; the screenshots
(var/e2e-start-*.png) go into the README."""

import pytest

from samenwerkwijzer.collaborations.models import Invitation
from samenwerkwijzer.organisations.models import Organisation
from testsupport.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shot(person, name, width):
    person.page.screenshot(path=f"var/e2e-start-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_from_sign_in_to_an_invited_partner_in_four_steps(new_page, fake_kvk, width):
    email = f"ria-{width}@example.org"
    UserFactory(email=email, full_name="", job_title="")
    person = new_page(width=width, height=844 if width == 390 else 900)
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()
    assert person.page.url.endswith("/start/")
    shot(person, "0-start", width)

    person.follow("Nu beginnen")
    assert "Stap 1 van 4" in person.page.content()
    person.page.fill("input[name=full_name]", "Ria Bakker")
    person.page.fill("input[name=job_title]", "Eigenaar")
    shot(person, "1-name", width)
    person.submit()

    assert "Stap 2 van 4" in person.page.content()
    person.page.fill("input[name=kvk_number]", "69599084")
    shot(person, "2-kvk", width)
    person.submit()
    # Prefilled from the (local stand-in for the) Handelsregister.
    assert person.page.input_value("input[name=name]") == "Test EMZ Dagobert"
    assert person.page.is_checked("#lf-eenmanszaak")
    assert person.page.is_checked("#sbi-10110")
    # An activity chosen by a word, with suggestions while typing (htmx).
    person.page.fill("#sbi-query", "brood")
    person.page.wait_for_selector("#sbi-match-10710")
    person.page.check("#sbi-match-10710")
    person.page.select_option("select[name=size_class]", "2-4")
    person.check()
    shot(person, "2-organisation", width)
    person.submit("button[value=save]")

    assert "Stap 3 van 4" in person.page.content()
    person.page.fill("input[name=name]", "Samen bezorgen")
    person.page.fill("textarea[name=purpose]", "Onze bestellingen samen rondbrengen in de wijk.")
    person.page.check("#id_ambition_level-operational")
    person.page.check("#id_duration_kind-project")
    shot(person, "3-collaboration", width)
    person.submit()

    assert "Stap 4 van 4" in person.page.content()
    person.page.fill("input[name=email]", f"partner-{width}@example.org")
    person.page.fill("textarea[name=message]", "Jullie rijden al door onze wijk. Zullen we samen bezorgen?")
    shot(person, "4-invite", width)
    person.submit()

    assert "Wat gebeurt er nu?" in person.page.content()
    assert person.page.locator("#second-factor-offer a[href='/accounts/2fa/']").count() == 1
    shot(person, "5-done", width)
    organisation = Organisation.objects.get(memberships__user__email=email)
    assert organisation.legal_form == "01" and organisation.pc4 == "1034" and "10710" in organisation.sbi_codes
    invitation = Invitation.objects.get(email=f"partner-{width}@example.org")
    assert invitation.message.startswith("Jullie rijden al")
    person.follow("Naar Samen bezorgen")
    assert f"/collaborations/{invitation.collaboration_id}/" in person.page.url
