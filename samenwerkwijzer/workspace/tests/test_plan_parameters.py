"""``?year=`` on the work plan: a typed-in address with a wrong year gets the page and a message, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.workspace.models import WorkGoal


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["²", "١٢", "9" * 400, "-2026", "0", "10000", "2026.0", " 2026", "\uff12\uff10\uff12\uff16"]
)
def test_a_year_that_is_not_one_shows_this_year_with_a_message(client, personas, value):
    client.force_login(personas.alice)
    response = client.get(reverse("workspace:plan", args=[personas.collaboration.pk]), {"year": value})
    assert response.status_code == 400
    assert response.context["year"] == timezone.localdate().year
    page = response.content.decode()
    assert 'id="plan-year-error"' in page and 'aria-describedby="plan-year-error"' in page
    assert "Kies een jaar uit de lijst." in page


@pytest.mark.django_db
def test_a_year_from_the_list_is_shown(client, personas):
    WorkGoal.objects.create(collaboration=personas.collaboration, year=2030, title="Zonnepanelen op alle daken")
    client.force_login(personas.alice)
    url = reverse("workspace:plan", args=[personas.collaboration.pk])
    response = client.get(url, {"year": "2030"})
    assert response.status_code == 200 and response.context["year"] == 2030
    assert "Zonnepanelen op alle daken" in response.content.decode()
    assert 'id="plan-year-error"' not in response.content.decode()
    assert client.get(url, {"year": ""}).context["year"] == timezone.localdate().year
