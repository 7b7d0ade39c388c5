"""``next`` on the shortlist change: a text that is no address is followed as one, never a 500."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["\u00b2", "home"])
def test_a_next_address_that_is_a_word_does_not_break_the_shortlist(client, personas, next_url):
    client.force_login(personas.alice)
    url = reverse("directory:collaboration_shortlist_change", args=[personas.collaboration.pk])
    response = client.post(url, {"next": next_url})
    assert response.status_code == 302
