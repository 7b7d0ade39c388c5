import pytest

from samenwerkwijzer.registry.tests.fake_kvk import API_KEY, FakeKvk


@pytest.fixture(autouse=True)
def offline_registry(monkeypatch):
    """Without a key the registry client answers from the directory import, whatever the developer's environment says."""
    for name in ("KVK_API_KEY", "KVK_API_BASE_URL", "ONBOARDING_REGISTRY_BUDGET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_kvk(monkeypatch):
    with FakeKvk(slow_seconds=2.0) as server:
        monkeypatch.setenv("KVK_API_BASE_URL", server.base_url)
        monkeypatch.setenv("KVK_API_KEY", API_KEY)
        monkeypatch.setenv("ONBOARDING_REGISTRY_BUDGET", "0.6")
        yield server
