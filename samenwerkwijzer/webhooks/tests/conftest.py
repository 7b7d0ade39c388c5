import socket

import pytest

from samenwerkwijzer.webhooks import delivery
from testsupport.https_receiver import start_receiver

_real_getaddrinfo = socket.getaddrinfo

# Host names the tests resolve themselves (no DNS in tests).
FAKE_DNS = {
    "hooks.example.test": "127.0.0.1",
    "inside.example.test": "10.1.2.3",
    "public.example.test": "203.0.113.10",  # TEST-NET-3: not global either, see test_guard
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch):
    names = dict(FAKE_DNS)  # a test may change its own copy

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return _real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def receiver(tmp_path, settings, monkeypatch):
    """The HTTPS receiver on 127.0.0.1, trusted, and 127.0.0.1/32 allowed as the tests' setting."""
    running = start_receiver(tmp_path / "receiver")
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.WEBHOOK_TIMEOUT = 5
    monkeypatch.setattr(delivery, "TLS_VERIFY", str(running.ca_file))
    yield running
    running.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run ``fn`` and then what it queued for after the commit (the tasks), as a real commit does."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
