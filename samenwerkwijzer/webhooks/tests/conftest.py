import pytest


@pytest.fixture(autouse=True)
def names_resolve_here(fake_dns):
    """Every webhook test resolves the test host names itself (the root conftest's fake_dns)."""
    return fake_dns
