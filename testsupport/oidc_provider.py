"""A real OpenID Connect provider for tests: ``oidc-provider-mock`` started as its own server process.

One process per test worker (started on first use, stopped when the worker ends), on a free port of
127.0.0.1. Its HTTP API sets a user's claims (``PUT /users/<sub>``); its authorization form is
submitted without a browser (``POST`` to the authorization URL with ``sub``, or ``action=deny``).
The provider signs its ID tokens with its own key and publishes it at ``/jwks``; every claim set on
a user goes into the ID token and the userinfo (even ``iss`` or ``nonce``, which lets a test bring
about a token from the wrong issuer or for another request).

Beside it: ``RecordingProxy`` (forwards to the provider and keeps every request, e.g. to read the
PKCE verifier of the token request) and ``SilentServer`` (accepts connections and never answers:
a slow broker).
"""

import atexit
import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests

from testsupport.local_server import LocalServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OidcProvider:
    """The provider process. ``origin`` is also its issuer (it names itself after the Host header)."""

    def __init__(self, *, startup_timeout: float = 30.0):
        self.port = _free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="oidc-provider-", suffix=".log", delete=False)  # noqa: SIM115
        env = {**os.environ, "NO_COLOR": "1", "PYTHONWARNINGS": "ignore"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + startup_timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"oidc-provider-mock exited; see {self.log.name}")
            try:
                if requests.get(f"{self.origin}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"oidc-provider-mock did not start in time; see {self.log.name}")
            time.sleep(0.05)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def set_user(self, sub: str, claims: dict, *, via: str | None = None) -> None:
        """Give the user ``sub`` exactly these claims (they replace earlier ones)."""
        response = requests.put(f"{via or self.origin}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def authorize(self, authorization_url: str, sub: str) -> str:
        """Submit the authorization form as ``sub``; returns where the provider sends the browser back."""
        response = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def deny(self, authorization_url: str) -> str:
        """Press "Deny" on the authorization form; returns the redirect back (with error=access_denied)."""
        response = requests.post(authorization_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


_shared: OidcProvider | None = None
_shared_lock = threading.Lock()


def shared_provider() -> OidcProvider:
    """The provider of this process (test worker), started on first use and stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.process.poll() is not None:
            _shared = OidcProvider()
            atexit.register(_shared.stop)
        return _shared


@pytest.fixture(scope="session")
def oidc_provider() -> OidcProvider:
    """A running oidc-provider-mock; one per test worker, shared by every test module that uses it."""
    return shared_provider()


def path_of(url: str) -> str:
    """The path and query of a URL, for Django's test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict
    body: bytes


class RecordingProxy(LocalServer):
    """Forwards every request to ``upstream`` with the original Host header (so the provider names
    the proxy as its issuer and endpoints) and keeps each request in ``requests``.

    ``keep_host=False`` sends the upstream's own Host instead (the provider then names itself, not
    the proxy); ``rewrite(path, payload)`` may change a response body on its way back."""

    HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}

    def __init__(self, upstream: str, *, keep_host: bool = True, rewrite=None):
        super().__init__()
        self.target = urlsplit(upstream)
        self.keep_host = keep_host
        self.rewrite = rewrite
        self.requests: list[RecordedRequest] = []

    def handle(self, method, path, headers, body):
        forwarded = {k: v for k, v in headers.items() if k.lower() not in {"connection", "keep-alive"}}
        if not self.keep_host:
            forwarded = {k: v for k, v in forwarded.items() if k.lower() != "host"}
        self.requests.append(RecordedRequest(method, path, forwarded, body))
        connection = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=10)
        try:
            connection.request(method, path, body=body or None, headers=forwarded)
            upstream_response = connection.getresponse()
            payload = upstream_response.read()
        finally:
            connection.close()
        if self.rewrite is not None:
            payload = self.rewrite(path, payload)
        response_headers = [
            (name, value) for name, value in upstream_response.getheaders() if name.lower() not in self.HOP_BY_HOP
        ]
        return upstream_response.status, response_headers, payload


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never answers: a broker that hangs."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        self.socket.settimeout(0.1)
        while not self.stopped.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                connection, _address = self.socket.accept()
                self.connections.append(connection)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(2)
        for connection in self.connections:
            connection.close()
        self.socket.close()
