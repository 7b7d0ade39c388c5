import pytest

from .fake_kvk import API_KEY, FakeKvk


@pytest.fixture
def fake_kvk(monkeypatch):
    with FakeKvk(slow_seconds=1.0) as server:
        monkeypatch.setenv("KVK_API_BASE_URL", server.base_url)
        monkeypatch.setenv("KVK_API_KEY", API_KEY)
        monkeypatch.setenv("KVK_API_TIMEOUT", "0.3")
        monkeypatch.setenv("KVK_API_RETRIES", "3")
        yield server
