"""The whole foundation flow in a real browser, with an axe check on every page."""

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lang-Genoeg-2026!"


def last_link_to(email: str, path: str) -> str:
    message = [m for m in mail.outbox if email in m.to][-1]
    return re.search(rf"https?://\S+{path}\S+", message.body).group(0)


def sign_up_and_verify(person, email: str, start_path: str = "/accounts/signup/") -> None:
    if start_path:
        person.goto(start_path)
    person.page.fill("input[name=email]", email)
    person.page.fill("input[name=full_name]", email.split("@")[0].capitalize())
    person.page.fill("input[name=password1]", PASSWORD)
    person.page.fill("input[name=password2]", PASSWORD)
    person.submit()
    assert "Bevestig" in person.page.content() or "verificatie" in person.page.content().lower()
    person.goto(last_link_to(email, "/accounts/confirm-email/"))
    person.submit()


def add_organisation_guided(person, *, name: str, kvk: str, pc4: str) -> None:
    """The guided start's organisation step (where an invitation's "add organisation" leads)."""
    page = person.page
    assert "Stap 2 van 4" in page.content()
    page.fill("input[name=kvk_number]", kvk)
    person.submit()
    page.fill("#id_name", name)
    page.check("#lf-bv")
    page.fill("#sbi-query", "brood")  # activities found by words, not codes
    page.wait_for_selector("#sbi-match-10710")
    page.check("#sbi-match-10710")
    page.select_option("#id_size_class", "5-9")
    page.fill("#id_pc4", pc4)
    page.check("#id_is_authorised_signatory")
    person.submit("button[value=save]")


def add_organisation(person, *, name: str, kvk: str, pc4: str) -> None:
    page = person.page
    page.fill("#id_name", name)
    page.fill("#id_kvk_number", kvk)
    page.select_option("#id_legal_form", "41")
    # The SBI lookup (htmx) suggests codes; picking one fills the field.
    page.fill("#sbi-lookup", "brood")
    page.locator("[data-sbi-pick='10710']").click()
    assert "10710" in page.input_value("#id_sbi_codes")
    page.select_option("#id_size_class", "5-9")
    page.fill("#id_pc4", pc4)
    page.check("#id_is_authorised_signatory")
    person.submit()


def participant_names(person) -> list[str]:
    return sorted(
        name.split(" KvK")[0].strip() for name in person.page.locator("#participant-table tbody th").all_inner_texts()
    )


def test_sign_up_start_invite_and_join_as_partner(new_page):
    alice = new_page()
    sign_up_and_verify(alice, "alice@example.org")
    alice.goto("/organisations/new/")
    add_organisation(alice, name="Bakkerij Korrel", kvk="30000001", pc4="3511")
    assert "Bakkerij Korrel" in alice.page.content()

    alice.goto("/collaborations/new/")
    alice.page.fill("#id_name", "Kruimelpad Korrelroute")
    alice.page.fill("#id_purpose", "Samen brood bezorgen in Utrecht.")
    alice.page.check("#id_ambition_level_1")  # tactisch
    alice.page.check("#id_duration_kind_0")  # project
    alice.submit()
    assert "Kruimelpad Korrelroute" in alice.page.content()

    alice.follow("Deelnemers")
    alice.follow("Partner of meelezer uitnodigen")
    alice.page.fill("#id_email", "bob@example.org")
    alice.submit()
    assert "bob@example.org" in alice.page.content()

    bob = new_page(width=375, height=740)  # on a phone
    invitation = last_link_to("bob@example.org", "/collaborations/invitations/")
    bob.goto(invitation)
    assert "Kruimelpad Korrelroute" in bob.page.content()
    bob.follow("Account aanmaken")
    sign_up_and_verify(bob, "bob@example.org", start_path="")
    # After verifying, bob lands on the invitation again; he adds his organisation first.
    assert "/collaborations/invitations/" in bob.page.url
    bob.follow("Organisatie toevoegen")
    add_organisation_guided(bob, name="Koeriers Kroon", kvk="30000002", pc4="3441")
    assert "/collaborations/invitations/" in bob.page.url
    bob.submit()
    assert "Welkom bij Kruimelpad Korrelroute" in bob.page.content()

    bob.follow("Deelnemers")
    alice.page.reload()
    alice.check()
    assert participant_names(alice) == participant_names(bob) == ["Bakkerij Korrel", "Koeriers Kroon"]
    assert len(alice.checked_urls) + len(bob.checked_urls) >= 15


def test_an_outsider_sees_a_plain_not_found_page(new_page, django_user_model):
    from allauth.account.models import EmailAddress

    from testsupport.factories import MembershipFactory, make_collaboration

    owner = MembershipFactory()
    collaboration = make_collaboration(user=owner.user, organisation=owner.organisation, name="Verborgen Vlierbes")
    outsider = django_user_model.objects.create_user(email="out@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=outsider, email=outsider.email, verified=True, primary=True)
    person = new_page()
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", "out@example.org")
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()
    response = person.page.goto(f"{person.base_url}/collaborations/{collaboration.pk}/")
    assert response.status == 404
    assert "Vlierbes" not in person.page.content()
