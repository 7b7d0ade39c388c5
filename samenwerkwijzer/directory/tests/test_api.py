import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.integrations import services
from samenwerkwijzer.integrations.models import ApiToken, hash_api_token

from .factories import make_entry

pytestmark = pytest.mark.django_db

URL = "/api/v1/directory/search"


@pytest.fixture
def entries(db):
    make_entry(name="Koeltransport Utrecht", pc4="3511", offers=("logistiek",), needs=("vakkennis",), refresh=False)
    make_entry(name="Bakkerij Breukelen", sbi_codes="10710", pc4="3621", offers=("productiemiddelen",), needs=())
    return None


def test_anonymous_gets_401(client, entries):
    assert client.get(URL).status_code == 401


def test_a_logged_in_user_gets_ranked_results_with_reasons(client, personas, entries):
    client.force_login(personas.charlie)
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"pc4": "3511", "max_km": "50", "needs": "logistiek", "offers": "vakkennis"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 2
    first = data["results"][0]
    assert set(first) == {"kvk_number", "name", "score", "distance_km", "reasons", "ring", "via", "verification"}
    assert first["name"] == "Koeltransport Utrecht" and first["distance_km"] == 0.0 and first["ring"] is None
    assert "you need logistics — they offer it" in first["reasons"]
    # An imported register record is no organisation on the platform: nothing to verify.
    assert first["verification"] is None


def test_a_platform_organisation_in_the_results_carries_its_verification(client, personas, entries):
    from .test_views import make_findable

    p = personas
    make_findable(p.beta, p.bob, offers=["logistiek"], needs=["vakkennis"])  # verified through eHerkenning (EH3)
    client.force_login(p.charlie)
    data = client.get(URL, {"needs": "logistiek"}).json()
    result = next(r for r in data["results"] if r["name"] == p.beta.name)
    p.beta.refresh_from_db()
    assert result["verification"] == {
        "status": "verified",
        "method": "eherkenning",
        "assurance_level": "EH3",
        "verified_at": p.beta.verified_at.isoformat(),
    }
    imported = next(r for r in data["results"] if r["name"] == "Koeltransport Utrecht")
    assert imported["verification"] is None
    # The schema says so, for whoever builds on it.
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "verification" in schema["ResultOut"]["properties"]
    assert set(schema["VerificationOut"]["properties"]) == {"status", "method", "assurance_level", "verified_at"}


def test_a_bearer_token_works_and_a_revoked_one_does_not(client, personas, entries):
    token, raw = services.api_token_create(user=personas.charlie, name="script")
    response = client.get(URL, {"sbi": "49"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["total"] == 1
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer swz_wrong").status_code == 401
    services.api_token_revoke(user=personas.charlie, token=token)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_an_expired_token_gets_401_and_a_write_token_may_search(client, personas, entries, api_token_for):
    expired = api_token_for(personas.charlie)
    ApiToken.objects.filter(user=personas.charlie).update(expires_at=timezone.now())
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {expired}").status_code == 401
    writer = api_token_for(personas.charlie, scope="write", organisation=personas.gamma)
    response = client.get(URL, {"sbi": "49"}, HTTP_AUTHORIZATION=f"Bearer {writer}")
    assert response.status_code == 200 and response.json()["total"] == 1


def test_a_migrated_directory_token_still_searches(client, personas, entries):
    """What migration integrations 0002 makes of an old token: same hash, read, no limits."""
    raw = ApiToken.new_token()
    ApiToken.objects.create(
        user=personas.charlie,
        name="old script",
        token_hash=hash_api_token(raw),
        expires_at=timezone.now() + datetime.timedelta(days=365),
    )
    response = client.get(URL, {"sbi": "49"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["total"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"sbi": "99999"},
        {"pc4": "0000"},
        {"pc4": "3511", "max_km": "-5"},
        {"pc4": "3511", "max_km": "far"},
        {"limit": "101"},
        {"size": "3"},
        {"needs": "geld"},
        {"ring": "3"},
        {"offset": "990", "limit": "20"},
        {"max_km": "10"},
    ],
)
def test_bad_input_gets_422(client, personas, entries, params):
    client.force_login(personas.charlie)
    assert client.get(URL, params).status_code == 422


def test_a_name_query_finds_the_company_as_typed_and_keeps_the_response_shape(client, personas, entries):
    client.force_login(personas.charlie)
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"q": "bakerij breukelen"})  # one typo
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1
    (first,) = data["results"]
    assert set(first) == {"kvk_number", "name", "score", "distance_km", "reasons", "ring", "via", "verification"}
    assert first["name"] == "Bakkerij Breukelen" and first["score"] == 80.0
    assert first["reasons"][0] == "name: all 2 words you typed (1 with a typo)"
    # Combined with the profile filters: the sector filter leaves nothing.
    assert client.get(URL, {"q": "bakkerij", "sbi": "49"}).json() == {"total": 0, "results": []}
    both = client.get(URL, {"q": "utrecht", "pc4": "3511", "max_km": "50"}).json()
    assert [result["name"] for result in both["results"]] == ["Koeltransport Utrecht"]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("a", "at least 2"),
        ("x" * 500, "at most 200"),
        ("?!.,", "letters or digits"),
        ("de van het B.V.", "common words"),
    ],
)
def test_a_name_query_without_anything_to_search_for_gets_422_on_its_field(client, personas, entries, q, message):
    client.force_login(personas.charlie)
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"q": q})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "q"] and message in problem["msg"]


def test_the_url_name_is_in_the_api_namespace():
    assert reverse("api:directory_search") == URL
