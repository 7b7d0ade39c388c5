"""The reliability check as a background task: queued by the page, carried out by the task (the
immediate backend, on commit), with retries, a time budget, the shared answer and rate limits.
The outside calls are counted on the fake KVK and CIR servers."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.directory.tests.factories import make_entry
from samenwerkwijzer.registry import services
from samenwerkwijzer.registry.client import KvkApiClient, RegistryUnavailable
from samenwerkwijzer.registry.models import RegistryCheck
from samenwerkwijzer.registry.tasks import run_registry_check

from .fake_kvk import API_KEY

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused at once


@pytest.fixture
def beta_checked(personas):
    personas.beta.kvk_number = "69599084"
    personas.beta.save()
    p = personas
    return (
        reverse("registry:participant_check_run", args=[p.collaboration.pk, p.bob_participant.pk]),
        reverse("registry:participant_check", args=[p.collaboration.pk, p.bob_participant.pk]),
    )


@pytest.fixture
def quick_retries(settings):
    settings.TASK_MAX_ATTEMPTS = 2
    settings.KVK_API_RETRIES = "1"


def test_the_request_queues_the_check_without_an_outside_call_and_the_page_follows_it(
    client, personas, fake_kvk, beta_checked, django_capture_on_commit_callbacks
):
    run_url, page_url = beta_checked
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(run_url)
    assert response.status_code == 302 and response["Location"] == page_url
    assert fake_kvk.requests == []  # the registry is asked by the task only
    check = RegistryCheck.objects.get()
    assert (check.status, check.attempts, check.checked_by) == ("queued", 0, personas.alice)

    page = client.get(page_url).content.decode()
    assert "In de wachtrij: de check begint zo." in page
    assert f'hx-get="{page_url}" hx-trigger="every 2s"' in page
    assert f'<a href="{page_url}">Vernieuwen</a>' in page
    assert "Opnieuw checken" not in page and "Checken in het Handelsregister" not in page

    RegistryCheck.objects.filter(pk=check.pk).update(status="running")
    fragment = client.get(page_url, **HTMX).content.decode()
    assert fragment.startswith('\n<div id="registry-check" hx-get=') and "<html" not in fragment
    assert "Bezig: het Handelsregister wordt geraadpleegd." in fragment

    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    check.refresh_from_db()
    assert (check.status, check.attempts, check.found) == ("done", 1, True)
    assert len(fake_kvk.requests) == 2  # Zoeken and Basisprofiel
    fragment = client.get(page_url, **HTMX).content.decode()
    assert "hx-trigger" not in fragment and "Vernieuwen" not in fragment
    assert "Test EMZ Dagobert" in fragment and "Opnieuw checken" in fragment


def test_asking_again_while_a_check_is_pending_queues_nothing_more(
    client, personas, fake_kvk, beta_checked, django_capture_on_commit_callbacks
):
    run_url, _page_url = beta_checked
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks() as queued:
        client.post(run_url)
    client.force_login(personas.bob)
    with django_capture_on_commit_callbacks() as again:
        assert client.post(run_url).status_code == 302
    assert RegistryCheck.objects.count() == 1 and len(queued) == 1 and again == []


def test_an_unreachable_registry_is_tried_again_then_the_check_fails_and_trying_again_works(
    client, personas, fake_kvk, beta_checked, settings, quick_retries, django_capture_on_commit_callbacks
):
    run_url, page_url = beta_checked
    settings.KVK_API_BASE_URL = CLOSED
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(run_url)
    check = RegistryCheck.objects.get()
    assert (check.status, check.attempts, check.result) == ("failed", 2, {})
    assert check.error == "The KVK API did not answer in time or had a fault. Try again later."
    page = client.get(page_url).content.decode()
    assert "is mislukt: het Handelsregister kon niet worden geraadpleegd, ook niet na meerdere pogingen" in page
    assert "De KVK API antwoordde niet op tijd of had een storing." in page
    assert ">Opnieuw proberen</button>" in page and "hx-trigger" not in page

    settings.KVK_API_BASE_URL = fake_kvk.base_url
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(run_url).status_code == 302
    latest = RegistryCheck.objects.first()
    assert latest.pk != check.pk and latest.status == "done" and latest.found
    page = client.get(page_url).content.decode()
    assert "Test EMZ Dagobert" in page and "Opnieuw proberen" not in page and "is mislukt" not in page


def test_a_registry_that_refuses_the_question_fails_the_check_at_once(
    client, personas, fake_kvk, django_capture_on_commit_callbacks
):
    entry = make_entry(kvk_number="90004973")  # the fake answers 401
    url = reverse("registry:entry_check", args=[entry.pk])
    client.force_login(personas.charlie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    check = RegistryCheck.objects.get()
    assert (check.status, check.attempts) == ("failed", 1)
    assert len(fake_kvk.requests) == 1
    assert "De KVK API weigerde onze API-sleutel" in client.get(url).content.decode()


def test_a_check_already_done_is_not_redone_by_a_second_run_of_its_task(
    client, personas, fake_kvk, beta_checked, django_capture_on_commit_callbacks
):
    run_url, _page_url = beta_checked
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(run_url)
    check = RegistryCheck.objects.get()
    before = (check.status, check.fetched_at, len(fake_kvk.requests))
    with django_capture_on_commit_callbacks(execute=True):
        run_registry_check.enqueue(check.pk)
        run_registry_check.enqueue(check.pk + 1000)  # a check deleted meanwhile: nothing to do
    check.refresh_from_db()
    assert (check.status, check.fetched_at, len(fake_kvk.requests)) == before
    services._finish(check.pk, source="offline", found=False, result={}, fetched_at=timezone.now())
    check.refresh_from_db()
    assert (check.source, check.found) == ("kvk_api", True)
    services.registry_check_failed(check_id=check.pk, error=RegistryUnavailable())
    check.refresh_from_db()
    assert check.status == "done"


def test_one_fetch_serves_every_user_who_checks_that_company_within_the_cache_time(
    client, personas, fake_kvk, beta_checked, settings, django_capture_on_commit_callbacks
):
    run_url, _page_url = beta_checked
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(run_url)
    fetched = RegistryCheck.objects.get()
    asked = len(fake_kvk.requests)

    entry = make_entry(kvk_number="69599084")
    url = reverse("registry:entry_check", args=[entry.pk])
    client.force_login(personas.charlie)
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(url).status_code == 302
    assert queued == [] and len(fake_kvk.requests) == asked
    shared = RegistryCheck.objects.get(checked_by=personas.charlie)
    assert (shared.status, shared.fetched_at, shared.result) == ("done", fetched.fetched_at, fetched.result)
    page = client.get(url).content.decode()
    assert "Test EMZ Dagobert" in page and "Antwoord van het register" in page and "opgehaald op" in page
    assert "bewaard antwoord: het register is niet opnieuw gevraagd" in page
    assert personas.alice.display_name not in page  # who looked it up first stays theirs

    RegistryCheck.objects.filter(fetched_at__isnull=False).update(fetched_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(fake_kvk.requests) == asked * 2  # too old: fetched again
    assert "bewaard antwoord" not in client.get(url).content.decode()

    settings.REGISTRY_CACHE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(fake_kvk.requests) == asked * 3


def test_checks_queued_together_fetch_the_company_once(client, personas, fake_kvk, django_capture_on_commit_callbacks):
    entry = make_entry(kvk_number="69599084")
    url = reverse("registry:entry_check", args=[entry.pk])
    with django_capture_on_commit_callbacks() as queued:
        for person in (personas.alice, personas.charlie):
            client.force_login(person)
            client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    assert len(fake_kvk.requests) == 2
    first, second = RegistryCheck.objects.order_by("pk")
    assert first.status == second.status == "done" and first.fetched_at == second.fetched_at


def test_an_answer_where_the_insolvency_register_failed_is_not_shared(
    client, personas, fake_kvk, fake_cir, settings, django_capture_on_commit_callbacks
):
    settings.KVK_API_RETRIES = "1"
    fake_cir.broken = 500
    entry = make_entry(kvk_number="69599084")
    url = reverse("registry:entry_check", args=[entry.pk])
    for person in (personas.alice, personas.charlie):
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
    assert len(fake_cir.bodies) == 2 and len(fake_kvk.requests) == 4


def test_an_answer_kept_before_the_insolvency_register_was_connected_is_not_shared(
    client, personas, fake_kvk, fake_cir, django_capture_on_commit_callbacks
):
    RegistryCheck.objects.create(
        kvk_number="69599084", source="kvk_api", found=True, result={"found": True}, fetched_at=timezone.now()
    )
    entry = make_entry(kvk_number="69599084")
    client.force_login(personas.charlie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:entry_check", args=[entry.pk]))
    assert len(fake_kvk.requests) == 2 and len(fake_cir.bodies) == 1


def test_a_person_over_the_limit_gets_a_clear_message_and_nothing_is_queued(
    client, personas, fake_kvk, settings, django_capture_on_commit_callbacks
):
    settings.REGISTRY_RATE_PER_USER = "1/h"
    first, second = make_entry(kvk_number="69599084"), make_entry(kvk_number="90000749")
    client.force_login(personas.charlie)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("registry:entry_check", args=[first.pk])).status_code == 302
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("registry:entry_check", args=[second.pk]))
    assert response.status_code == 429 and queued == []
    assert "U hebt in korte tijd veel betrouwbaarheidschecks aangevraagd. Probeer het later opnieuw." in (
        response.content.decode()
    )
    assert RegistryCheck.objects.count() == 1
    client.force_login(personas.alice)  # another person is not held back
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("registry:entry_check", args=[second.pk])).status_code == 302


def test_a_company_fetched_too_often_gets_a_clear_message_on_the_participant_page(
    client, personas, fake_kvk, beta_checked, settings, django_capture_on_commit_callbacks
):
    settings.REGISTRY_RATE_PER_COMPANY = "1/h"
    settings.REGISTRY_CACHE_SECONDS = 0
    run_url, _page_url = beta_checked
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(run_url)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(run_url)
    assert response.status_code == 429 and queued == []
    page = response.content.decode()
    assert "Dit bedrijf is in korte tijd vaak opgezocht in het Handelsregister." in page
    assert "Test EMZ Dagobert" in page  # the last result is still shown
    assert RegistryCheck.objects.count() == 1


def test_the_budget_stops_the_calls_of_one_attempt(
    client, personas, fake_kvk, settings, quick_retries, django_capture_on_commit_callbacks
):
    settings.KVK_API_TIMEOUT = "5"
    settings.REGISTRY_CHECK_BUDGET_SECONDS = 0.3
    entry = make_entry(kvk_number="33333333")  # the fake answers after a second
    client.force_login(personas.charlie)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:entry_check", args=[entry.pk]))
    assert time.monotonic() - started < 1.5  # two attempts of 0.3 s, not two of 5 s
    check = RegistryCheck.objects.get()
    assert (check.status, check.attempts) == ("failed", 2)


def test_the_client_keeps_to_its_deadline(fake_kvk):
    late = KvkApiClient(base_url=fake_kvk.base_url, api_key=API_KEY, deadline=time.monotonic() - 1)
    with pytest.raises(RegistryUnavailable):
        late.lookup("69599084")
    assert fake_kvk.requests == []
    # a pause between retries that would pass the deadline is not waited: the last error is reported
    client = KvkApiClient(
        base_url=fake_kvk.base_url, api_key=API_KEY, retries=3, backoff=5, deadline=time.monotonic() + 2
    )
    started = time.monotonic()
    with pytest.raises(RegistryUnavailable, match="500"):
        client.lookup("90002903")
    assert time.monotonic() - started < 1 and len(fake_kvk.requests) == 1
