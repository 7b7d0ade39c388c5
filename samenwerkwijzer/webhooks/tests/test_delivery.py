import json
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samenwerkwijzer.webhooks import delivery, events, formats, guard
from samenwerkwijzer.webhooks.models import WebhookDelivery, WebhookEndpoint
from samenwerkwijzer.webhooks.retention import remove_old_deliveries

pytestmark = pytest.mark.django_db


def _endpoint(personas, url, **kwargs):
    values = {"name": "Kanaal", "format": "json", "events": [events.MEETING_PLANNED]} | kwargs
    return WebhookEndpoint.objects.create(collaboration=personas.collaboration, url=url, **values)


def test_event_is_signed_and_verifies_with_the_secret_only(personas, receiver, committed):
    endpoint = _endpoint(personas, receiver.url("hooks.example.test"))
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {"title": "Overleg", "url": "https://x/1"})

    [request] = receiver.requests
    sent = WebhookDelivery.objects.get()
    assert sent.status == "delivered" and sent.response_status == 200 and sent.attempts == 1
    assert request.headers["Host"] == f"hooks.example.test:{receiver.port}"
    assert request.headers["X-Samenwerkwijzer-Event"] == "meeting.planned"
    assert request.headers["X-Samenwerkwijzer-Delivery"] == str(sent.pk)
    body = json.loads(request.body)
    assert body["event"] == "meeting.planned" and body["data"]["title"] == "Overleg"
    assert body["collaboration"] == {"id": personas.collaboration.pk, "name": personas.collaboration.name}
    header = request.headers["X-Samenwerkwijzer-Signature"]
    assert delivery.verify(endpoint.secret, header, request.body)
    assert not delivery.verify("whsec_other", header, request.body)
    assert not delivery.verify(endpoint.secret, header, request.body + b" ")
    # A replay later than five minutes is refused by the receiver's timestamp check.
    assert not delivery.verify(endpoint.secret, header, request.body, now=int(time.time()) + 301)
    assert not delivery.verify(endpoint.secret, "garbage", request.body)


def test_only_active_subscribed_endpoints_get_the_event(personas, receiver, committed):
    _endpoint(personas, receiver.url("hooks.example.test"), events=[events.ROUND_REVEALED])
    _endpoint(personas, receiver.url("hooks.example.test"), active=False)
    _endpoint(personas, receiver.url("hooks.example.test"))
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    assert WebhookDelivery.objects.count() == 1 and len(receiver.requests) == 1


def test_retries_with_backoff_after_a_500_then_delivered(personas, receiver, committed):
    _endpoint(personas, receiver.url("hooks.example.test"))
    receiver.answers = [500, 503]
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    sent = WebhookDelivery.objects.get()
    assert (sent.status, sent.attempts, sent.response_status, sent.error) == ("pending", 1, 500, "HTTP 500")
    assert timedelta(seconds=50) < sent.next_attempt_at - timezone.now() <= timedelta(minutes=1)

    # Not due yet: nothing is sent.
    assert committed(delivery.retry_due_deliveries, now=timezone.now()) == 0
    assert committed(delivery.retry_due_deliveries, now=sent.next_attempt_at) == 1
    sent.refresh_from_db()
    assert (sent.status, sent.attempts) == ("pending", 2)
    assert timedelta(minutes=4) < sent.next_attempt_at - timezone.now() <= timedelta(minutes=5)

    assert committed(delivery.retry_due_deliveries, now=sent.next_attempt_at) == 1
    sent.refresh_from_db()
    assert (sent.status, sent.attempts, sent.response_status, sent.error) == ("delivered", 3, 200, "")
    assert len(receiver.requests) == 3
    # Each attempt is signed afresh; the delivery number stays, for the receiver's de-duplication.
    assert {r.headers["X-Samenwerkwijzer-Delivery"] for r in receiver.requests} == {str(sent.pk)}


def test_failed_after_the_last_attempt(personas, receiver, committed):
    _endpoint(personas, receiver.url("hooks.example.test"))
    receiver.answers = [500] * 10
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    sent = WebhookDelivery.objects.get()
    waits = []
    while sent.status == "pending":
        waits.append(sent.next_attempt_at - timezone.now())
        committed(delivery.retry_due_deliveries, now=sent.next_attempt_at)
        sent.refresh_from_db()
    assert (sent.status, sent.attempts, sent.next_attempt_at) == ("failed", delivery.MAX_ATTEMPTS, None)
    assert len(receiver.requests) == 6
    assert [round(w.total_seconds() / 60) for w in waits] == [1, 5, 30, 120, 720]


def test_a_second_run_of_the_same_attempt_sends_nothing(personas, receiver, committed):
    _endpoint(personas, receiver.url("hooks.example.test"))
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    sent = WebhookDelivery.objects.get()
    assert delivery.attempt(sent.pk, 1, timeout=5) is None
    assert len(receiver.requests) == 1


def test_retry_is_deferred_on_a_backend_that_supports_it(personas, receiver, settings, committed):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    endpoint = _endpoint(personas, receiver.url("hooks.example.test"))
    sent = WebhookDelivery.objects.create(endpoint=endpoint, event="meeting.planned", payload={"x": 1})
    receiver.answers = [500]
    committed(delivery.attempt, sent.pk, 1, timeout=5)
    sent.refresh_from_db()
    [queued] = DBTaskResult.objects.all()
    assert queued.run_after == sent.next_attempt_at and queued.args_kwargs["args"] == [sent.pk, 2]


def test_connection_error_is_recorded_without_details(personas, receiver, committed):
    endpoint = _endpoint(personas, receiver.url("hooks.example.test"))
    receiver.stop()
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    sent = WebhookDelivery.objects.get(endpoint=endpoint)
    assert sent.status == "pending" and sent.error == "ConnectionError" and sent.response_status is None


def test_redirect_is_not_followed(personas, receiver, committed):
    _endpoint(personas, receiver.url("hooks.example.test"))
    receiver.answers = [("redirect", receiver.url("hooks.example.test", "/elsewhere"))]
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    sent = WebhookDelivery.objects.get()
    assert [r.path for r in receiver.requests] == ["/hook"]
    assert (sent.status, sent.response_status, sent.error) == ("pending", 302, "HTTP 302")


def test_certificate_of_another_host_name_is_refused(personas, receiver, fake_dns, committed):
    fake_dns["other.example.test"] = "127.0.0.1"  # same address, but the certificate is not for it
    _endpoint(personas, receiver.url("other.example.test"))
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    sent = WebhookDelivery.objects.get()
    assert sent.status == "pending" and sent.error == "SSLError" and receiver.requests == []


# --- The guard ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.test/x", "https://"),
        ("https://user:pw@hooks.example.test/x", "gebruikersnaam"),
        ("https://hooks.example.test:99999/x", "poortnummer"),
        ("https://127.0.0.1/x", "privé- of lokaal"),
        ("https://[::1]/x", "privé- of lokaal"),
        ("https://[::ffff:127.0.0.1]/x", "privé- of lokaal"),
        ("https://hooks.example.test/x", "privé- of lokaal"),  # resolves to 127.0.0.1, not allowed here
        ("https://inside.example.test/x", "privé- of lokaal"),  # resolves to 10.1.2.3
        ("https://169.254.169.254/latest", "privé- of lokaal"),
        ("https://0.0.0.0/x", "privé- of lokaal"),
        ("https://224.0.0.1/x", "privé- of lokaal"),
        ("https://no-such-host.invalid/x", "niet te vinden"),
    ],
)
def test_guard_refuses(url, message, settings, monkeypatch):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(ValidationError) as refused:
        guard.check_url(url)
    assert message in refused.value.message_dict["url"][0]


def test_guard_allows_public_addresses_and_the_operators_networks(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    target = guard.check_url("https://8.8.8.8/hook?x=1")
    assert (target.address, target.port, target.path, target.pinned_url) == (
        "8.8.8.8",
        443,
        "/hook?x=1",
        "https://8.8.8.8:443/hook?x=1",
    )
    assert target.host_header == "8.8.8.8"
    assert guard.check_url("https://[2001:4860:4860::8888]:8443/").pinned_url == "https://[2001:4860:4860::8888]:8443/"
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert guard.check_url("https://inside.example.test/x").address == "10.1.2.3"


def test_delivery_time_refusal_when_dns_changed(personas, receiver, fake_dns, committed):
    """The form accepted the URL; by delivery the name points inside: refused, nothing connects."""
    _endpoint(personas, receiver.url("hooks.example.test"))
    fake_dns["hooks.example.test"] = "10.9.9.9"
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    sent = WebhookDelivery.objects.get()
    assert "privé- of lokaal" in sent.error and receiver.requests == []


def test_connection_is_pinned_to_the_checked_address(personas, receiver, fake_dns, monkeypatch, committed):
    """DNS rebinding: after the check the name would resolve inside; the connection still goes to
    the checked address, because nothing looks the name up again."""
    _endpoint(personas, receiver.url("hooks.example.test"))
    real_check = guard.check_url

    def check_then_rebind(url):
        target = real_check(url)
        fake_dns["hooks.example.test"] = "10.9.9.9"  # any later look-up would go inside
        return target

    monkeypatch.setattr(guard, "check_url", check_then_rebind)
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {})
    assert WebhookDelivery.objects.get().status == "delivered" and len(receiver.requests) == 1


# --- Formats -----------------------------------------------------------------


def _event(event=events.ROUND_REVEALED, **data):
    return {
        "id": "evt_1",
        "event": event,
        "created_at": "2026-12-06T14:05:00+00:00",
        "collaboration": {"id": 1, "name": "Bakkerij & Vervoer"},
        "data": data,
    }


def test_slack_body_is_one_dutch_sentence_with_the_link():
    body = json.loads(
        formats.body("slack", _event(round=2, instrument="Samenwerkingschecker", url="https://swz.example/r/2"))
    )
    assert body == {
        "text": "Bakkerij & Vervoer: ronde 2 van Samenwerkingschecker is onthuld. "
        "<https://swz.example/r/2|Openen in Samenwerkwijzer>"
    }


def test_teams_body_is_an_adaptive_card():
    body = json.loads(formats.body("teams", _event(events.AGREEMENT_SIGNED, version=3, url="https://swz.example/a")))
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert "versie 3" in card["body"][0]["text"]
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Openen in Samenwerkwijzer", "url": "https://swz.example/a"}
    ]


def test_sentence_without_its_detail_falls_back_to_the_label():
    body = json.loads(formats.body("slack", _event(events.MEETING_PLANNED)))
    assert body["text"] == "Bakkerij & Vervoer: Er is een overleg gepland"
    card = json.loads(formats.body("teams", _event(events.MEETING_PLANNED)))["attachments"][0]["content"]
    assert "actions" not in card  # no link to offer


def test_slack_and_teams_delivery_end_to_end(personas, receiver, committed):
    _endpoint(personas, receiver.url("hooks.example.test"), format="slack")
    _endpoint(personas, receiver.url("hooks.example.test"), format="teams")
    committed(events.emit, personas.collaboration, events.MEETING_PLANNED, {"title": "Overleg", "url": "https://x/m"})
    bodies = [json.loads(r.body) for r in receiver.requests]
    assert {"text", "type"} == {next(iter(b)) for b in bodies}


# --- Retention ---------------------------------------------------------------


def test_retention_removes_old_deliveries(personas, settings):
    settings.RETENTION_WEBHOOK_DELIVERY_DAYS = 30
    endpoint = _endpoint(personas, "https://hooks.example.com/x")
    old = WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={})
    new = WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={})
    WebhookDelivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert remove_old_deliveries(timezone.now()) == 1
    assert list(WebhookDelivery.objects.all()) == [new]
