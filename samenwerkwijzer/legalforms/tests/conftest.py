import pytest
from django.core.cache import cache


@pytest.fixture
def empty_cache(db):
    """The API's rate limit counts in the (database) cache; start and end with a clean count."""
    cache.clear()
    yield
    cache.clear()
