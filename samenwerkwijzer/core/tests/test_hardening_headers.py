"""Security headers on every kind of response, and templates that need no inline script or style."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def csp_directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def assert_hardened(response):
    assert csp_directives(response) == EXPECTED_CSP
    assert "unsafe" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_page_carries_the_security_headers(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert_hardened(response)
    assert response["X-Frame-Options"] == "DENY"


def test_a_json_api_response_carries_the_security_headers(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert_hardened(response)


def test_a_file_download_carries_the_security_headers(client, personas):
    from samenwerkwijzer.collaborations.access import get_collaboration_for_user
    from samenwerkwijzer.workspace import services

    meeting = services.meeting_create(
        access=get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True),
        title="Kwartaaloverleg",
        starts_at=timezone.now() + timedelta(days=7),
        duration_minutes=60,
        location="Breukelen",
        online_link="",
        free_items=[],
    )
    client.force_login(personas.alice)
    response = client.get(reverse("workspace:meeting_ics", args=[personas.collaboration.pk, meeting.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert_hardened(response)


def test_the_health_probe_and_error_pages_carry_the_policy_too(client):
    assert_hardened(client.get(reverse("core:health_live")))
    assert_hardened(client.get("/no-such-page/"))


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    page = client.get(reverse("core:home")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert config and json.loads(config.group(1)) == {"includeIndicatorStyles": False, "allowEval": False}


def _served_templates():
    for path in ROOT.glob("samenwerkwijzer/**/templates/**/*.html"):
        # PDF templates are rendered by WeasyPrint on the server, never served to a browser.
        if "pdf" not in path.name and "/pdf" not in str(path):
            yield path


def test_no_template_needs_inline_script_or_style():
    offenders = []
    for path in _served_templates():
        text = path.read_text()
        if re.search(r"<style\b", text) or re.search(r"\sstyle\s*=", text):
            offenders.append(f"{path}: inline style")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path}: inline script {tag}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text) or "javascript:" in text:
            offenders.append(f"{path}: inline event handler")
    assert not offenders, "\n".join(offenders)


def test_form_action_allows_the_configured_identity_providers(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "EHERKENNING_"))}
    env.update(
        VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="samenwerkwijzer.settings",
        EHERKENNING_ISSUER="https://broker.example.nl/oidc/",
        OIDC_SERVER_URL="https://login.example.org:8443/realms/ondernemers",
        OIDC_CLIENT_ID="app",
        OIDC_CLIENT_SECRET="secret",
    )
    script = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    result = subprocess.run(  # noqa: S603 (this Python, a fixed script)
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(["'self'", "https://broker.example.nl", "https://login.example.org:8443"])


@pytest.mark.e2e
def test_the_browser_reports_no_policy_violation_and_would_catch_one(new_page):
    page = new_page()
    page.goto("/")  # base.html loads htmx, which would add an inline <style> unless told not to
    assert page.page.evaluate("window.htmx && htmx.config.includeIndicatorStyles") is False
    page.page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')")
    with pytest.raises(AssertionError, match="Content Security Policy"):
        page.check()


@override_settings(ROOT_URLCONF="samenwerkwijzer.core.tests.test_logging")
def test_the_error_page_takes_its_style_from_a_static_file(client):
    client.raise_request_exception = False
    page = client.get("/boom/")
    assert page.status_code == 500 and 'href="/static/css/error.css"' in page.content.decode()
    assert_hardened(page)
    assert (ROOT / "samenwerkwijzer/static/css/error.css").read_text().count("{") >= 2
