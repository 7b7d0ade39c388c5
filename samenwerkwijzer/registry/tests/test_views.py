import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from samenwerkwijzer.directory.tests.factories import make_entry
from samenwerkwijzer.organisations.services import organisation_verify
from samenwerkwijzer.registry.models import RegistryCheck
from samenwerkwijzer.verification.models import ExtractSubmission
from samenwerkwijzer.verification.tests.factories import PDF, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def check_url(p, participant):
    return reverse("registry:participant_check", args=[p.collaboration.pk, participant.pk])


def test_a_member_checks_a_partner_and_the_result_is_kept_with_its_date(
    client, personas, fake_kvk, django_capture_on_commit_callbacks
):
    p = personas
    p.beta.kvk_number = "69599084"
    p.beta.save()
    client.force_login(p.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:participant_check_run", args=[p.collaboration.pk, p.bob_participant.pk])
        )
    assert response.status_code == 302
    check = RegistryCheck.objects.get()
    assert check.collaboration == p.collaboration and check.found and check.source == "kvk_api"
    page = client.get(check_url(p, p.bob_participant)).content.decode()
    assert "Test EMZ Dagobert" in page and "Eenmanszaak" in page and "1034" in page
    client.post(reverse("registry:participant_check_run", args=[p.collaboration.pk, p.bob_participant.pk]))
    assert RegistryCheck.objects.count() == 2


def test_an_observer_reads_the_check_but_cannot_run_it(client, personas):
    p = personas
    client.force_login(p.olivia)
    assert client.get(check_url(p, p.bob_participant)).status_code == 200
    url = reverse("registry:participant_check_run", args=[p.collaboration.pk, p.bob_participant.pk])
    assert client.post(url).status_code == 403
    assert not RegistryCheck.objects.exists()


def test_a_registry_that_keeps_answering_429_fails_the_check_and_says_why(
    client, personas, fake_kvk, settings, django_capture_on_commit_callbacks
):
    settings.TASK_MAX_ATTEMPTS = 2
    p = personas
    p.beta.kvk_number = "22222222"
    p.beta.save()
    client.force_login(p.alice)
    url = reverse("registry:participant_check_run", args=[p.collaboration.pk, p.bob_participant.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    check = RegistryCheck.objects.get()
    assert (check.status, check.attempts, check.result) == ("failed", 2, {})
    page = client.get(check_url(p, p.bob_participant)).content.decode()
    assert "429" in page and "Opnieuw proberen" in page


def test_partners_see_a_participants_verification_and_download_its_approved_extract(client, personas):
    p = personas
    organisation_verify(organisation=p.beta, method="extract")
    submission = make_submission(p.beta, user=p.bob, status=ExtractSubmission.Status.APPROVED)
    client.force_login(p.olivia)
    page = client.get(check_url(p, p.bob_participant)).content.decode()
    assert "geverifieerd via beoordeeld uittreksel" in page
    url = reverse("registry:extract_download", args=[p.collaboration.pk, submission.pk])
    assert url in page
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(p.dave)
    assert client.get(url).status_code == 404


def test_an_unverified_participant_is_shown_as_such_and_its_own_members_find_the_way_to_verify(client, personas):
    p = personas
    client.force_login(p.alice)
    page = client.get(check_url(p, p.bob_participant)).content.decode()
    assert "niet geverifieerd" in page and "kan ze geen overeenkomst namens het bedrijf ondertekenen" in page
    assert reverse("verification:overview", args=[p.beta.pk]) not in page
    client.force_login(p.bob)
    page = client.get(check_url(p, p.bob_participant)).content.decode()
    assert reverse("verification:overview", args=[p.beta.pk]) in page
    participants = client.get(reverse("collaborations:participants", args=[p.collaboration.pk])).content.decode()
    assert reverse("verification:overview", args=[p.beta.pk]) in participants
    assert reverse("verification:overview", args=[p.alpha.pk]) not in participants


@pytest.mark.parametrize("status", ["pending", "rejected", "withdrawn"])
def test_an_extract_that_is_not_approved_cannot_be_downloaded_by_partners(client, personas, status):
    p = personas
    submission = make_submission(p.beta, user=p.bob, status=status)
    client.force_login(p.alice)
    assert (
        reverse("registry:extract_download", args=[p.collaboration.pk, submission.pk])
        not in client.get(check_url(p, p.bob_participant)).content.decode()
    )
    assert client.get(reverse("registry:extract_download", args=[p.collaboration.pk, submission.pk])).status_code == 404


def test_an_extract_whose_file_is_gone_answers_404(client, personas):
    p = personas
    submission = make_submission(p.beta, user=p.bob, status=ExtractSubmission.Status.APPROVED)
    submission.extract.storage.delete(submission.extract.name)
    client.force_login(p.alice)
    assert client.get(reverse("registry:extract_download", args=[p.collaboration.pk, submission.pk])).status_code == 404


@pytest.fixture
def checked_page(client, django_capture_on_commit_callbacks):
    def run(user, entry) -> str:
        """The reliability-check page of a directory entry, after the user ran the check there
        (and its background task ran)."""
        client.force_login(user)
        url = reverse("registry:entry_check", args=[entry.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302
        return client.get(url).content.decode()

    return run


def test_a_directory_entry_can_be_checked_before_inviting(checked_page, personas, fake_kvk):
    page = checked_page(personas.charlie, make_entry(kvk_number="69599084"))
    assert "Test EMZ Dagobert" in page


def test_an_extract_of_an_organisation_outside_the_collaboration_cannot_be_fetched_through_it(client, personas):
    p = personas
    submission = make_submission(p.delta, user=p.dave, status=ExtractSubmission.Status.APPROVED)
    client.force_login(p.dave)
    assert (
        client.get(reverse("registry:extract_download", args=[p.other_collaboration.pk, submission.pk])).status_code
        == 200
    )
    client.force_login(p.alice)
    url = reverse("registry:extract_download", args=[p.collaboration.pk, submission.pk])
    assert client.get(url).status_code == 404


def test_a_check_of_a_directory_entry_is_seen_only_by_who_ran_it(
    client, personas, fake_kvk, django_capture_on_commit_callbacks
):
    entry = make_entry(kvk_number="69599084")
    url = reverse("registry:entry_check", args=[entry.pk])
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    client.post(url)
    own = client.get(url).content.decode()
    assert "Test EMZ Dagobert" in own and personas.alice.display_name in own
    assert "Eerdere checks" in own and "KVK API (Handelsregister)" in own and "kvk_api" not in own
    client.force_login(personas.charlie)
    other = client.get(url).content.decode()
    assert "Nog niet gecheckt" in other
    assert "Test EMZ Dagobert" not in other and personas.alice.display_name not in other


def test_the_command_prints_a_check_as_json(fake_kvk, capsys):
    call_command("registry_check", "69599084", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["found"] and data["legal_form"] == "Eenmanszaak"
    call_command("registry_check", "69599084")
    assert "Test EMZ Dagobert" in capsys.readouterr().out


@pytest.fixture
def offline_register(settings):
    """No KVK API key: the check answers from the directory import (and the CIR when it is set up)."""
    settings.KVK_API_KEY = ""
    return make_entry(kvk_number="99098123", name="Company B.V.")


def test_the_page_shows_a_bankruptcy_found_in_the_cir(checked_page, personas, offline_register, fake_cir):
    page = checked_page(personas.charlie, offline_register)
    assert '<span class="badge badge--overdue">faillissement</span>' in page
    assert "F.16/21/150, Rechtbank Midden-Nederland (Lelystad)" in page
    assert "Laatste publicatie: Uitspraak faillissement op 18 mei 2021 (gepubliceerd op 20 mei 2021)" in page
    assert "geraadpleegd op 20 aug. 2026" in page
    assert "deze bron heeft geen gegevens over insolventie" not in page


def test_the_page_says_when_the_cir_has_no_publications(checked_page, personas, fake_kvk, fake_cir):
    page = checked_page(personas.charlie, make_entry(kvk_number="69599084"))
    assert '<span class="badge badge--done">geen publicaties</span>' in page
    assert "Geen insolventiepublicaties in het Centraal Insolventieregister op 20 aug. 2026." in page


def test_without_a_cir_account_the_page_keeps_saying_it_does_not_know(checked_page, personas, fake_kvk):
    page = checked_page(personas.charlie, make_entry(kvk_number="69599084"))
    assert "deze bron heeft geen gegevens over insolventie" in page
    assert "badge--overdue" not in page and "geen publicaties" not in page


def test_a_check_stored_before_the_cir_was_connected_still_shows(client, personas):
    entry = make_entry(kvk_number="69599084")
    old = {"kvk_number": "69599084", "found": True, "source": "kvk_api", "name": "Oud Resultaat", "insolvency": None}
    RegistryCheck.objects.create(
        kvk_number="69599084", source="kvk_api", found=True, result=old, checked_by=personas.charlie
    )
    client.force_login(personas.charlie)
    page = client.get(reverse("registry:entry_check", args=[entry.pk])).content.decode()
    assert "Oud Resultaat" in page and "deze bron heeft geen gegevens over insolventie" in page


def test_the_command_shows_the_cir_answer_as_text_and_json(offline_register, fake_cir, capsys):
    call_command("registry_check", "99098123", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Company B.V."
    case = data["insolvency_check"]["cases"][0]
    assert (case["kind"], case["number"], case["ended"]) == ("F", "F.16/21/150", False)
    call_command("registry_check", "99098123")
    out = capsys.readouterr().out
    assert "insolvency:      1 case(s) in the CIR on 2026-08-20" in out
    assert "bankruptcy (faillissement) F.16/21/150, Rechtbank Midden-Nederland — running" in out


def test_the_command_says_when_the_cir_could_not_be_consulted(fake_kvk, fake_cir, settings, capsys):
    settings.KVK_API_RETRIES = "1"
    fake_cir.broken = 500
    call_command("registry_check", "69599084")
    out = capsys.readouterr().out
    assert "Test EMZ Dagobert" in out
    assert "not known: the CIR could not be consulted on" in out and "note: " in out
