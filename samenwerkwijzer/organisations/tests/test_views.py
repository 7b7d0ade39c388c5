import pytest
from django.urls import reverse

from samenwerkwijzer.organisations.models import Membership, Organisation
from testsupport.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Fietsenmakerij Spaak",
    "kvk_number": "12345678",
    "legal_form": "01",
    "sbi_codes": "95290, 4764",
    "size_class": "2-4",
    "pc4": "3511",
    "website": "spaak.example.nl",
    "description": "Reparatie en verkoop van fietsen.",
    "is_authorised_signatory": "on",
}


def test_a_user_creates_an_organisation_and_becomes_its_administrator(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("organisations:create"), VALID)
    organisation = Organisation.objects.get(kvk_number="12345678")
    assert response.status_code == 302
    assert organisation.sbi_codes == ["95290", "4764"]
    assert organisation.website == "https://spaak.example.nl"
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.is_admin and membership.is_authorised_signatory
    assert client.session["current_organisation_id"] == organisation.pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kvk_number", "1234567", "precies 8 cijfers"),
        ("kvk_number", "1234567a", "precies 8 cijfers"),
        ("pc4", "0000", "geen bekend Nederlands postcodegebied"),
        ("sbi_codes", "62100, 99999", "Onbekende SBI-code(s): 99999"),
        ("sbi_codes", "", "Dit veld is verplicht"),
        ("legal_form", "XX", "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_creates_nothing(client, field, value, message):
    client.force_login(UserFactory())
    response = client.post(reverse("organisations:create"), {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert not Organisation.objects.exists()


def test_a_kvk_number_with_spaces_is_accepted_and_stored_as_digits(client):
    client.force_login(UserFactory())
    client.post(reverse("organisations:create"), {**VALID, "kvk_number": "1234 5678"})
    assert Organisation.objects.filter(kvk_number="12345678").exists()


def test_a_kvk_number_that_a_verified_organisation_holds_is_refused_with_whom_to_ask(client):
    MembershipFactory(
        organisation__kvk_number="12345678",
        organisation__name="Echt Bedrijf",
        organisation__verification_status="verified",
    )
    client.force_login(UserFactory())
    response = client.post(reverse("organisations:create"), VALID)
    assert "Echt Bedrijf heeft dit KvK-nummer en is geverifieerd" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_an_unverified_claim_of_a_number_does_not_block_the_real_company(client):
    MembershipFactory(organisation__kvk_number="12345678", organisation__name="Kraker")
    client.force_login(UserFactory())
    response = client.post(reverse("organisations:create"), VALID)
    assert response.status_code == 302
    assert Organisation.objects.filter(kvk_number="12345678").count() == 2


def test_an_administrator_edits_the_profile(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    data = {**VALID, "kvk_number": membership.organisation.kvk_number, "name": "Nieuwe Naam"}
    response = client.post(reverse("organisations:edit", args=[membership.organisation.pk]), data)
    assert response.status_code == 302
    membership.organisation.refresh_from_db()
    assert membership.organisation.name == "Nieuwe Naam"


def test_an_administrator_no_longer_adds_anyone_directly(client):
    """The old direct add is gone: the form sends an invitation, and nobody becomes a member without accepting."""
    membership = MembershipFactory()
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(membership.user)
    url = reverse("organisations:member_add", args=[membership.organisation.pk])
    response = client.post(url, {"email": "Colleague@example.org", "role": "admin", "is_authorised_signatory": "on"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=colleague).exists()
    assert membership.organisation.membership_invitations.get().email == "colleague@example.org"


def test_an_administrator_changes_the_role_and_signing_authority_of_a_member(client):
    admin = MembershipFactory()
    member = MembershipFactory(organisation=admin.organisation, role="member", is_authorised_signatory=False)
    client.force_login(admin.user)
    url = reverse("organisations:member_edit", args=[admin.organisation.pk, member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"role": "admin", "is_authorised_signatory": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_admin and member.is_authorised_signatory


def test_the_last_administrator_cannot_step_down_or_leave(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    organisation = membership.organisation
    response = client.post(
        reverse("organisations:member_edit", args=[organisation.pk, membership.pk]), {"role": "member"}
    )
    assert "minstens één beheerder" in response.content.decode()
    response = client.post(reverse("organisations:member_remove", args=[organisation.pk, membership.pk]))
    assert "minstens één beheerder" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_admin


def test_a_member_can_leave_and_an_administrator_can_remove_a_member(client):
    admin = MembershipFactory()
    member = MembershipFactory(organisation=admin.organisation, role="member")
    other = MembershipFactory(organisation=admin.organisation, role="member")
    client.force_login(member.user)
    response = client.post(reverse("organisations:member_remove", args=[admin.organisation.pk, member.pk]))
    assert response.url == reverse("organisations:list")
    assert not Membership.objects.filter(pk=member.pk).exists()
    client.force_login(admin.user)
    client.post(reverse("organisations:member_remove", args=[admin.organisation.pk, other.pk]))
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_a_plain_member_cannot_remove_someone_else(client):
    admin = MembershipFactory()
    member = MembershipFactory(organisation=admin.organisation, role="member")
    client.force_login(member.user)
    response = client.post(reverse("organisations:member_remove", args=[admin.organisation.pk, admin.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_switching_to_an_organisation_of_ones_own(client):
    user = UserFactory()
    first = MembershipFactory(user=user).organisation
    second = MembershipFactory(user=user).organisation
    foreign = MembershipFactory().organisation
    client.force_login(user)
    client.post(reverse("organisations:switch"), {"organisation": second.pk})
    assert client.session["current_organisation_id"] == second.pk
    client.post(reverse("organisations:switch"), {"organisation": foreign.pk})
    assert client.session["current_organisation_id"] == second.pk
    page = client.get(reverse("core:home")).content.decode()
    assert first.name in page and foreign.name not in page


def test_the_switch_only_redirects_within_the_site(client):
    user = UserFactory()
    organisation = MembershipFactory(user=user).organisation
    client.force_login(user)
    response = client.post(
        reverse("organisations:switch"), {"organisation": organisation.pk, "next": "https://evil.example.com/"}
    )
    assert response.url == reverse("core:home")


def test_sbi_search_finds_codes_by_number_and_by_word(client):
    page = client.get(reverse("reference:sbi_search"), {"q": "4941"}).content.decode()
    assert "Goederenvervoer over de weg" in page
    partial = client.get(reverse("reference:sbi_search"), {"q": "bakker brood"}, HTTP_HX_REQUEST="true")
    assert "10710" in partial.content.decode()
    assert "<html" not in partial.content.decode()
