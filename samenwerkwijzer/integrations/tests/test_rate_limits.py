"""The rate limits of /api/v1/: fixed windows counted in the database, per address before
authentication and per token or person after it (integrations/throttling.py)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from ninja.conf import settings as ninja_settings

from samenwerkwijzer.integrations import throttling
from samenwerkwijzer.integrations.models import RateCounter
from samenwerkwijzer.integrations.problems import API_VERSION, PROBLEM_CONTENT_TYPE
from samenwerkwijzer.integrations.retention import remove_old_rate_counters
from samenwerkwijzer.privacy.registry import RETENTIONS

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/instruments/collaborations/{}/rounds"
DEFINITIONS = "/api/v1/instruments/definitions"
NOON = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def assert_429_problem(response) -> None:
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == 429 and body["title"] and isinstance(body["detail"], str)
    assert 1 <= int(response["Retry-After"]) <= 60


@pytest.fixture
def frozen(monkeypatch):
    """The throttles' clock, set by the test: ``frozen.now = ...``."""
    clock = SimpleNamespace(now=lambda: clock.moment, moment=NOON + timedelta(seconds=20))
    monkeypatch.setattr(throttling, "timezone", clock)
    return clock


# --- the counter ------------------------------------------------------------------------------------


def test_a_window_is_aligned_so_every_process_agrees():
    assert throttling.window_of(NOON + timedelta(seconds=45), 60) == (NOON, 15)
    assert throttling.window_of(NOON + timedelta(minutes=59), 3600) == (NOON, 60)


def test_each_call_adds_one_in_one_row_and_a_new_window_starts_at_one():
    now = NOON + timedelta(seconds=10)
    assert [throttling.count_call("k", 60, now=now)[0] for _ in range(3)] == [1, 2, 3]
    assert throttling.count_call("k", 60, now=now)[1] == 50
    (row,) = RateCounter.objects.all()
    assert (row.key, row.window_start, row.count) == ("k", NOON, 4)
    # Another key is counted apart; the next window starts again.
    assert throttling.count_call("other", 60, now=now)[0] == 1
    assert throttling.count_call("k", 60, now=NOON + timedelta(seconds=61))[0] == 1
    assert RateCounter.objects.count() == 3


def test_a_call_costs_one_query_per_limit(client, personas, api_token_for, django_assert_num_queries):
    token = api_token_for(personas.bob)
    client.get(ROUNDS.format(personas.collaboration.pk), **bearer(token))
    with django_assert_num_queries(1):
        throttling.count_call("k", 60)
    RateCounter.objects.all().delete()
    client.get(ROUNDS.format(personas.collaboration.pk), **bearer(token))
    # One row per limit: the address and the token.
    assert sorted(RateCounter.objects.values_list("key", "count")) == [
        ("address:127.0.0.1", 1),
        (f"token:token-{personas.bob.integration_tokens.get().pk}", 1),
    ]


# --- per address, before authentication --------------------------------------------------------------


def test_calls_with_a_wrong_or_missing_token_are_counted_and_refused_per_address(
    client, settings, personas, api_token_for
):
    settings.API_RATE_PER_ADDRESS = "3/m"
    url = ROUNDS.format(personas.collaboration.pk)
    guesses = [client.get(url, **bearer(f"swz_guess{n}")).status_code for n in range(2)]
    assert [*guesses, client.get(url).status_code] == [401, 401, 401]
    assert_429_problem(client.get(url, **bearer("swz_guess3")))
    # Now even the right token is refused from that address ...
    assert_429_problem(client.get(url, **bearer(api_token_for(personas.bob))))
    # ... but another address is counted apart.
    assert client.get(url, REMOTE_ADDR="192.0.2.7", **bearer("swz_guess4")).status_code == 401


def test_behind_a_proxy_the_forwarded_address_is_counted(client, settings, monkeypatch):
    monkeypatch.setattr(ninja_settings, "NUM_PROXIES", 1)
    settings.API_RATE_PER_ADDRESS = "1/m"
    assert client.get(DEFINITIONS, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    assert_429_problem(client.get(DEFINITIONS, HTTP_X_FORWARDED_FOR="203.0.113.5"))
    # The same proxy (REMOTE_ADDR) forwarding another client: counted apart.
    assert client.get(DEFINITIONS, HTTP_X_FORWARDED_FOR="203.0.113.5, 203.0.113.6").status_code == 200


def test_the_legacy_operations_keep_their_429_body_for_the_address_limit(client, settings):
    settings.API_RATE_PER_ADDRESS = "1/m"
    assert client.get("/api/v1/directory/search").status_code == 401
    for response in (
        client.get("/api/v1/directory/search"),
        client.post("/api/v1/legal-forms/advice", "{}", content_type="application/json"),
    ):
        assert response.status_code == 429
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Too many requests."}
        assert 1 <= int(response["Retry-After"]) <= 60 and response["API-Version"] == API_VERSION


# --- per token and per person, after authentication ----------------------------------------------------


def test_the_count_of_a_token_is_shared_by_every_process(settings, personas, api_token_for):
    settings.API_RATE_PER_TOKEN = "2/m"
    token = api_token_for(personas.bob)
    url = ROUNDS.format(personas.collaboration.pk)
    # Two clients from two addresses stand for two workers on two nodes: one count for the token.
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    assert first.get(url, **bearer(token)).status_code == 200
    assert second.get(url, **bearer(token)).status_code == 200
    assert_429_problem(first.get(url, **bearer(token)))
    assert_429_problem(second.get(url, **bearer(token)))
    # Another person's token is counted apart.
    assert second.get(url, **bearer(api_token_for(personas.olivia))).status_code == 200


def test_the_browser_session_is_counted_per_person_across_clients(settings, personas):
    settings.API_RATE_PER_TOKEN = "1/m"
    first, second = Client(), Client(REMOTE_ADDR="192.0.2.2")
    first.force_login(personas.bob)
    second.force_login(personas.bob)
    url = ROUNDS.format(personas.collaboration.pk)
    assert first.get(url).status_code == 200
    assert_429_problem(second.get(url))


def test_anonymous_calls_are_not_counted_per_token(client, settings):
    settings.API_RATE_PER_TOKEN = "1/m"
    assert [client.get(DEFINITIONS).status_code for _ in range(2)] == [200, 200]
    assert not RateCounter.objects.filter(key__startswith="token:").exists()


def test_the_window_rolls_over(client, settings, personas, api_token_for, frozen):
    settings.API_RATE_PER_TOKEN = "2/m"
    token = api_token_for(personas.bob)
    url = ROUNDS.format(personas.collaboration.pk)
    assert [client.get(url, **bearer(token)).status_code for _ in range(2)] == [200, 200]
    frozen.moment = NOON + timedelta(seconds=59)
    refused = client.get(url, **bearer(token))
    assert_429_problem(refused)
    assert refused["Retry-After"] == "1"
    frozen.moment = NOON + timedelta(seconds=60)
    assert client.get(url, **bearer(token)).status_code == 200


# --- retention --------------------------------------------------------------------------------------


def test_windows_older_than_a_day_are_removed_by_the_retention_clean_up(settings):
    now = NOON
    RateCounter.objects.create(key="old", window_start=now - timedelta(days=1, seconds=1), count=5)
    RateCounter.objects.create(key="recent", window_start=now - timedelta(hours=23), count=5)
    assert RETENTIONS["API rate-limit counts"] is remove_old_rate_counters
    assert remove_old_rate_counters(now) == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["recent"]
    # A rate over two days keeps its windows two days.
    settings.API_RATE_PER_TOKEN = "1000/2d"
    RateCounter.objects.create(key="yesterday", window_start=now - timedelta(days=1, hours=1), count=5)
    assert remove_old_rate_counters(now) == 0
