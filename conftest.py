import os
import socket

import pytest

from testsupport.factories import make_personas

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def pytest_configure(config):
    from testsupport.live_server import install

    install()  # before any live server starts: one request at a time on in-memory SQLite

    # Every axe check of the browser tests (CheckedPage and the tests that import
    # assert_accessible) runs once per page state in a process: testsupport/axe_cache.py. Patched
    # here, before the test modules are imported.
    from testsupport import axe_cache, browser

    browser.assert_accessible = axe_cache.assert_accessible

    # Every test client builds the middleware chain again on its first request, and WhiteNoise's
    # middleware then listed and stat'ed every static file from the finders (about 200 files, 40-90
    # ms per client; a quarter of the authorization matrix's time). With autorefresh it looks a file
    # up when one is asked for, with the same headers; production (no finders) is unaffected.
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


_axe_counts = {"run": 0, "skipped": 0, "seconds": 0.0}


def pytest_sessionfinish(session):
    from testsupport import axe_cache

    if hasattr(session.config, "workeroutput"):  # an xdist worker: tell the controller
        session.config.workeroutput["axe"] = dict(axe_cache.counts)
    else:
        for name, count in axe_cache.counts.items():
            _axe_counts[name] += count


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for name, count in getattr(node, "workeroutput", {}).get("axe", {}).items():
        _axe_counts[name] += count


def pytest_terminal_summary(terminalreporter):
    run, skipped, seconds = _axe_counts["run"], _axe_counts["skipped"], _axe_counts["seconds"]
    if skipped:
        terminalreporter.write_line(
            f"axe: {run} page states checked in {seconds:.0f} s; {skipped} repeats skipped, "
            f"about {skipped * seconds / run:.0f} s (testsupport/axe_cache.py)"
        )


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
        raise RuntimeError(f"Tests may not use the network (tried {host}).")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Dutch, whatever an earlier test in the same worker activated."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


# The settings every test runs with (the autouse fixtures below; `demo_document` applies the same).
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Background tasks run at once, in the test's own thread (after the commit that queued them).
TEST_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def seal_settings_for_tests(tmp_path_factory) -> dict:
    """Agreements are sealed with a certificate of the test session, never the one in var/."""
    folder = tmp_path_factory.getbasetemp() / "seal"
    folder.mkdir(exist_ok=True)
    return {"AGREEMENT_SIGNING_CERT": str(folder / "cert.pem"), "AGREEMENT_SIGNING_KEY": str(folder / "key.pem")}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Tests of the queue itself and its worker set the database backend (TASKS) themselves."""
    settings.TASKS = TEST_TASKS


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def seal_material(tmp_path_factory, settings):
    for name, value in seal_settings_for_tests(tmp_path_factory).items():
        setattr(settings, name, value)


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory):
    """A real test PKI for this test worker: certificates, and certomancer's TSA, OCSP and CRL
    server running as its own process (testsupport/pki.py)."""
    from testsupport.pki import start_pki

    pki = start_pki(tmp_path_factory.mktemp("pki"))
    yield pki
    pki.stop()


@pytest.fixture
def pki_seal(test_pki, settings):
    """Seal with the test PKI's certificate, chain and TSA, as an operator configures production
    (the variables of its environment, here as the settings settings.py reads from them)."""
    from samenwerkwijzer.agreements import seal_material

    for name, value in test_pki.seal_environment().items():
        setattr(settings, name, value)
    seal_material._signer_cache.clear()
    yield test_pki
    seal_material._signer_cache.clear()


@pytest.fixture(scope="session")
def softhsm_token(test_pki, tmp_path_factory):
    """A SoftHSM2 token holding the test PKI's seal key and certificate, once per test worker
    (testsupport/softhsm.py). SOFTHSM2_CONF is set for the whole worker: libsofthsm2 reads it
    once, when the module is first loaded."""
    from testsupport.softhsm import start_token

    token = start_token(tmp_path_factory.mktemp("softhsm"), test_pki)
    with pytest.MonkeyPatch.context() as worker:
        for name, value in token.environ.items():
            worker.setenv(name, value)
        yield token


@pytest.fixture
def hsm_seal(test_pki, softhsm_token, settings):
    """Seal with the key on the SoftHSM2 token (PKCS#11), the test PKI's chain and TSA."""
    from samenwerkwijzer.agreements import seal_material

    for name in ("AGREEMENT_SEAL_PKCS12", "AGREEMENT_SEAL_KEY", "AGREEMENT_SEAL_CERT"):
        setattr(settings, name, "")
    for name, value in softhsm_token.seal_environment(test_pki).items():
        setattr(settings, name, value)
    seal_material._signer_cache.clear()
    yield softhsm_token
    seal_material._signer_cache.clear()


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    """Uploads (e.g. signatory extracts) never land in var/media during tests."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture(scope="module")
def demo_document(django_db_setup, django_db_blocker, tmp_path_factory):
    """``seed_demo --json`` run once for the tests of a module that ask for it (its printed document),
    inside a transaction rolled back after the module: each test's own transaction is a savepoint
    within it, so every test starts from the same freshly seeded demo and changes nothing for the
    next. Seeding takes 3-5 s; once per module instead of once per test. The settings are those the
    autouse fixtures above give every test (the same password hasher, tasks at once, no rate limits,
    the session's seal material, media in a temporary folder)."""
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    test_settings = override_settings(
        PASSWORD_HASHERS=TEST_PASSWORD_HASHERS,
        TASKS=TEST_TASKS,
        ACCOUNT_RATE_LIMITS=False,
        **seal_settings_for_tests(tmp_path_factory),
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
    )
    with django_db_blocker.unblock(), test_settings, translation.override("nl"):
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as Django's TestCase marks its own: durable blocks inside stay allowed
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", "--json", stdout=out)
            yield json.loads(out.getvalue())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the live server's
    # ORM calls happen in another thread, so Django's async guard does not apply.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from testsupport.browser import CHROMIUM_ARGS, chromium_executable

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, so a fixture can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(browser, live_server, settings, request):
    """A factory of fresh browser sessions (one per person) whose navigations are checked with axe."""
    from testsupport.browser import CheckedPage

    settings.SITE_URL = live_server.url  # links in mail come from SITE_URL: the server under test
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return CheckedPage(context.new_page(), live_server.url)

    yield make
    call = getattr(request.node, "report_call", None)
    failed = call is None or call.failed
    for index, context in enumerate(contexts):
        # When a browser test fails: a picture of where each person was (var/e2e-last-N.png).
        if failed:
            for page in context.pages:
                page.screenshot(path=f"var/e2e-last-{index}.png", full_page=True)
        context.close()


@pytest.fixture
def api_token_for(db):
    """``make(user, *, scope="read", organisation=None, collaboration=None)`` → a working raw API token.

    A write token needs the organisation it acts for (one of the user's)."""
    from samenwerkwijzer.integrations.services import api_token_create

    def make(user, *, scope="read", organisation=None, collaboration=None) -> str:
        _token, raw = api_token_create(
            user=user, name="test", scope=scope, organisation=organisation, collaboration=collaboration
        )
        return raw

    return make


@pytest.fixture
def receiver(tmp_path, settings, monkeypatch):
    """A webhook receiver: an HTTPS server on 127.0.0.1 with a certificate from its own test CA
    (testsupport/https_receiver.py), trusted by the deliveries, and 127.0.0.1/32 allowed as the
    tests' WEBHOOK_ALLOWED_NETWORKS."""
    from samenwerkwijzer.webhooks import delivery
    from testsupport.https_receiver import start_receiver

    running = start_receiver(tmp_path / "receiver")
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.WEBHOOK_TIMEOUT = 5
    monkeypatch.setattr(delivery, "TLS_VERIFY", str(running.ca_file))
    yield running
    running.stop()


# Host names the tests resolve themselves (no DNS in tests).
FAKE_DNS = {
    "hooks.example.test": "127.0.0.1",
    "inside.example.test": "10.1.2.3",
    "public.example.test": "203.0.113.10",  # TEST-NET-3: not global either, see test_guard
}


@pytest.fixture
def fake_dns(monkeypatch):
    """Host names the webhook tests resolve themselves (no DNS in tests); a test may change its copy."""
    names = dict(FAKE_DNS)  # a test may change its own copy

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return _real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run ``fn`` and then what it queued for after the commit (the tasks), as a real commit does."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
