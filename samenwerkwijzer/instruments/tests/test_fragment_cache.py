"""The shared results fragment of a revealed round (results_cache.py, lib/fragment_cache.py), with the
cache on: never someone else's, never stale, never without the access check."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import results_cache, selectors, services
from samenwerkwijzer.instruments.models import AnswerSet

from .factories import SECRET, access_for, checker_answers, open_round, revealed_round, submit, tien_answers

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MASKED = re.compile(r"[A-Za-z0-9]{64}")  # a masked CSRF token (a new one per response)


@pytest.fixture(autouse=True)
def cache_on(settings):
    """A cache of this test alone (locmem), the fragment cache on."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}}
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _client(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _url(personas, round_):
    return reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _fragments() -> list[str]:
    return [key for key in cache._cache if ":fragment:round-results:" in key]  # locmem's own store


def test_a_second_reader_gets_the_stored_fragment_without_the_work(personas, monkeypatch):
    round_ = revealed_round(personas, d.CHECKER)
    url = _url(personas, round_)
    first = _page(_client(personas.alice), url)
    assert len(_fragments()) == 1

    def no_work(*args, **kwargs):
        raise AssertionError("the results were computed again")

    monkeypatch.setattr(selectors, "round_results", no_work)
    second = _page(_client(personas.alice), url)
    assert MASKED.sub("", first) == MASKED.sub("", second)


def test_a_hit_costs_fewer_queries_than_a_render(personas):
    round_ = revealed_round(personas, d.CHECKER)
    url = _url(personas, round_)
    client = _client(personas.alice)
    with CaptureQueriesContext(connection) as miss:
        _page(client, url)
    with CaptureQueriesContext(connection) as hit:
        _page(client, url)
    assert len(hit.captured_queries) < len(miss.captured_queries)


def test_before_the_reveal_nothing_is_stored_and_nobody_sees_anothers_answers(personas):
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    submit(personas.bob, personas.collaboration, round_, tien_answers(text=SECRET))
    url = _url(personas, round_)
    assert SECRET in _page(_client(personas.bob), url)  # bob's own answers, on his own page
    assert _fragments() == []
    for user in (personas.alice, personas.olivia, personas.anna):
        assert SECRET not in _page(_client(user), url)
    assert _fragments() == []


def test_the_reveal_shows_at_once_on_a_page_seen_before(personas):
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    submit(personas.bob, personas.collaboration, round_, tien_answers(text=SECRET))
    url = _url(personas, round_)
    alice = _client(personas.alice)
    assert SECRET not in _page(alice, url)
    submit(personas.alice, personas.collaboration, round_, tien_answers())
    round_.refresh_from_db()
    assert round_.is_revealed()
    assert SECRET in _page(alice, url)
    assert SECRET in _page(_client(personas.olivia), url)


def test_a_writer_and_a_reader_each_get_their_own_fragment(personas):
    round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
    url = _url(personas, round_)
    olivia_first = _page(_client(personas.olivia), url)  # an observer: no forms
    alice_page = _page(_client(personas.alice), url)
    assert 'form="conclusions-form"' in alice_page and "csrfmiddlewaretoken" in alice_page
    assert 'form="conclusions-form"' not in olivia_first
    olivia_again = _page(_client(personas.olivia), url)
    assert 'form="conclusions-form"' not in olivia_again
    assert len(_fragments()) == 2


def test_a_fragment_cached_by_one_organisation_carries_nothing_of_it_to_another(personas):
    """The results are the same for both; alice's CSRF token is not: bob gets his own, and it works."""
    round_ = revealed_round(personas, d.CHECKER, alice=checker_answers(1, 4), bob=checker_answers(5, 9))
    url = _url(personas, round_)
    alice = _client(personas.alice, enforce_csrf_checks=True)
    alice_tokens = set(TOKEN.findall(_page(alice, url)))
    bob = _client(personas.bob, enforce_csrf_checks=True)
    bob_page = _page(bob, url)
    bob_tokens = set(TOKEN.findall(bob_page))
    assert alice_tokens and bob_tokens and not alice_tokens & bob_tokens
    secret = lambda client: client.cookies["csrftoken"].value  # noqa: E731  (the cookie holds the secret)
    assert {_unmask_cipher_token(t) for t in bob_tokens} == {secret(bob)} != {secret(alice)}
    # Bob puts a statement on the agenda with the form of the page that came from the cache.
    item_id = next(item.id for item in round_.definition.statements)
    response = bob.post(
        reverse("instruments:agenda_add", args=[personas.collaboration.pk, round_.pk]),
        {"item_id": item_id, "csrfmiddlewaretoken": bob_tokens.pop()},
    )
    assert response.status_code == 302
    # ... and alice sees it at once (the agenda changed: a new version).
    assert _page(alice, url).count("badge--done") == 1


def test_every_change_behind_the_results_shows_at_once(personas):
    round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
    url = _url(personas, round_)
    olivia = _client(personas.olivia)
    assert "Nieuwe tekst" not in _page(olivia, url)
    # A changed answer (however it was changed).
    answer_set = AnswerSet.objects.get(round=round_, organisation=personas.beta)
    answer_set.answers = tien_answers(text="Nieuwe tekst")
    answer_set.save()
    assert "Nieuwe tekst" in _page(olivia, url)
    # A joint conclusion.
    services.conclusion_save(
        access=access_for(personas.alice, personas.collaboration),
        round=round_,
        item_id=next(item.id for item in round_.definition.items if item.type == d.LONG_TEXT),
        text="Gezamenlijke conclusie",
        seen="",
    )
    assert "Gezamenlijke conclusie" in _page(olivia, url)
    # A name.
    personas.beta.name = "Beta Logistiek"
    personas.beta.save()
    page = _page(olivia, url)
    assert "Beta Logistiek" in page and "Beta Transport" not in page


def test_a_later_round_changes_the_trend_on_an_earlier_rounds_page(personas):
    first = revealed_round(personas, d.CHECKER)
    url = _url(personas, first)
    alice = _client(personas.alice)
    assert "Ronde 2" not in _page(alice, url)
    revealed_round(personas, d.CHECKER)
    assert "Ronde 2" in _page(alice, url)


@pytest.mark.parametrize("who", ["charlie", "dave"])
def test_an_outsider_gets_404_with_a_warm_cache(personas, who):
    round_ = revealed_round(personas, d.CHECKER)
    url = _url(personas, round_)
    _page(_client(personas.alice), url)
    assert _fragments()
    assert _client(getattr(personas, who)).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # not logged in: to the login page


def test_a_removed_participant_gets_404_with_a_warm_cache(personas):
    round_ = revealed_round(personas, d.CHECKER)
    url = _url(personas, round_)
    bob = _client(personas.bob)
    _page(bob, url)
    collaboration_services.participant_remove(
        access=access_for(personas.alice, personas.collaboration, lead=True), participant=personas.bob_participant
    )
    assert bob.get(url).status_code == 404
    assert _client(personas.alice).get(url).status_code == 200


def test_with_the_cache_off_nothing_is_stored(personas, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
    page = _page(_client(personas.alice), _url(personas, round_))
    assert 'form="conclusions-form"' in page and "csrfmiddlewaretoken" in page
    assert _fragments() == []


def test_the_results_of_a_round_not_yet_revealed_are_never_shared(personas):
    round_ = open_round(personas, d.CHECKER)
    with pytest.raises(ValueError):
        results_cache.results_html(
            RequestFactory().get("/"), access_for(personas.alice, personas.collaboration), round_, dict
        )
    assert _fragments() == []
