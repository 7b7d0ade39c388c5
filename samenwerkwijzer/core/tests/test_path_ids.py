"""core/path_ids.py: an id in the address larger than any database integer is a 404, not a 500."""

import pytest
from django.urls import reverse

from samenwerkwijzer.lib.params import MAX_ID


@pytest.mark.django_db
@pytest.mark.parametrize("number", [MAX_ID + 1, 10**30])
def test_an_id_no_database_can_hold_is_not_found(client, personas, number):
    client.force_login(personas.alice)
    assert client.get(reverse("organisations:detail", args=[number])).status_code == 404
    assert client.get(reverse("workspace:plan", args=[number])).status_code == 404


@pytest.mark.django_db
def test_the_largest_id_is_looked_up_as_usual(client, personas):
    client.force_login(personas.alice)
    assert client.get(reverse("organisations:detail", args=[MAX_ID])).status_code == 404
    assert client.get(reverse("organisations:detail", args=[personas.alpha.pk])).status_code == 200
