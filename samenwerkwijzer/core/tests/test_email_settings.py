"""EMAIL_URL in every form docs/configuration.md documents, EMAIL_TIMEOUT, and SITE_URL in production.

Each case imports the settings module in a fresh interpreter with its own environment, as an
operator's start would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import get_connection

pytestmark = pytest.mark.once  # no database-specific code: runs once, in the SQLite run

ROOT = Path(settings.BASE_DIR)
KEYS = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_FILE_PATH",
    "EMAIL_TIMEOUT",
    "SITE_URL",
]
SCRIPT = (
    f"import json; from samenwerkwijzer import settings as s; print(json.dumps({{k: getattr(s, k) for k in {KEYS!r}}}))"
)
PRODUCTION = {"APP_PROFILE": "production", "SECRET_KEY": "z" * 70, "ALLOWED_HOSTS": "samenwerkwijzer.example.nl"}


def _settings(**environment) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("EMAIL_") and k not in {"APP_PROFILE", "SITE_URL", "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY"}
    }
    env.update(environment)
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def _values(**environment) -> dict:
    result = _settings(**environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            # The form docs/deployment.md tells an operator to use (dj-email-url raised KeyError on it).
            "smtp+tls://mailer:s3cret@smtp.example.nl:587",
            {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "smtp.example.nl", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True},
        ),
        (
            "smtp+tls://mailer:s3cret@smtp.example.nl",
            {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            "smtp+ssl://mailer:s3cret@smtp.example.nl",
            {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
        ),
        ("smtps://mailer:s3cret@smtp.example.nl:2465", {"EMAIL_PORT": 2465, "EMAIL_USE_SSL": True}),
        (
            "smtp://relay.internal",
            {"EMAIL_HOST": "relay.internal", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False},
        ),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("dummy://", {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}),
        ("memory://", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
        (
            "file:///var/mail/samen%20werk",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": "/var/mail/samen werk",
            },
        ),
    ],
)
def test_every_documented_email_url_form_is_understood(url, expected):
    values = _values(EMAIL_URL=url)
    assert {key: values[key] for key in expected} == expected


def test_user_and_password_are_url_decoded():
    values = _values(EMAIL_URL="smtp+tls://mailer%40example.nl:p%40ss%3Aw%2Frd@smtp.example.nl:587")
    assert values["EMAIL_HOST_USER"] == "mailer@example.nl"
    assert values["EMAIL_HOST_PASSWORD"] == "p@ss:w/rd"


def test_without_email_url_mail_is_printed_and_the_timeout_is_ten_seconds():
    values = _values()
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["EMAIL_TIMEOUT"] == 10


def test_email_timeout_is_honoured():
    assert _values(EMAIL_TIMEOUT="2.5")["EMAIL_TIMEOUT"] == 2.5


def test_the_smtp_connection_gets_the_timeout():
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert connection.timeout == settings.EMAIL_TIMEOUT == 10


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtp+starttls://smtp.example.nl", "EMAIL_URL: unknown scheme smtp+starttls://"),
        ("smtp.example.nl:587", "EMAIL_URL: unknown scheme smtp.example.nl://"),
        ("smtp+tls://", "EMAIL_URL: smtp+tls:// needs a host"),
        ("smtp+tls://smtp.example.nl:mail", "EMAIL_URL: the port is not a number"),
        ("file://", "EMAIL_URL: file:// needs a folder"),
    ],
)
def test_a_wrong_email_url_stops_the_start_with_a_clear_message(url, message):
    result = _settings(EMAIL_URL=url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_requires_site_url():
    result = _settings(**PRODUCTION)
    assert result.returncode != 0
    assert "SITE_URL must be set in the production profile" in result.stderr


def test_production_requires_an_https_site_url():
    result = _settings(**PRODUCTION, SITE_URL="http://samenwerkwijzer.example.nl")
    assert result.returncode != 0
    assert "SITE_URL must be an absolute https address" in result.stderr


def test_production_starts_with_site_url_and_the_documented_mail_url():
    values = _values(
        **PRODUCTION,
        SITE_URL="https://samenwerkwijzer.example.nl/",
        EMAIL_URL="smtp+tls://mailer:s3cret@smtp.example.nl:587",
    )
    assert values["SITE_URL"] == "https://samenwerkwijzer.example.nl"
    assert values["EMAIL_USE_TLS"] is True
