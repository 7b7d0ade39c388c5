import pytest

from samenwerkwijzer.registry.tests.fake_kvk import API_KEY, FakeKvk


@pytest.fixture(autouse=True)
def offline_registry(settings):
    """Without a key the registry client answers from the directory import, whatever the developer's environment says."""
    for name in ("KVK_API_KEY", "KVK_API_BASE_URL", "ONBOARDING_REGISTRY_BUDGET"):
        setattr(settings, name, "")


@pytest.fixture
def fake_kvk(settings):
    with FakeKvk(slow_seconds=2.0) as server:
        settings.KVK_API_BASE_URL = server.base_url
        settings.KVK_API_KEY = API_KEY
        settings.ONBOARDING_REGISTRY_BUDGET = "0.6"
        yield server
