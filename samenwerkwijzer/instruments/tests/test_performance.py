import pytest
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.instruments.benchmark import build_large_comparison

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(db):
    return build_large_comparison(organisations=10, rounds=8)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_revealed_comparison_of_10_organisations_17_statements_8_rounds_takes_at_most_20_queries(
    large, django_assert_max_num_queries, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 0  # rendering itself; the cache's own budget: test_fragment_cache.py
    collaboration, lead, round_ = large
    client = _client(lead)
    url = reverse("instruments:round_detail", args=[collaboration.pk, round_.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<tr") >= 17 + 1 and "Bench Organisatie 09" in page
    assert page.count("Ronde 8") >= 1


def test_the_overview_and_the_api_stay_cheap(large, django_assert_max_num_queries):
    collaboration, lead, round_ = large
    client = _client(lead)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("instruments:overview", args=[collaboration.pk])).status_code == 200
    # 9 for the session, the person, the access check and the round, plus ONE per rate limit (the
    # address and the person: integrations/throttling.py counts each with a single upsert).
    with django_assert_max_num_queries(11):
        assert client.get(reverse("api:instruments_round", args=[collaboration.pk, round_.pk])).status_code == 200
