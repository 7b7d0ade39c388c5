import json

import pytest
from django.urls import reverse

from samenwerkwijzer.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _form(url, **extra):
    return {"name": "Teams-kanaal", "url": url, "format": "teams", "events": ["meeting.planned"]} | extra


def _endpoint(personas, url="https://hooks.example.com/x", **kwargs):
    return WebhookEndpoint.objects.create(
        collaboration=personas.collaboration, name="Kanaal", url=url, events=["meeting.planned"], **kwargs
    )


def test_lead_adds_a_webhook_and_sees_its_secret(client, personas, receiver):
    client.force_login(personas.alice)
    pk = personas.collaboration.pk
    assert "Webhook toevoegen" in client.get(reverse("webhooks:list", args=[pk])).content.decode()
    response = client.post(reverse("webhooks:create", args=[pk]), _form(receiver.url("hooks.example.test")))
    endpoint = WebhookEndpoint.objects.get()
    assert response.url == reverse("webhooks:detail", args=[pk, endpoint.pk])
    assert (endpoint.format, endpoint.events, endpoint.created_by) == ("teams", ["meeting.planned"], personas.alice)
    page = client.get(response.url).content.decode()
    assert endpoint.secret in page and "Test versturen" in page
    listing = client.get(reverse("webhooks:list", args=[pk])).content.decode()
    assert "Teams-kanaal" in listing and "Nog niets verstuurd" in listing


@pytest.mark.parametrize(
    ("url", "field_error"),
    [
        ("http://hooks.example.com/x", "Gebruik een adres dat begint met https://."),
        ("https://inside.example.test/x", "privé- of lokaal netwerk"),
        ("https://127.0.0.1/x", "privé- of lokaal netwerk"),
    ],
)
def test_form_refuses_unsafe_addresses_next_to_the_field(client, personas, url, field_error, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    client.force_login(personas.alice)
    response = client.post(reverse("webhooks:create", args=[personas.collaboration.pk]), _form(url))
    assert response.status_code == 200
    assert field_error in response.content.decode() and url in response.content.decode()  # what was typed stays
    assert not WebhookEndpoint.objects.exists()


def test_form_needs_an_event(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        reverse("webhooks:create", args=[personas.collaboration.pk]), _form("https://8.8.8.8/", events=[])
    )
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()


def test_lead_changes_switches_off_and_removes(client, personas):
    endpoint = _endpoint(personas, url="https://8.8.8.8/a")
    client.force_login(personas.alice)
    pk = personas.collaboration.pk
    edit = reverse("webhooks:edit", args=[pk, endpoint.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _form("https://8.8.4.4/b", name="Nieuw", format="slack"))  # active unchecked: off
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.url, endpoint.format, endpoint.active) == (
        "Nieuw",
        "https://8.8.4.4/b",
        "slack",
        False,
    )
    # A refused address when changing: nothing changes.
    response = client.post(edit, _form("https://10.0.0.1/", name="Anders", active="on"))
    endpoint.refresh_from_db()
    assert response.status_code == 200 and endpoint.name == "Nieuw"
    # Switched off: the test button says so and sends nothing.
    response = client.post(reverse("webhooks:test", args=[pk, endpoint.pk]), follow=True)
    assert "staat uit" in response.content.decode() and not WebhookDelivery.objects.exists()
    delete = reverse("webhooks:delete", args=[pk, endpoint.pk])
    assert "Ja, verwijderen" in client.get(delete).content.decode()
    assert client.post(delete).url == reverse("webhooks:list", args=[pk])
    assert not WebhookEndpoint.objects.exists()


def test_test_button_sends_a_ping_through_the_same_path(client, personas, receiver, committed):
    endpoint = _endpoint(personas, url=receiver.url("hooks.example.test"), format="slack")
    client.force_login(personas.alice)
    pk = personas.collaboration.pk
    response = committed(client.post, reverse("webhooks:test", args=[pk, endpoint.pk]))
    assert response.url == reverse("webhooks:detail", args=[pk, endpoint.pk])
    sent = WebhookDelivery.objects.get()
    assert (sent.event, sent.status, sent.response_status) == ("ping", "delivered", 200)
    [request] = receiver.requests
    assert request.headers["X-Samenwerkwijzer-Event"] == "ping"
    assert "Deze webhook werkt" in json.loads(request.body)["text"]
    page = client.get(response.url).content.decode()
    assert "Testbericht <code>ping</code>" in page and "Afgeleverd" in page
    assert "Afgeleverd" in client.get(reverse("webhooks:list", args=[pk])).content.decode()


def test_endpoint_of_another_collaboration_is_not_found(client, personas):
    other = WebhookEndpoint.objects.create(
        collaboration=personas.other_collaboration, name="x", url="https://8.8.8.8/", events=["meeting.planned"]
    )
    client.force_login(personas.alice)
    assert client.get(reverse("webhooks:detail", args=[personas.collaboration.pk, other.pk])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("olivia", 403), ("charlie", 404)])
def test_only_the_lead_sees_the_webhooks(client, personas, who, status):
    endpoint = _endpoint(personas)
    client.force_login(getattr(personas, who))
    pk = personas.collaboration.pk
    assert client.get(reverse("webhooks:list", args=[pk])).status_code == status
    response = client.get(reverse("webhooks:detail", args=[pk, endpoint.pk]))
    assert response.status_code == status
    assert (endpoint.secret in response.content.decode()) == (status == 200)


def test_settings_link_for_the_lead_only(client, personas):
    url = reverse("webhooks:list", args=[personas.collaboration.pk])
    client.force_login(personas.alice)
    assert url in client.get(reverse("collaborations:edit", args=[personas.collaboration.pk])).content.decode()


def test_service_refuses_unknown_events(personas):
    """An API caller (not the form, whose checkboxes offer only known events) gets the same rule."""
    from django.core.exceptions import ValidationError

    from samenwerkwijzer.collaborations.access import get_collaboration_for_user
    from samenwerkwijzer.webhooks import services

    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, lead=True)
    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(
            access=access, actor=personas.alice, name="x", url="https://8.8.8.8/", format="json", events=["nope"]
        )
    assert "events" in refused.value.message_dict and not WebhookEndpoint.objects.exists()


def test_the_list_shows_each_last_delivery_in_as_many_queries_for_one_endpoint_as_for_many(
    client, personas, django_assert_max_num_queries
):
    def deliver(endpoint, event_id, status):
        return WebhookDelivery.objects.create(
            endpoint=endpoint, event="meeting.planned", event_id=event_id, payload={}, status=status
        )

    client.force_login(personas.alice)
    url = reverse("webhooks:list", args=[personas.collaboration.pk])
    first = _endpoint(personas)
    deliver(first, "a", WebhookDelivery.Status.DELIVERED)
    client.get(url)  # the first request of a session does more (the session, the acting organisation)
    with django_assert_max_num_queries(30) as one:
        client.get(url)

    newest = {first.pk: deliver(first, "b", WebhookDelivery.Status.FAILED)}
    for number in range(4):
        endpoint = WebhookEndpoint.objects.create(
            collaboration=personas.collaboration, name=f"Kanaal {number}", url="https://hooks.example.com/x"
        )
        deliver(endpoint, "a", WebhookDelivery.Status.FAILED)
        newest[endpoint.pk] = deliver(endpoint, "b", WebhookDelivery.Status.DELIVERED)
    silent = WebhookEndpoint.objects.create(collaboration=personas.collaboration, name="Stil", url="https://8.8.8.8/")
    with django_assert_max_num_queries(len(one)):
        response = client.get(url)
    shown = {e.pk: e.last_delivery for e in response.context["endpoints"]}
    assert shown == {**newest, silent.pk: None}
    assert "Nog niets verstuurd" in response.content.decode()
