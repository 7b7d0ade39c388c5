import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_pages_are_dutch_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()
    assert "Goed voorbereid samenwerken" in response.content.decode()


def test_english_can_be_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in page and "Work together, well prepared" in page


def test_the_health_probe_answers(client):
    assert client.get(reverse("core:health")).content == b"ok"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_catalogue_is_complete(language):
    catalogues = list(ROOT.glob(f"samenwerkwijzer/**/locale/{language}/LC_MESSAGES/django.po"))
    assert catalogues
    for path in catalogues:
        catalogue = polib.pofile(str(path))
        untranslated = [e.msgid for e in catalogue.untranslated_entries()]
        fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
        assert not untranslated, f"{path}: untranslated {untranslated[:5]}"
        assert not fuzzy, f"{path}: fuzzy {fuzzy[:5]}"


def _check_deploy(extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "APP_PROFILE", "SITE_URL", "EMAIL_URL"}
    }
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_profile_passes_the_deploy_check(tmp_path):
    from testsupport.seal_pki import seal_environment

    result = _check_deploy(
        {
            "APP_PROFILE": "production",
            "SECRET_KEY": "x" * 64 + "-Production-Secret-Key",
            "ALLOWED_HOSTS": "samenwerkwijzer.example.nl",
            "SITE_URL": "https://samenwerkwijzer.example.nl",
            **seal_environment(tmp_path),  # production refuses the self-generated seal
            # and a seal without a trusted timestamp (the address is not called by the check)
            "AGREEMENT_SEAL_TSA_URL": "http://127.0.0.1:9/tsa",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_profile_refuses_to_start_without_a_secret_key():
    result = _check_deploy({"APP_PROFILE": "production", "ALLOWED_HOSTS": "samenwerkwijzer.example.nl"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_production_profile_refuses_debug():
    result = _check_deploy(
        {"APP_PROFILE": "production", "SECRET_KEY": "y" * 70, "ALLOWED_HOSTS": "example.nl", "DEBUG": "1"}
    )
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
