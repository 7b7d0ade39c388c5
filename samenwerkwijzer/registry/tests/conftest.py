import pytest

from .fake_cir import PASSWORD, USERNAME, FakeCir
from .fake_kvk import API_KEY, FakeKvk


@pytest.fixture(autouse=True)
def no_cir_account(monkeypatch):
    """The CIR is asked only in tests that start the fake one, whatever the developer's environment says."""
    for name in ("CIR_URL", "CIR_USERNAME", "CIR_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_kvk(monkeypatch):
    with FakeKvk(slow_seconds=1.0) as server:
        monkeypatch.setenv("KVK_API_BASE_URL", server.base_url)
        monkeypatch.setenv("KVK_API_KEY", API_KEY)
        monkeypatch.setenv("KVK_API_TIMEOUT", "0.3")
        monkeypatch.setenv("KVK_API_RETRIES", "3")
        yield server


@pytest.fixture
def fake_cir(monkeypatch):
    with FakeCir(slow_seconds=1.0) as server:
        monkeypatch.setenv("CIR_URL", server.url)
        monkeypatch.setenv("CIR_USERNAME", USERNAME)
        monkeypatch.setenv("CIR_PASSWORD", PASSWORD)
        yield server
