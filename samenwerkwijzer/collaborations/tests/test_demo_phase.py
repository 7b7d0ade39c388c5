"""The demo collaboration with a signed letter of intent and agreement is past "Partner vinden"."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from samenwerkwijzer.collaborations import selectors
from samenwerkwijzer.collaborations.models import Collaboration, Phase

pytestmark = pytest.mark.django_db


def test_the_signed_demo_collaboration_no_longer_shows_find_a_partner(client):
    call_command("seed_demo", "--json", stdout=StringIO())
    collaboration = Collaboration.objects.get(name="Broodroute Vechtstreek")
    # The seed still sets "find a partner" by hand; the signed documents have long passed it.
    assert collaboration.phase == Phase.FIND_PARTNER
    state = selectors.phase_state(collaboration)
    assert state.current == Phase.LEGAL_FORM and not state.overridden
    client.force_login(collaboration.created_by)
    page = client.get(reverse("collaborations:dashboard", args=[collaboration.pk])).content.decode()
    assert "Huidige fase: <strong>Rechtsvorm</strong>" in page
    assert "Huidige fase: <strong>Partner vinden</strong>" not in page
    home = client.get(reverse("core:home")).content.decode()
    card = home.split("Broodroute Vechtstreek</a></h3>", 1)[1].split("</li>", 1)[0]
    assert "Fase: Rechtsvorm" in card
