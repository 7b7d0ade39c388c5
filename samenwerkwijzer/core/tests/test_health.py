"""/health/live answers without touching anything; /health/ready checks database, cache and storage."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import OperationalError, connections
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["core:health_live", "core:health"])
def test_liveness_answers_without_a_single_query_even_for_a_signed_in_user(
    client, personas, django_assert_num_queries, name
):
    client.force_login(personas.alice)  # a session cookie the session middleware would look up
    client.cookies.pop("django_language", None)  # without it, the language middleware reads the user
    with django_assert_num_queries(0):
        response = client.get(reverse(name))
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Content-Type"] == "text/plain"


def test_liveness_answers_while_the_database_is_down(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("core:health_live"))
    assert response.status_code == 200


def test_liveness_refuses_other_methods_than_get_and_head(client):
    assert client.head(reverse("core:health_live")).status_code == 200
    assert client.post(reverse("core:health_live")).status_code == 405
    assert client.post(reverse("core:health_ready")).status_code == 405


def test_readiness_reports_each_check(client):
    response = client.get(reverse("core:health_ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert not default_storage.exists("health") or not default_storage.listdir("health")[1]


def test_readiness_is_503_naming_the_database_when_it_is_unreachable(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("core:health_ready"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["checks"]["database"] == "error"
    assert "connection refused" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_readiness_is_503_naming_the_cache_when_it_raises(client):
    with mock.patch.object(caches["default"], "set", side_effect=ConnectionError("cache gone")):
        response = client.get(reverse("core:health_ready"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error", "storage": "ok"}


def test_readiness_is_503_naming_the_cache_when_it_loses_what_was_stored(client):
    with mock.patch.object(caches["default"], "get", return_value=None):
        response = client.get(reverse("core:health_ready"))
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "error"


def test_readiness_is_503_naming_the_storage_when_it_cannot_write(client):
    with mock.patch.object(default_storage, "save", side_effect=PermissionError("read-only")):
        response = client.get(reverse("core:health_ready"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "error"}


def test_readiness_is_503_when_the_storage_returns_something_else(client):
    with mock.patch.object(default_storage, "open", return_value=mock.mock_open(read_data=b"?")()):
        response = client.get(reverse("core:health_ready"))
    assert response.status_code == 503 and response.json()["checks"]["storage"] == "error"
