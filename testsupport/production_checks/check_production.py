"""The production set-up as documented, seen from outside: through nginx over TLS."""

import mailbox
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from .conftest import (
    CA,
    REPO,
    UPLOAD_RECORD,
    django_facts,
    environment_from,
    extract_upload_url,
    https_session,
    log_in,
    upload_extract,
)

MAILDIR = os.environ.get("PRODUCTION_MAILDIR", "")


def test_pages_come_over_tls_with_the_security_headers(site):
    response = https_session().get(f"{site}/accounts/login/")
    assert response.status_code == 200
    headers = response.headers
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert headers.get("X-Frame-Options") == "DENY" or "frame-ancestors 'none'" in headers.get(
        "Content-Security-Policy", ""
    )
    assert "Secure" in headers["Set-Cookie"]  # the CSRF cookie only travels over HTTPS
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Request-ID"]


def test_plain_http_is_not_served_by_the_app(site):
    # nginx listens for TLS only; a plain request to the TLS port is refused by nginx, not answered by Django.
    import requests

    response = requests.get(site.replace("https://", "http://") + "/", timeout=5)
    assert response.status_code == 400


def test_static_files_are_served(site):
    session = https_session()
    page = session.get(f"{site}/accounts/login/")
    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page.text)
    stylesheets += re.findall(r'<link[^>]+href="([^"]+\.css)"', page.text)
    assert stylesheets, "the page links no stylesheet"
    for href in set(stylesheets):
        response = session.get(href if href.startswith("http") else site + href)
        assert response.status_code == 200, href
        assert response.headers["Content-Type"].startswith("text/css")


def test_health(site):
    session = https_session()
    assert session.get(f"{site}/health/").status_code == 200
    assert session.get(f"{site}/health/live").status_code == 200
    ready = session.get(f"{site}/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ok"


def wait_for_mail(to: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mailbox.Maildir(MAILDIR, create=False):
            if to in message["To"]:
                part = message.get_body(("plain",)) if hasattr(message, "get_body") else None
                payload = (part or message).get_payload(decode=True)
                if payload is None:  # multipart: take the text part
                    payload = next(
                        p.get_payload(decode=True) for p in message.walk() if p.get_content_type() == "text/plain"
                    )
                return payload.decode(message.get_content_charset() or "utf-8")
        time.sleep(0.3)
    raise AssertionError(f"no mail to {to} arrived through SMTP within {timeout} s")


def browser_home_trusting_the_test_ca() -> Path:
    """A HOME whose NSS database trusts the test root: Chromium checks the proxy's certificate."""
    home = Path(tempfile.mkdtemp(prefix="chromium-home-"))
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{nssdb}", "--empty-password"], check=True)
    subprocess.run(["certutil", "-A", "-n", "test-root", "-t", "C,,", "-i", CA, "-d", f"sql:{nssdb}"], check=True)
    return home


def test_a_person_signs_up_through_the_proxy_gets_the_mail_by_smtp_and_logs_in_again(site):
    from playwright.sync_api import sync_playwright

    from testsupport.browser import CHROMIUM_ARGS, chromium_executable

    email = f"productie-{int(time.time())}@example.org"
    password = "Een-sterk-wachtwoord-2026"
    home = browser_home_trusting_the_test_ca()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS, env={**os.environ, "HOME": str(home)}
        )
        page = browser.new_page()
        page.goto(f"{site}/accounts/signup/")
        page.fill("input[name=email]", email)
        page.fill("input[name=full_name]", "Pim Productie")
        page.fill("input[name=job_title]", "Eigenaar")
        page.fill("input[name=password1]", password)
        page.fill("input[name=password2]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

        body = wait_for_mail(email)
        link = re.search(r"https://\S+", body).group(0)
        assert link.startswith(site + "/"), f"the link in the mail does not lead to SITE_URL: {link}"
        page.goto(link)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert "/accounts/confirm-email/" not in page.url

        context = browser.new_context()  # a fresh browser session: log in again
        again = context.new_page()
        again.goto(f"{site}/accounts/login/")
        again.fill("input[name=login]", email)
        again.fill("input[name=password]", password)
        again.click("main form button[type=submit]")
        again.wait_for_load_state()
        assert "/accounts/login/" not in again.url
        assert again.context.cookies()[0]["secure"]
        browser.close()


def test_an_organisation_uploads_its_extract_through_the_proxy(site):
    """A file in VAR_DIR, written through the whole stack, for the backup to carry."""
    import hashlib

    from weasyprint import HTML

    session = https_session()
    log_in(session, "charlie@example.org")
    pdf = HTML(string="<h1>Uittreksel Handelsregister</h1><p>Bouwadvies Jansen</p>").write_pdf()
    assert upload_extract(session, extract_upload_url(site), pdf, "uittreksel.pdf"), "the upload was not accepted"
    stored = django_facts(
        os.environ["PRODUCTION_ENV_FILE"],
        "from samenwerkwijzer.verification.models import ExtractSubmission\n"
        "s = ExtractSubmission.objects.exclude(extract='').latest('pk')\n"
        "facts = {'sha256': __import__('hashlib').sha256(s.extract.read()).hexdigest()}",
    )
    assert stored["sha256"] == hashlib.sha256(pdf).hexdigest()
    (Path(os.environ["PRODUCTION_WORK"]) / UPLOAD_RECORD).write_text(stored["sha256"])


RETENTION_TASKS = """
from django_tasks_db.models import DBTaskResult
facts = {str(r.id): r.status for r in DBTaskResult.objects.filter(
    task_path="samenwerkwijzer.privacy.tasks.clean_up_expired_data")}
"""


def test_the_worker_carries_out_the_retention_clean_up_the_scheduled_jobs_queue(site):
    """The jobs unit queues the clean-up; the worker unit (db_worker, as documented) carries it out."""
    env_file = os.environ["PRODUCTION_ENV_FILE"]
    before = set(django_facts(env_file, RETENTION_TASKS))
    jobs = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "manage.py", "run_scheduled_jobs"],
        cwd=REPO,
        env=environment_from(env_file),
        capture_output=True,
        text=True,
    )
    assert jobs.returncode == 0, jobs.stdout + jobs.stderr
    assert "retention clean-up queued: 1" in jobs.stdout
    deadline = time.monotonic() + 60
    while True:
        statuses = {pk: status for pk, status in django_facts(env_file, RETENTION_TASKS).items() if pk not in before}
        assert len(statuses) == 1, statuses
        if list(statuses.values()) == ["SUCCESSFUL"] or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert list(statuses.values()) == ["SUCCESSFUL"], "the worker did not carry out the queued clean-up"
