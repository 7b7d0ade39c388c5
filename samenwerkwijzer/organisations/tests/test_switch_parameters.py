"""``organisation=`` on the switch: anything but one of the user's organisations is refused politely."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from samenwerkwijzer.organisations.access import CURRENT_ORGANISATION_SESSION_KEY


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "\u0661", "9" * 400, "-1", "0", "", "1e3", "\x00", str(2**70)])
def test_a_value_that_is_not_an_organisation_changes_nothing(client, personas, value):
    client.force_login(personas.alice)
    response = client.post(reverse("organisations:switch"), {"organisation": value})
    assert response.status_code == 302
    assert CURRENT_ORGANISATION_SESSION_KEY not in client.session
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Kies een van uw organisaties."]


@pytest.mark.django_db
def test_one_of_the_users_organisations_is_switched_to(client, personas):
    client.force_login(personas.alice)
    client.post(reverse("organisations:switch"), {"organisation": str(personas.alpha.pk)})
    assert client.session[CURRENT_ORGANISATION_SESSION_KEY] == personas.alpha.pk


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["\u00b2", "home", "core:home"])
def test_a_next_address_that_is_a_word_is_followed_as_an_address(client, personas, next_url):
    """``redirect()`` would look the text up as a URL name and fail with a 500."""
    client.force_login(personas.alice)
    response = client.post(reverse("organisations:switch"), {"organisation": personas.alpha.pk, "next": next_url})
    assert response.status_code == 302
