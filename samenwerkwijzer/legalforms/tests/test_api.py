"""POST /api/v1/legal-forms/advice: public, rate limited, 422 for every kind of bad input."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

from samenwerkwijzer.legalforms import advice
from samenwerkwijzer.legalforms import api as legalforms_api
from samenwerkwijzer.legalforms.api import accepted_language
from samenwerkwijzer.legalforms.knowledge import get_knowledge

pytestmark = pytest.mark.usefixtures("empty_cache")

URL = "/api/v1/legal-forms/advice"

VALID = {
    "duration": "structural",
    "founders": 2,
    "founder_kind": "natural",
    "purpose": "share_risk",
    "exclude_private_liability": False,
    "notary_ok": True,
    "silent_investors": True,
    "free_profession": False,
    "profit_to_members": False,
}


def post(client, body, **headers):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", headers=headers)


def errors(response) -> dict[str, str]:
    """Field name (or 'body') → message of a 422 answer."""
    assert response.status_code == 422, response.content
    result = {}
    for item in response.json()["detail"]:
        assert item["msg"]
        loc = [part for part in item["loc"] if part not in ("body", "intake")]
        result[loc[-1] if loc else "body"] = item["msg"]
    return result


def test_it_ranks_every_form_best_first_in_dutch_by_default(client):
    response = post(client, VALID)
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert "Accept-Language" in response["Vary"]
    ranking = response.json()["ranking"]
    assert ranking[0]["form"] == "cv"
    assert sorted(item["form"] for item in ranking) == sorted(advice.FORMS)
    scores = [item["score"] for item in ranking]
    assert scores == sorted(scores, reverse=True)
    for item in ranking:
        assert set(item) >= {"form", "score", "reasons", "warnings"}
        assert all(isinstance(text, str) and text for text in item["reasons"] + item["warnings"])
    knowledge = get_knowledge()
    assert ranking[0]["name"] == knowledge.forms["cv"].name.nl
    assert "stille vennoot" in " ".join(ranking[0]["reasons"])
    assert "notaris" in response.json()["closing_advice"]


def test_it_answers_in_english_when_the_client_prefers_english(client):
    response = post(client, VALID, accept_language="en-GB,en;q=0.9,nl;q=0.5")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    body = response.json()
    assert body["ranking"][0]["name"] == "Limited partnership (cv)"
    assert "silent partner" in " ".join(body["ranking"][0]["reasons"])
    assert "notary" in body["closing_advice"]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "nl"),
        ("", "nl"),
        ("en", "en"),
        ("en-US", "en"),
        ("fr-FR, de;q=0.8", "nl"),
        ("de, en;q=0.5", "en"),
        ("nl;q=0.2, en;q=0.8", "en"),
        ("en;q=0.8, nl", "nl"),
        ("en, nl", "en"),
        ("en;q=0", "nl"),
        ("en;q=abc, nl;q=0.1", "nl"),
        ("*", "nl"),
    ],
)
def test_the_language_follows_the_accept_language_header(header, language):
    assert accepted_language(header) == language


def test_it_needs_no_login_and_works_for_logged_in_users_too(client, django_user_model):
    assert post(client, VALID).status_code == 200
    user = django_user_model.objects.create_user(email="someone@example.org", password="x-Long-Password-1")
    client.force_login(user)
    assert post(client, VALID).status_code == 200


def test_a_one_off_job_gets_the_contract_for_services_with_the_dba_note(client):
    response = post(client, {**VALID, "duration": "incidental", "silent_investors": False})
    first, second = response.json()["ranking"][:2]
    # Equal partners: the collaboration agreement; one party hiring another: the contract for services.
    assert first["form"] == "samenwerkingsovereenkomst"
    assert second["form"] == "overeenkomst_van_opdracht" and second["score"] == first["score"]
    assert any("modelovereenkomst" in warning for warning in second["warnings"])
    assert not any("modelovereenkomst" in warning for warning in first["warnings"])


def test_a_ruled_out_form_has_score_zero_and_says_why(client):
    response = post(client, {**VALID, "exclude_private_liability": True})
    by_form = {item["form"]: item for item in response.json()["ranking"]}
    for form in ("vof", "maatschap", "cv"):
        assert by_form[form]["score"] == 0 and by_form[form]["ruled_out"] is True
        assert by_form[form]["warnings"][0].startswith("Valt af")
    assert response.json()["ranking"][0]["form"] not in ("vof", "maatschap", "cv")


# --- Bad input ------------------------------------------------------------------------------


def test_a_body_that_is_not_json_is_422(client):
    assert errors(post(client, "duration=structural&founders=2")) == {"body": legalforms_api.NOT_JSON_MESSAGE}
    assert errors(post(client, "{'duration': 'structural'")) == {"body": legalforms_api.NOT_JSON_MESSAGE}
    assert "body" in errors(client.post(URL, VALID))  # form-encoded, as a browser form would send


def test_an_empty_body_is_422(client):
    assert errors(post(client, "")) == {"body": legalforms_api.EMPTY_BODY_MESSAGE}


@pytest.mark.parametrize("body", ["[]", "null", '"structural"', "42"])
def test_json_that_is_not_an_object_is_422(client, body):
    assert errors(post(client, body))


def test_missing_fields_are_each_named(client):
    found = errors(post(client, {"duration": "structural"}))
    assert set(found) == set(advice.INTAKE_FIELDS) - {"duration", *advice.OPTIONAL_FIELDS}
    assert all(message == "Field required" for message in found.values())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration", "weekly"),
        ("duration", None),
        ("founder_kind", "robot"),
        ("purpose", "world_peace"),
        ("purpose", "Share_Risk"),
        ("founders", 0),
        ("founders", -2),
        ("founders", 2.5),
        ("founders", "3"),
        ("founders", True),
        ("notary_ok", "yes"),
        ("silent_investors", 1),
        ("profit_to_members", None),
    ],
)
def test_a_wrong_value_is_422_naming_the_field(client, field, value):
    found = errors(post(client, {**VALID, field: value}))
    assert list(found) == [field]


def test_a_whole_number_written_as_3_0_counts_as_3(client):
    """JSON Schema's "integer" (the documented type) includes 3.0; schemathesis sends it too."""
    response = post(client, {**VALID, "founders": 3.0})
    assert response.status_code == 200
    assert response.json() == post(client, {**VALID, "founders": 3}).json()


def test_an_unknown_field_is_422(client):
    assert list(errors(post(client, {**VALID, "exclude_privat_liability": True}))) == ["exclude_privat_liability"]


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_a_flood_of_requests_gets_429_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(legalforms_api.advice_throttle, "num_requests", 3)
    statuses = [post(client, VALID).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = post(client, VALID)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response.json() == {"detail": "Too many requests."}
    # Bad bodies count as well, and another client address is not affected.
    assert post(client, "not json").status_code == 429
    other = client.post(URL, json.dumps(VALID), content_type="application/json", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_the_default_rate_is_a_per_minute_limit():
    assert legalforms_api.advice_throttle.rate == legalforms_api.ADVICE_RATE
    assert legalforms_api.advice_throttle.duration == 60


# --- OpenAPI and docs -------------------------------------------------------------------------


def test_the_endpoint_is_described_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert operation["operationId"] == "legal_form_advice"
    assert set(operation["responses"]) >= {"200", "422", "429"}
    assert operation["requestBody"]["required"] is True
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    intake = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert set(intake["required"]) == set(advice.INTAKE_FIELDS) - set(advice.OPTIONAL_FIELDS)
    assert "tax_preference" in intake["properties"]
    assert intake["properties"]["duration"]["enum"] == list(advice.DURATIONS)
    assert intake["properties"]["purpose"]["enum"] == list(advice.PURPOSES)
    assert intake["properties"]["founders"]["minimum"] == 1
    ranked = schema["components"]["schemas"]["RankedFormOut"]
    assert ranked["properties"]["form"]["enum"] == list(advice.FORMS)


def test_the_interactive_docs_use_only_locally_served_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page must not load anything from a CDN"
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert "ninja/swagger-ui-bundle.js" in assets and "ninja/swagger-ui.css" in assets
    for asset in assets:
        assert finders.find(asset), f"{asset} is not served locally"
