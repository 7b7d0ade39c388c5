"""The guided start, step by step, through its views."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from samenwerkwijzer.collaborations.models import Collaboration, Invitation, Participant
from samenwerkwijzer.onboarding import legal_forms
from samenwerkwijzer.onboarding.views import SESSION_KEY
from samenwerkwijzer.organisations.models import Membership, Organisation
from testsupport.factories import PASSWORD, MembershipFactory, UserFactory, add_totp

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "Bakkerij De Korenschoof",
    "legal_form_kind": "bv",
    "legal_form_other": "",
    "sbi_codes": ["10710"],
    "size_class": "2-4",
    "pc4": "3511",
    "is_authorised_signatory": "on",
    "action": "save",
}
COLLABORATION = {
    "name": "Samen bezorgen",
    "purpose": "Onze bestellingen samen rondbrengen.",
    "ambition_level": "operational",
    "duration_kind": "project",
}


@pytest.fixture
def newcomer(client):
    user = UserFactory(email="nieuw@example.org", full_name="", job_title="")
    client.force_login(user)
    return user


def with_organisation(client, number="69599000"):
    """Steps 1 and 2 done, offline (the registry does not know the number)."""
    client.post(reverse("onboarding:organisation"), {"kvk_number": number})
    response = client.post(reverse("onboarding:organisation_details"), DETAILS)
    assert response.url == reverse("onboarding:collaboration")
    return Organisation.objects.get(name=DETAILS["name"])


# --- The start page and the redirect after login ---


def test_the_start_page_leads_a_newcomer_to_step_one(client, newcomer):
    page = client.get(reverse("onboarding:start")).content.decode()
    assert "Aan de slag met Samenwerkwijzer" in page and "Nu beginnen" in page
    assert f'href="{reverse("onboarding:profile")}"' in page


def test_someone_with_a_name_and_an_organisation_starts_at_step_three(client):
    membership = MembershipFactory(user__full_name="Ria Bakker")
    client.force_login(membership.user)
    page = client.get(reverse("onboarding:start")).content.decode()
    assert f'href="{reverse("onboarding:collaboration")}"' in page


def test_after_signup_or_login_someone_without_organisation_goes_to_the_start(client):
    UserFactory(email="nieuw@example.org")
    response = client.post(reverse("account_login"), {"login": "nieuw@example.org", "password": PASSWORD})
    assert response.url == reverse("onboarding:start")


def test_someone_with_an_organisation_goes_home_after_login(client):
    membership = MembershipFactory(user__email="lid@example.org")
    response = client.post(reverse("account_login"), {"login": membership.user.email, "password": PASSWORD})
    assert response.url == reverse("core:home")


def test_an_observer_without_organisation_is_not_sent_to_the_start(client, personas):
    response = client.post(reverse("account_login"), {"login": "olivia@example.org", "password": PASSWORD})
    assert response.url == reverse("core:home")


def test_staff_without_organisation_are_not_sent_to_the_start(client):
    UserFactory(email="rita@example.org", is_staff=True)
    response = client.post(reverse("account_login"), {"login": "rita@example.org", "password": PASSWORD})
    assert response.url == reverse("core:home")


def test_a_pending_invitation_still_comes_first(client, personas):
    url = reverse("collaborations:invitation_accept", args=[personas.open_invitation_token])
    client.get(url)
    UserFactory(email="newcomer@example.org")
    response = client.post(reverse("account_login"), {"login": "newcomer@example.org", "password": PASSWORD})
    assert response.url == url


# --- Step 1: name and function ---


def test_step_one_saves_the_name_and_function(client, newcomer):
    page = client.get(reverse("onboarding:profile")).content.decode()
    assert "Stap 1 van 4" in page and reverse("onboarding:start") in page and "Deze stap overslaan" not in page
    response = client.post(reverse("onboarding:profile"), {"full_name": " Ria Bakker ", "job_title": "Eigenaar"})
    assert response.url == reverse("onboarding:organisation")
    newcomer.refresh_from_db()
    assert (newcomer.full_name, newcomer.job_title) == ("Ria Bakker", "Eigenaar")


def test_step_one_without_a_name_keeps_what_was_typed_and_changes_nothing(client, newcomer):
    response = client.post(reverse("onboarding:profile"), {"full_name": "  ", "job_title": "Directeur"})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    assert 'value="Directeur"' in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.job_title == ""


def test_step_one_is_prefilled_and_can_be_skipped(client):
    membership = MembershipFactory(user__full_name="Ria Bakker", user__job_title="Eigenaar")
    client.force_login(membership.user)
    page = client.get(reverse("onboarding:profile")).content.decode()
    assert 'value="Ria Bakker"' in page and "Deze stap overslaan" in page
    assert f'href="{reverse("onboarding:collaboration")}"' in page


# --- Step 2: the organisation ---


def test_a_bad_kvk_number_keeps_what_was_typed_and_asks_nothing(client, newcomer, fake_kvk):
    response = client.post(reverse("onboarding:organisation"), {"kvk_number": "1234"})
    assert response.status_code == 200
    assert response.context["form"].errors["kvk_number"] == [
        "Een KvK-nummer heeft precies 8 cijfers, bijvoorbeeld 69599084."
    ]
    assert 'value="1234"' in response.content.decode()
    assert fake_kvk.requests == [] and SESSION_KEY not in client.session


def test_the_registry_prefills_name_legal_form_activities_and_postcode(client, newcomer, fake_kvk):
    response = client.post(reverse("onboarding:organisation"), {"kvk_number": "6959 9084"})
    assert response.url == reverse("onboarding:organisation_details")
    response = client.get(response.url)
    page = response.content.decode()
    assert "Stap 2 van 4" in page and "Wij hebben ingevuld wat het Handelsregister weet" in page
    form = response.context["form"]
    assert form.initial["name"] == "Test EMZ Dagobert"
    assert form.initial["legal_form_kind"] == "eenmanszaak"
    assert form.initial["sbi_codes"] == ["10110", "10120", "10130"]
    assert form.initial["pc4"] == "1034"
    assert 'id="lf-eenmanszaak" aria-describedby="lf-eenmanszaak-hint" checked' in page
    assert 'value="10110" id="sbi-10110" checked' in page
    # One attempt: the search and the profile, each asked once.
    assert len(fake_kvk.requests) == 2


def test_a_registry_that_does_not_answer_in_time_leaves_the_form_empty_with_a_note(client, newcomer, fake_kvk):
    started = time.monotonic()
    response = client.post(reverse("onboarding:organisation"), {"kvk_number": "33333333"})
    elapsed = time.monotonic() - started
    assert response.url == reverse("onboarding:organisation_details")
    assert elapsed < 1.5  # the budget is 0.6 s; the fake answers after 2 s
    response = client.get(response.url)
    assert "Het Handelsregister antwoordde niet; vul de gegevens zelf in." in response.content.decode()
    assert response.context["form"].initial["name"] == ""


def test_a_registry_error_is_a_note_too(client, newcomer, fake_kvk):
    client.post(reverse("onboarding:organisation"), {"kvk_number": "90002903"})
    page = client.get(reverse("onboarding:organisation_details")).content.decode()
    assert "Het Handelsregister antwoordde niet" in page


def test_an_unknown_number_leaves_the_form_empty(client, newcomer, fake_kvk):
    client.post(reverse("onboarding:organisation"), {"kvk_number": "12345678"})
    page = client.get(reverse("onboarding:organisation_details")).content.decode()
    assert "Het Handelsregister kent dit nummer niet" in page


def test_the_details_page_needs_a_number_first(client, newcomer):
    assert client.get(reverse("onboarding:organisation_details")).url == reverse("onboarding:organisation")


def test_step_two_creates_the_organisation_with_the_chosen_legal_form(client, newcomer):
    organisation = with_organisation(client)
    assert organisation.kvk_number == "69599000"
    assert organisation.legal_form == "41"
    assert organisation.sbi_codes == ["10710"]
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == newcomer and membership.is_admin and membership.is_authorised_signatory
    assert client.session[SESSION_KEY]["organisation"] == organisation.pk


def test_step_two_with_bad_input_keeps_what_was_typed_and_creates_nothing(client, newcomer):
    client.post(reverse("onboarding:organisation"), {"kvk_number": "69599000"})
    data = {**DETAILS, "pc4": "0000", "sbi_codes": [], "legal_form_kind": "other", "legal_form_other": ""}
    response = client.post(reverse("onboarding:organisation_details"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"pc4", "sbi_codes", "legal_form_other"}
    page = response.content.decode()
    assert 'value="Bakkerij De Korenschoof"' in page and 'value="0000"' in page and "error-summary" in page
    assert not Organisation.objects.exists()


def test_another_legal_form_is_chosen_from_the_full_list(client, newcomer):
    client.post(reverse("onboarding:organisation"), {"kvk_number": "69599000"})
    client.post(
        reverse("onboarding:organisation_details"), {**DETAILS, "legal_form_kind": "other", "legal_form_other": "88"}
    )
    assert Organisation.objects.get().legal_form == "88"


def test_a_number_a_verified_organisation_holds_is_refused(client, newcomer):
    MembershipFactory(organisation__kvk_number="69599000", organisation__verification_status="verified")
    response = client.post(reverse("onboarding:organisation"), {"kvk_number": "69599000"})
    assert response.status_code == 200 and "geverifieerd" in response.context["form"].errors["kvk_number"][0]


def test_a_service_refusal_is_shown_and_changes_nothing(client, newcomer):
    client.post(reverse("onboarding:organisation"), {"kvk_number": "69599000"})
    # Between the two pages a verified organisation took the number.
    MembershipFactory(organisation__kvk_number="69599000", organisation__verification_status="verified")
    response = client.post(reverse("onboarding:organisation_details"), DETAILS)
    assert response.status_code == 200 and "geverifieerd" in response.content.decode()
    assert Organisation.objects.filter(name=DETAILS["name"]).count() == 0


def test_going_back_to_step_two_edits_the_same_organisation(client, newcomer):
    organisation = with_organisation(client)
    response = client.get(reverse("onboarding:organisation"))
    assert 'value="69599000"' in response.content.decode()
    client.post(reverse("onboarding:organisation"), {"kvk_number": "69599000"})
    response = client.get(reverse("onboarding:organisation_details"))
    assert response.context["form"].initial["name"] == DETAILS["name"]
    assert response.context["form"].initial["legal_form_kind"] == "bv"
    client.post(reverse("onboarding:organisation_details"), {**DETAILS, "name": "De Korenschoof BV"})
    organisation.refresh_from_db()
    assert organisation.name == "De Korenschoof BV" and Organisation.objects.count() == 1


# --- SBI by words ---


def test_searching_activities_by_word_shows_matches_to_pick_and_keeps_the_form(client, newcomer):
    client.post(reverse("onboarding:organisation"), {"kvk_number": "69599000"})
    data = {**DETAILS, "action": "search", "sbi_query": "brood", "sbi_codes": ["10710"], "pc4": ""}
    response = client.post(reverse("onboarding:organisation_details"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" not in page
    assert "Activiteiten bij “brood”" in page
    assert 'value="1071" id="sbi-match-1071"' in page
    # The chosen code stays chosen and is not offered twice.
    assert 'value="10710" id="sbi-10710" checked' in page and 'id="sbi-match-10710"' not in page
    assert 'value="Bakkerij De Korenschoof"' in page
    assert not Organisation.objects.exists()


def test_the_htmx_suggestions_answer_while_typing(client, newcomer):
    page = client.get(reverse("onboarding:sbi_suggestions"), {"sbi_query": "goederenvervoer"}).content.decode()
    assert "<html" not in page and 'name="sbi_codes"' in page and "vervoer" in page.lower()
    page = client.get(reverse("onboarding:sbi_suggestions"), {"sbi_query": "xyzzy"}).content.decode()
    assert "Geen activiteit past bij “xyzzy”" in page
    assert client.get(reverse("onboarding:sbi_suggestions")).content.decode().strip() == ""


# --- The legal-form picker ---


@pytest.mark.parametrize(
    ("registry", "choice"),
    [
        ("Eenmanszaak", ("eenmanszaak", "")),
        ("Besloten Vennootschap", ("bv", "")),
        ("Besloten vennootschap blijkens statuten structuurvennootschap", ("bv", "")),
        ("Vennootschap onder firma", ("vof", "")),
        ("Commanditaire vennootschap met een beherend vennoot", ("cv", "")),
        ("Coöperatie U.A. met gewone structuur", ("cooperatie", "")),
        ("Stichting", ("stichting", "")),
        ("Kerkgenootschap", ("other", "73")),
        ("Iets onbekends", ("other", "")),
        ("", ("", "")),
    ],
)
def test_the_registry_legal_form_maps_onto_the_picker(registry, choice):
    assert legal_forms.from_registry(registry) == choice


def test_the_picker_maps_onto_the_stored_kvk_codes_and_back():
    for key, code in legal_forms.CODE_OF.items():
        assert legal_forms.to_code(key) == code
        assert legal_forms.from_code(code) == (key, "")
    assert legal_forms.to_code("other", "88") == "88"
    assert legal_forms.from_code("42") == ("bv", "")
    assert legal_forms.from_code("88") == ("other", "88")
    assert legal_forms.from_code("") == ("", "")


# --- Step 3: the collaboration ---


def test_step_three_starts_the_collaboration_led_by_the_new_organisation(client, newcomer):
    organisation = with_organisation(client)
    page = client.get(reverse("onboarding:collaboration")).content.decode()
    assert "Stap 3 van 4" in page and "gezamenlijke logistiek" in page and "samen een product of dienst" in page
    response = client.post(reverse("onboarding:collaboration"), {**COLLABORATION, "organisation": organisation.pk})
    assert response.url == reverse("onboarding:invite")
    collaboration = Collaboration.objects.get()
    assert (collaboration.name, collaboration.ambition_level, collaboration.planned_end_date) == (
        "Samen bezorgen",
        "operational",
        None,
    )
    assert Participant.objects.get(collaboration=collaboration).organisation == organisation


def test_step_three_with_bad_input_keeps_what_was_typed_and_starts_nothing(client, newcomer):
    organisation = with_organisation(client)
    data = {**COLLABORATION, "organisation": organisation.pk, "name": "", "ambition_level": ""}
    response = client.post(reverse("onboarding:collaboration"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "ambition_level"}
    assert "Onze bestellingen samen rondbrengen." in response.content.decode()
    assert not Collaboration.objects.exists()


def test_with_several_organisations_the_user_chooses_which_leads(client):
    first = MembershipFactory(user__full_name="Ria Bakker", organisation__name="Eerste BV")
    second = MembershipFactory(user=first.user, organisation__name="Tweede BV")
    client.force_login(first.user)
    page = client.get(reverse("onboarding:collaboration")).content.decode()
    assert "Eerste BV" in page and "Tweede BV" in page and 'name="organisation"' in page
    client.post(reverse("onboarding:collaboration"), {**COLLABORATION, "organisation": second.organisation.pk})
    assert Participant.objects.get().organisation == second.organisation


def test_step_three_sends_someone_without_organisation_to_step_two(client, newcomer):
    assert client.get(reverse("onboarding:collaboration")).url == reverse("onboarding:organisation")


def test_going_back_to_step_three_edits_the_same_collaboration(client, newcomer):
    organisation = with_organisation(client)
    client.post(reverse("onboarding:collaboration"), {**COLLABORATION, "organisation": organisation.pk})
    page = client.get(reverse("onboarding:collaboration")).content.decode()
    assert 'value="Samen bezorgen"' in page
    client.post(reverse("onboarding:collaboration"), {**COLLABORATION, "name": "Samen rijden"})
    assert list(Collaboration.objects.values_list("name", flat=True)) == ["Samen rijden"]


# --- Step 4: the invitation, and what happens now ---


def started(client):
    organisation = with_organisation(client)
    client.post(reverse("onboarding:collaboration"), {**COLLABORATION, "organisation": organisation.pk})
    return Collaboration.objects.get()


def test_step_four_sends_the_invitation_with_the_personal_message(client, newcomer, django_capture_on_commit_callbacks):
    newcomer.full_name = "Ria Bakker"
    newcomer.save()
    collaboration = started(client)
    page = client.get(reverse("onboarding:invite")).content.decode()
    assert "Stap 4 van 4" in page and "Persoonlijk bericht" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("onboarding:invite"),
            {"email": "partner@example.org", "message": "Wij zoeken al lang een vervoerder in de buurt."},
        )
    assert response.url == reverse("onboarding:done")
    invitation = Invitation.objects.get()
    assert invitation.message == "Wij zoeken al lang een vervoerder in de buurt."
    assert invitation.kind == Invitation.Kind.PARTICIPANT and invitation.collaboration == collaboration
    message = mail.outbox[0]
    assert message.subject == (
        'Ria Bakker van Bakkerij De Korenschoof nodigt u uit voor de samenwerking "Samen bezorgen" — Samenwerkwijzer'
    )
    assert "Wij zoeken al lang een vervoerder in de buurt." in message.body
    assert "Onze bestellingen samen rondbrengen." in message.body


def test_step_four_with_a_bad_address_keeps_the_message_and_sends_nothing(client, newcomer):
    started(client)
    response = client.post(reverse("onboarding:invite"), {"email": "geen-adres", "message": "Tot snel!"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert "Tot snel!" in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_step_four_shows_a_service_refusal_next_to_the_address(client, newcomer):
    started(client)
    client.post(reverse("onboarding:invite"), {"email": "partner@example.org", "message": ""})
    response = client.post(reverse("onboarding:invite"), {"email": "partner@example.org", "message": "Nog eens"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert Invitation.objects.count() == 1


def test_step_four_needs_a_collaboration_from_this_start(client, newcomer):
    assert client.get(reverse("onboarding:invite")).url == reverse("onboarding:collaboration")
    assert client.get(reverse("onboarding:done")).url == reverse("onboarding:start")


def test_what_happens_now_leads_to_the_dashboard_and_offers_two_step_verification(client, newcomer):
    collaboration = started(client)
    client.post(reverse("onboarding:invite"), {"email": "partner@example.org", "message": ""})
    page = client.get(reverse("onboarding:done")).content.decode()
    assert "Wat gebeurt er nu?" in page and "partner@example.org" in page and "14 dagen" in page
    assert f'class="button" href="{reverse("collaborations:dashboard", args=[collaboration.pk])}"' in page
    assert 'id="second-factor-offer"' in page and reverse("mfa_index") in page
    add_totp(newcomer)
    page = client.get(reverse("onboarding:done")).content.decode()
    assert 'id="second-factor-offer"' not in page


def test_inviting_later_still_says_what_happens(client, newcomer):
    started(client)
    page = client.get(reverse("onboarding:done")).content.decode()
    assert "U hebt nog geen partner uitgenodigd" in page


def test_someone_invited_adds_the_organisation_here_and_goes_back_to_the_invitation(client, newcomer, personas):
    """The invitation's "add organisation" leads to this step (prefill, picker, SBI search) and back."""
    invitation_url = reverse("collaborations:invitation_accept", args=[personas.open_invitation_token])
    client.get(reverse("onboarding:organisation") + f"?next={invitation_url}")
    client.post(reverse("onboarding:organisation"), {"kvk_number": "69599000"})
    response = client.post(reverse("onboarding:organisation_details"), DETAILS)
    assert response.url == invitation_url
    # The next start goes on as usual.
    assert client.session[SESSION_KEY]["return_to"] == ""


def test_a_return_address_off_the_site_is_ignored(client, newcomer):
    client.get(reverse("onboarding:organisation") + "?next=https://elders.example/")
    assert with_organisation(client).name == DETAILS["name"]  # and on to step 3, not elsewhere
