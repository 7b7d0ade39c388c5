"""Log lines carry time, level, logger and the request id; errors reach ADMINS or Sentry."""

import gzip
import io
import json
import logging
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import path

from samenwerkwijzer.core.request_logging import JsonFormatter, RequestIdFilter, request_id_from
from testsupport.local_server import LocalServer

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def boom(request):
    raise RuntimeError("boom in a test view")


# This module doubles as the URLconf of the error tests: /boom/ raises.
urlpatterns = [path("boom/", boom)]


@pytest.fixture
def request_log():
    """The django.request logger's lines, formatted as the console handler formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_a_log_line_carries_time_level_logger_and_the_request_id_of_the_response(client, request_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="proxy-id.42_a")
    assert response["X-Request-ID"] == "proxy-id.42_a"
    line = request_log.getvalue().strip()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING django\.request \[proxy-id\.42_a\] Not Found: /no-such-page/",
        line,
    ), line


@pytest.mark.parametrize("sent", ["", "a b", "x" * 65, "id\nforged line", "ïd", "<script>"])
def test_an_insane_request_id_from_the_proxy_is_replaced(client, request_log, sent):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID=sent)
    generated = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert f"[{generated}]" in request_log.getvalue()


def test_each_request_gets_its_own_id_and_none_is_left_behind(client):
    first, second = client.get("/health/live"), client.get("/health/live")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    record = logging.LogRecord("samenwerkwijzer.jobs", logging.INFO, __file__, 1, "after", None, None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_a_request_id_token_of_64_characters_is_kept():
    assert request_id_from("A" * 64) == "A" * 64


def test_the_json_formatter_writes_one_parseable_object_per_record():
    try:
        raise ValueError("kapot")
    except ValueError:
        record = logging.LogRecord(
            "samenwerkwijzer.x", logging.ERROR, __file__, 1, "Mislukt: %s", ("één",), sys.exc_info()
        )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "samenwerkwijzer.x" and entry["message"] == "Mislukt: één"
    assert entry["request_id"] == "-" and "ValueError: kapot" in entry["exc_info"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def _run(tmp_path, script: str, **env_vars) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "ADMINS", "LOG_FORMAT", "LOG_LEVEL", "EMAIL_URL"}
    }
    env.update(VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="samenwerkwijzer.settings", **env_vars)
    prelude = "import django\ndjango.setup()\nfrom django.test import Client\nfrom django.test.utils import override_settings\n"
    return subprocess.run(  # noqa: S603 (this Python, the test's own script)
        [sys.executable, "-c", prelude + textwrap.dedent(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_log_format_json_makes_every_line_a_json_object_with_the_request_id(tmp_path):
    result = _run(
        tmp_path,
        """
        import logging
        response = Client().get("/no-such-page/")
        print(response["X-Request-ID"])
        try:
            1 / 0
        except ZeroDivisionError:
            logging.getLogger("samenwerkwijzer.test").exception("Buiten een verzoek")
        """,
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    not_found = next(e for e in entries if e["logger"] == "django.request")
    assert not_found["level"] == "WARNING" and not_found["message"] == "Not Found: /no-such-page/"
    assert not_found["request_id"] == result.stdout.strip()
    outside = next(e for e in entries if e["logger"] == "samenwerkwijzer.test")
    assert outside["request_id"] == "-" and "ZeroDivisionError" in outside["exc_info"]


def test_log_level_and_format_are_checked(tmp_path):
    assert _run(tmp_path, "", LOG_LEVEL="warning").returncode == 0
    assert "LOG_LEVEL must be" in _run(tmp_path, "", LOG_LEVEL="loud").stderr
    assert "LOG_FORMAT must be" in _run(tmp_path, "", LOG_FORMAT="xml").stderr


@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Beheer", "beheer@example.nl")])
def test_an_error_is_mailed_to_admins_without_sentry(client, mailoutbox):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["beheer@example.nl"]
    assert "boom in a test view" in mailoutbox[0].body


@override_settings(ADMINS=[("Beheer", "beheer@example.nl")])
def test_an_error_the_app_logs_itself_is_mailed_to_admins_without_sentry(mailoutbox):
    try:
        raise ConnectionError("mail server gone")
    except ConnectionError:
        logging.getLogger("samenwerkwijzer.jobs").exception("daily digest failed (collaboration=7)")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["beheer@example.nl"]
    assert "daily digest failed" in mailoutbox[0].subject and "mail server gone" in mailoutbox[0].body


def test_admins_are_read_from_one_variable():
    from samenwerkwijzer.settings import _admins

    assert _admins("") == []
    assert _admins("Beheer Team <beheer@example.nl>, ops@example.nl") == [
        ("Beheer Team", "beheer@example.nl"),
        ("", "ops@example.nl"),
    ]
    with pytest.raises(ImproperlyConfigured):
        _admins("Alleen een naam")


class FakeSentry(LocalServer):
    def __init__(self):
        super().__init__()
        self.envelopes: list[bytes] = []
        self.arrived = threading.Event()

    def handle(self, method, path, headers, body):
        if path.startswith("/api/1/"):
            decompress = {"gzip": gzip.decompress, "br": brotli.decompress}.get(headers.get("Content-Encoding"))
            self.envelopes.append(decompress(body) if decompress else body)
            self.arrived.set()
        return 200, {"Content-Type": "application/json"}, b"{}"


def test_an_error_goes_to_sentry_when_a_dsn_is_set_and_not_by_mail(tmp_path):
    with FakeSentry() as sentry:
        dsn = f"http://publickey@127.0.0.1:{sentry.server.server_address[1]}/1"
        result = _run(
            tmp_path,
            f"""
            import logging, sentry_sdk
            from django.utils.log import AdminEmailHandler
            for name in ("django", "django.request", "samenwerkwijzer"):
                handlers = logging.getLogger(name).handlers
                assert not any(isinstance(h, AdminEmailHandler) for h in handlers), (name, handlers)
            with override_settings(ROOT_URLCONF="{__name__}"):
                client = Client(raise_request_exception=False)
                assert client.get("/boom/").status_code == 500
            sentry_sdk.flush(timeout=10)
            """,
            SENTRY_DSN=dsn,
            ADMINS="Beheer <beheer@example.nl>",
        )
        assert result.returncode == 0, result.stderr
        assert sentry.arrived.wait(10)
    events = [
        json.loads(line)
        for envelope in sentry.envelopes
        for line in envelope.splitlines()[2:]
        if line.startswith(b"{") and b'"exception"' in line
    ]
    assert events, sentry.envelopes
    event = events[0]
    assert event["environment"] == "development"
    assert event["exception"]["values"][-1]["value"] == "boom in a test view"
    assert "user" not in event or not event["user"].get("ip_address")  # send_default_pii is off
    assert "Subject:" not in result.stdout  # no mail to ADMINS beside Sentry
