"""The token page, through the views: make, see, revoke; and the revocations that follow life."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.integrations import services
from samenwerkwijzer.integrations.models import ApiToken, hash_api_token
from samenwerkwijzer.organisations import services as organisation_services
from samenwerkwijzer.organisations.models import Membership
from testsupport.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/directory/tokens/"


def _raw(response) -> str:
    return re.search(r'id="new-token">(swz_[^<]+)<', response.content.decode()).group(1)


def _in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


class _InDays(int):
    """A date ``days`` from today, worked out when the test runs (not when it is collected: a run
    that crosses midnight in Amsterdam would otherwise test yesterday's dates)."""

    def resolve(self) -> str:
        return _in_days(int(self))


def test_the_page_kept_its_address(client, personas):
    assert reverse("integrations:tokens") == URL
    client.force_login(personas.alice)
    html = client.get(URL).content.decode()
    assert "Persoonlijke API-sleutels" in html and "U hebt geen sleutels." in html
    # The default: 90 days from today, at most API_TOKEN_MAX_DAYS.
    assert f'value="{_in_days(90)}"' in html and f'max="{_in_days(365)}"' in html
    assert "Alpha Bakkerij" in html and "Zonnedak Zwaluwstaart" in html
    assert "Geheim Gerstenat" not in html  # not one of hers


def test_a_read_token_is_shown_once_stored_hashed_and_works(client, personas):
    client.force_login(personas.alice)
    response = client.post(URL, {"name": "Dashboard", "scope": "read", "expires_on": _in_days(30)})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    raw = _raw(response)
    token = ApiToken.objects.get()
    assert token.token_hash == hash_api_token(raw) and token.token_hash not in response.content.decode()
    assert (token.scope, token.organisation, token.collaboration) == ("read", None, None)
    assert token.expires_on == timezone.localdate() + datetime.timedelta(days=30)
    html = response.content.decode()
    assert "Kopieer hem nu" in html and "Leest alles wat u mag zien" in html and "nog nooit gebruikt" in html
    again = client.get(URL).content.decode()
    assert raw not in again and "Dashboard" in again
    assert client.get("/api/v1/directory/search", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_write_token_acts_for_an_organisation_and_a_token_may_be_limited(client, personas):
    p = personas
    client.force_login(p.alice)
    response = client.post(
        URL,
        {
            "name": "Planbord",
            "scope": "write",
            "organisation": p.alpha.pk,
            "collaboration": p.collaboration.pk,
            "expires_on": _in_days(90),
        },
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.scope, token.organisation, token.collaboration) == ("write", p.alpha, p.collaboration)
    assert "Leest en schrijft namens Alpha Bakkerij, alleen in Zonnedak Zwaluwstaart" in response.content.decode()
    client.post(URL, {"name": "Overzicht", "scope": "read", "organisation": p.alpha.pk, "expires_on": _in_days(5)})
    limited = ApiToken.objects.get(name="Overzicht")
    assert (limited.scope, limited.organisation, limited.collaboration) == ("read", p.alpha, None)
    assert "Leest de samenwerkingen van Alpha Bakkerij" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "scope": "read", "expires_on": _InDays(9)}, "name", "Dit veld is verplicht."),
        ({"name": "Bord", "scope": "write", "expires_on": _InDays(9)}, "organisation", "namens wie de sleutel"),
        ({"name": "Bord", "scope": "read", "expires_on": _InDays(0)}, "expires_on", "Kies een datum na vandaag."),
        ({"name": "Bord", "scope": "read", "expires_on": _InDays(-3)}, "expires_on", "Kies een datum na vandaag."),
        ({"name": "Bord", "scope": "read", "expires_on": _InDays(366)}, "expires_on", "hoogstens 365 dagen"),
        ({"name": "Bord", "scope": "read", "expires_on": "morgen"}, "expires_on", "Voer een geldige datum in."),
        ({"name": "Bord", "scope": "admin", "expires_on": _InDays(9)}, "scope", "Selecteer een geldige keuze"),
        (
            {"name": "Bord", "scope": "read", "organisation": "OTHER", "expires_on": _InDays(9)},
            "organisation",
            "Selecteer een geldige keuze",
        ),
        (
            {"name": "Bord", "scope": "read", "collaboration": "OTHER", "expires_on": _InDays(9)},
            "collaboration",
            "Selecteer een geldige keuze",
        ),
    ],
)
def test_bad_input_is_a_field_error_keeps_what_was_typed_and_changes_nothing(client, personas, data, field, message):
    data = {
        key: (personas.delta.pk if key == "organisation" else personas.other_collaboration.pk)
        if value == "OTHER"
        else value.resolve()
        if isinstance(value, _InDays)
        else value
        for key, value in data.items()
    }
    client.force_login(personas.alice)
    response = client.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    assert 'id="new-token"' not in response.content.decode()
    if data["name"]:
        assert f'value="{data["name"]}"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_service_refusal_shows_next_to_the_field(client, personas, monkeypatch):
    """Between showing the form and sending it, the person left the organisation they chose."""
    from samenwerkwijzer.integrations import views

    def refuse(**kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError({"organisation": "Kies een van uw organisaties."})

    monkeypatch.setattr(views.services, "api_token_create", refuse)
    client.force_login(personas.alice)
    response = client.post(
        URL, {"name": "Bord", "scope": "read", "organisation": personas.alpha.pk, "expires_on": _in_days(9)}
    )
    assert response.context["form"].errors == {"organisation": ["Kies een van uw organisaties."]}


def test_expired_tokens_are_shown_as_expired(client, personas):
    token, _raw = services.api_token_create(user=personas.alice, name="Oud script")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(personas.alice)
    html = client.get(URL).content.decode()
    assert "Verlopen" in html


def test_revoke_ones_own_token_and_someone_elses_is_404(client, personas):
    token, _raw = services.api_token_create(user=personas.alice, name="Dashboard")
    services.api_token_create(user=personas.alice, name="Reserve")
    client.force_login(personas.bob)
    assert client.post(reverse("integrations:token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.count() == 2
    client.force_login(personas.alice)
    response = client.post(reverse("integrations:token_revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "De sleutel Dashboard werkt niet meer." in response.content.decode()
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Reserve"]


def test_changing_the_password_revokes_every_token(client, personas):
    services.api_token_create(user=personas.alice, name="a")
    services.api_token_create(user=personas.alice, name="b", scope="write", organisation=personas.alpha)
    services.api_token_create(user=personas.bob, name="c")
    client.force_login(personas.alice)
    new = "Een-heel-nieuw-wachtwoord-2026!"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    personas.alice.refresh_from_db()
    assert personas.alice.check_password(new)
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["c"]


def test_logging_in_revokes_nothing(client, personas):
    services.api_token_create(user=personas.alice, name="a")
    assert client.login(email=personas.alice.email, password=PASSWORD)
    assert ApiToken.objects.count() == 1


def test_leaving_an_organisation_revokes_the_tokens_bound_to_it(personas):
    p = personas
    services.api_token_create(user=p.anna, name="schrijft", scope="write", organisation=p.alpha)
    services.api_token_create(user=p.anna, name="leest alles")
    services.api_token_create(user=p.alice, name="van alice", organisation=p.alpha)
    organisation_services.membership_remove(
        by=Membership.objects.get(user=p.alice, organisation=p.alpha),
        membership=Membership.objects.get(user=p.anna, organisation=p.alpha),
    )
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["leest alles", "van alice"]
