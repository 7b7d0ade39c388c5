import pytest

from .factories import network_personas


@pytest.fixture
def net(personas):
    """The network personas (factories.py): alice coordinates, bob is a member, dave elsewhere."""
    return network_personas(personas)
