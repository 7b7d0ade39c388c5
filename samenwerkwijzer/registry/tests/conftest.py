import pytest

from .fake_cir import PASSWORD, USERNAME, FakeCir
from .fake_kvk import API_KEY, FakeKvk


@pytest.fixture(autouse=True)
def no_cir_account(settings):
    """The CIR is asked only in tests that start the fake one, whatever the developer's environment says."""
    for name in ("CIR_URL", "CIR_USERNAME", "CIR_PASSWORD"):
        setattr(settings, name, "")


@pytest.fixture
def fake_kvk(settings):
    with FakeKvk(slow_seconds=1.0) as server:
        settings.KVK_API_BASE_URL = server.base_url
        settings.KVK_API_KEY = API_KEY
        settings.KVK_API_TIMEOUT = "0.3"
        settings.KVK_API_RETRIES = "3"
        yield server


@pytest.fixture
def fake_cir(settings):
    with FakeCir(slow_seconds=1.0) as server:
        settings.CIR_URL = server.url
        settings.CIR_USERNAME = USERNAME
        settings.CIR_PASSWORD = PASSWORD
        yield server
