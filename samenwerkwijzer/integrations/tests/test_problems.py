"""Errors of /api/v1/ as problem details, the API-Version header, the rate limits and the schema.

The handlers are exercised through the real API where an operation brings the error about, and
through a small probe API (this module is its URLconf) for the errors no stable operation raises
on demand (a service's ValidationError, PermissionDenied, a crash, a body that does not validate).
"""

import json

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from ninja import Router, Schema

from samenwerkwijzer.api import SamenwerkwijzerAPI
from samenwerkwijzer.integrations import problems
from samenwerkwijzer.integrations.problems import API_VERSION, PROBLEM_CONTENT_TYPE, field_errors
from samenwerkwijzer.integrations.throttling import api_throttles

pytestmark = pytest.mark.django_db

# --- a probe API with the same handlers ------------------------------------------------------------

probe = Router()


class NameIn(Schema):
    name: str
    count: int


@probe.get("/permission", url_name="probe_permission")
def raise_permission(request):
    raise PermissionDenied("Alleen de penvoerder mag dit.")


@probe.get("/service", url_name="probe_service")
def raise_service_error(request):
    raise DjangoValidationError({"due_date": ["Kies een datum in de toekomst."], "__all__": ["Dit kan niet meer."]})


@probe.get("/service-plain", url_name="probe_service_plain")
def raise_plain_service_error(request):
    raise DjangoValidationError("Dit actiepunt is al afgerond.")


@probe.get("/crash", url_name="probe_crash")
def crash(request):
    raise RuntimeError("boom")


@probe.post("/body", url_name="probe_body")
def body(request, payload: NameIn):
    return {"ok": True}


probe_api = SamenwerkwijzerAPI(title="probe", version=API_VERSION, urls_namespace="probe", throttle=api_throttles())
problems.register(probe_api)
probe_api.add_router("/", probe)
urlpatterns = [path("probe/", probe_api.urls)]
PROBE = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def clean_counts():
    # The API's own counts are rows (rolled back with each test); the legal-form advice's own
    # stricter limit still counts in the cache.
    cache.clear()
    yield
    cache.clear()


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and isinstance(body["detail"], str)
    return body


ROUNDS = "/api/v1/instruments/collaborations/{}/rounds"


# --- through the real API ---------------------------------------------------------------------------


def test_an_anonymous_call_to_a_collaboration_gets_a_401_problem_never_the_login_page(client, personas):
    response = client.get(ROUNDS.format(personas.collaboration.pk))
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"
    assert b"<html" not in response.content.lower()


def test_an_unknown_or_expired_token_gets_401(client, personas):
    response = client.get(ROUNDS.format(personas.collaboration.pk), HTTP_AUTHORIZATION="Bearer swz_wrong")
    assert_problem(response, 401)


def test_an_outsider_gets_a_404_problem(client, personas, api_token_for):
    token = api_token_for(personas.charlie)
    response = client.get(ROUNDS.format(personas.collaboration.pk), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 404)
    # The participant gets the same address with data, and the header.
    token = api_token_for(personas.bob)
    response = client.get(ROUNDS.format(personas.collaboration.pk), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["API-Version"] == API_VERSION


def test_an_unknown_address_and_an_impossible_id_under_the_api_are_404_problems(client):
    assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert_problem(client.get(ROUNDS.format(10**30)), 404)
    # Outside the API, Django's own page stays.
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "html" in response["Content-Type"]


def test_a_wrong_method_is_a_405_problem_with_allow(client):
    response = client.post("/api/v1/instruments/definitions")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_the_schema_and_the_docs_page_carry_the_version(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["API-Version"] == API_VERSION
    assert response.json()["info"]["version"] == API_VERSION
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and docs["API-Version"] == API_VERSION


def test_the_two_legacy_operations_keep_their_422_body(client, personas, api_token_for):
    token = api_token_for(personas.charlie)
    response = client.get("/api/v1/directory/search", {"sbi": "99999"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert response["API-Version"] == API_VERSION
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", "sbi"] and item["type"] == "value_error" and item["msg"]
    advice = client.post("/api/v1/legal-forms/advice", "{}", content_type="application/json")
    assert advice.status_code == 422 and isinstance(advice.json()["detail"], list)
    assert advice["Content-Type"].startswith("application/json")


# --- rate limits (the counting itself: test_rate_limits.py) -----------------------------------------


def test_the_limit_per_token_bites_with_a_429_problem(client, settings, personas, api_token_for):
    settings.API_RATE_PER_TOKEN = "2/m"
    token = api_token_for(personas.bob)
    url = ROUNDS.format(personas.collaboration.pk)
    assert [client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code for _ in range(2)] == [200, 200]
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1
    # Another token of another person is counted apart.
    other = api_token_for(personas.olivia)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200


def test_the_browser_session_is_counted_per_person(client, settings, personas):
    settings.API_RATE_PER_TOKEN = "1/m"
    client.force_login(personas.bob)
    url = ROUNDS.format(personas.collaboration.pk)
    assert client.get(url).status_code == 200
    assert_problem(client.get(url), 429)


def test_the_limit_per_address_bites_also_without_login(client, settings):
    settings.API_RATE_PER_ADDRESS = "2/m"
    url = "/api/v1/instruments/definitions"
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    assert_problem(client.get(url), 429)
    assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_the_directory_search_keeps_its_429_body(client, settings, personas, api_token_for):
    settings.API_RATE_PER_TOKEN = "1/m"
    token = api_token_for(personas.charlie)
    assert client.get("/api/v1/directory/search", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    response = client.get("/api/v1/directory/search", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 429
    assert response.json() == {"detail": "Too many requests."}
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) >= 1 and response["API-Version"] == API_VERSION


# --- handlers through the probe API -----------------------------------------------------------------


@PROBE
def test_permission_denied_is_a_403_problem_with_its_message(client):
    body = assert_problem(client.get("/probe/permission"), 403)
    assert body["detail"] == "Alleen de penvoerder mag dit."


@PROBE
def test_a_services_validation_error_is_a_422_problem_per_field(client):
    body = assert_problem(client.get("/probe/service"), 422)
    assert body["errors"] == {"due_date": ["Kies een datum in de toekomst."], "__all__": ["Dit kan niet meer."]}
    assert body["detail"] == "Dit kan niet meer."
    plain = assert_problem(client.get("/probe/service-plain"), 422)
    assert plain["errors"] == {"__all__": ["Dit actiepunt is al afgerond."]}


@PROBE
def test_an_invalid_body_is_a_422_problem_per_field(client):
    response = client.post("/probe/body", json.dumps({"name": "x", "count": "many"}), content_type="application/json")
    body = assert_problem(response, 422)
    assert list(body["errors"]) == ["count"] and body["errors"]["count"][0]
    missing = client.post("/probe/body", "{}", content_type="application/json")
    assert set(assert_problem(missing, 422)["errors"]) == {"name", "count"}


@PROBE
def test_a_body_that_is_not_json_is_a_400_problem(client):
    assert_problem(client.post("/probe/body", "{not json", content_type="application/json"), 400)


@PROBE
def test_any_other_error_is_a_logged_500_problem_never_html(client, caplog):
    client.raise_request_exception = False
    body = assert_problem(client.get("/probe/crash"), 500)
    assert "boom" not in body["detail"]
    assert any("boom" in str(record.exc_info[1]) for record in caplog.records if record.exc_info)


def test_field_errors_name_the_field_without_source_and_parameter():
    assert field_errors(
        [
            {"loc": ["query", "limit"], "msg": "too big"},
            {"loc": ["body", "payload", "owner", "name"], "msg": "missing"},
            {"loc": ["body", "payload"], "msg": "not an object"},
            {"loc": ["body"], "msg": "empty"},
        ]
    ) == {"limit": ["too big"], "owner.name": ["missing"], "payload": ["not an object"], "body": ["empty"]}


# --- the schema -------------------------------------------------------------------------------------


def test_the_schema_documents_problems_versions_and_limits(client):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}
    rounds = schema["paths"]["/api/v1/instruments/collaborations/{pk}/rounds"]["get"]["responses"]
    for status in ("401", "403", "404", "422", "429"):
        assert list(rounds[status]["content"]) == [PROBLEM_CONTENT_TYPE], status
    assert "WWW-Authenticate" in rounds["401"]["headers"] and "Retry-After" in rounds["429"]["headers"]
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            for status, response in operation["responses"].items():
                assert "API-Version" in response["headers"], (operation["operationId"], status)
            assert "429" in operation["responses"], operation["operationId"]
    search = schema["paths"]["/api/v1/directory/search"]["get"]["responses"]
    assert list(search["401"]["content"]) == [PROBLEM_CONTENT_TYPE]
    for status, ref in (("422", "ValidationErrorOut"), ("429", "MessageOut")):
        assert search[status]["content"]["application/json"]["schema"]["$ref"].endswith(ref)
    advice = schema["paths"]["/api/v1/legal-forms/advice"]["post"]["responses"]
    assert advice["422"]["content"]["application/json"]["schema"]["$ref"].endswith("ValidationErrorOut")
    assert advice["429"]["content"]["application/json"]["schema"]["$ref"].endswith("MessageOut")
