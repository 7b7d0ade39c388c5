"""Queueing, signing and sending webhook deliveries, with retries and backoff.

How a receiver verifies a delivery (docs for the lead's endpoint page, too):

1. Read the header ``X-Samenwerkwijzer-Signature: t=<unix time>,v1=<hex>``.
2. Compute ``HMAC-SHA256(secret, "<t>.<raw request body>")`` in hex and compare it with ``v1``
   in constant time (``hmac.compare_digest``).
3. Reject the request when ``t`` is more than five minutes from the receiver's clock: a
   recorded request replayed later then fails, because ``t`` is inside the signed text.
   ``X-Samenwerkwijzer-Delivery`` is unique per delivery (a retry of it keeps the number), so a
   receiver can also drop a delivery it already handled.

A failed attempt (no connection, a timeout, a refused address, an answer other than 2xx) is tried
again after 1 minute, 5 minutes, 30 minutes, 2 hours and 12 hours; after that it is ``failed``.
A retry is queued with ``run_after`` when the task backend supports it (the database backend in
production); in any case ``next_attempt_at`` is recorded and ``run_scheduled_jobs``
(``retry_due_deliveries``) queues every due retry, so a lost task or a backend without deferred
tasks (the tests' ImmediateBackend) still gets its retries. An attempt first *claims* the delivery
(a conditional update of ``attempts``), so two queued runs of one attempt send it once.
"""

import hashlib
import hmac
import time
import uuid
from datetime import datetime, timedelta

import requests
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from samenwerkwijzer.lib.background import enqueue_after_commit
from samenwerkwijzer.lib.urls import site_url

from . import formats, guard
from .models import WebhookDelivery, WebhookEndpoint

BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1
PING = "ping"  # the test event of the "Test versturen" button
SIGNATURE_HEADER = "X-Samenwerkwijzer-Signature"
EVENT_HEADER = "X-Samenwerkwijzer-Event"
DELIVERY_HEADER = "X-Samenwerkwijzer-Delivery"
# The certificates a delivery trusts: True is requests' own bundle (certifi). Tests point it at
# their test CA; the environment (REQUESTS_CA_BUNDLE, proxies) is deliberately not used.
TLS_VERIFY: bool | str = True


def event_id(key: str | None = None) -> str:
    """A new event id, or for ``key`` (what makes it "the same event", e.g. an item and its due date)
    always the same one: emitted twice, it is delivered once (``WebhookDelivery``'s constraint)."""
    if key is None:
        return f"evt_{uuid.uuid4().hex}"
    return "evt_" + hashlib.sha256(key.encode()).hexdigest()[:32]


def event_payload(collaboration, event: str, data: dict, *, key: str | None = None) -> dict:
    return {
        "id": event_id(key),
        "event": event,
        "created_at": timezone.now().isoformat(),
        "collaboration": {"id": collaboration.pk, "name": collaboration.name},
        "data": data,
    }


def queue_event(collaboration, event: str, data: dict, *, key: str | None = None) -> list[WebhookDelivery]:
    """A pending delivery per active endpoint subscribed to ``event``, sent after the commit; with
    ``key``, an endpoint that has this event already (another node, an earlier run) gets none."""
    payload = event_payload(collaboration, event, data, key=key)
    created = []
    for endpoint in WebhookEndpoint.objects.filter(collaboration=collaboration, active=True):
        if event in endpoint.events:
            try:
                with transaction.atomic():  # the unique constraint decides, also between nodes
                    created.append(
                        WebhookDelivery.objects.create(
                            endpoint=endpoint, event=event, event_id=payload["id"], payload=payload
                        )
                    )
            except IntegrityError:
                continue
    for delivery in created:
        _queue(delivery.pk, 1)
    return created


def queue_test(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``ping`` event to one endpoint, through the same path as every event."""
    payload = event_payload(
        endpoint.collaboration, PING, {"url": site_url("collaborations:dashboard", endpoint.collaboration_id)}
    )
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=PING, event_id=payload["id"], payload=payload)
    _queue(delivery.pk, 1)
    return delivery


def _queue(delivery_id: int, attempt: int) -> None:
    from .tasks import deliver  # tasks imports this module

    enqueue_after_commit(deliver, delivery_id, attempt)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify(secret: str, header: str, body: bytes, *, now: int | None = None, tolerance: int = 300) -> bool:
    """What a receiver does (used by the tests and shown as the example on the endpoint page)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else int(time.time())) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), fields.get("v1", ""))


def _claim(delivery_id: int, attempt: int, now: datetime) -> bool:
    """Take attempt ``attempt`` of a pending delivery; False when another run already did."""
    lease = now + timedelta(seconds=60)  # a crashed attempt is picked up again after this
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDelivery.Status.PENDING, attempts=attempt - 1
        ).update(attempts=F("attempts") + 1, next_attempt_at=lease)
    )


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery, timeout: float) -> requests.Response:
    target = guard.check_url(endpoint.url)
    body = formats.body(endpoint.format, delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Host": target.host_header,
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Samenwerkwijzer-Webhooks/1",
        SIGNATURE_HEADER: f"t={timestamp},v1={sign(endpoint.secret, timestamp, body)}",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
    }
    with requests.Session() as session:
        session.trust_env = False  # no proxies or CA bundle from the environment
        session.mount("https://", guard.PinnedAdapter(target))
        return session.post(
            target.pinned_url, data=body, headers=headers, timeout=timeout, allow_redirects=False, verify=TLS_VERIFY
        )


def attempt(delivery_id: int, attempt_number: int, *, timeout: float) -> WebhookDelivery | None:
    """Send attempt ``attempt_number`` of a delivery and record the outcome (None: not ours)."""
    now = timezone.now()
    if not _claim(delivery_id, attempt_number, now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    error, status = "", None
    try:
        response = _post(delivery.endpoint, delivery, timeout)
        status = response.status_code
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except ValidationError as refused:
        error = "; ".join(refused.messages)
    except requests.Timeout:
        error = "Timeout"
    except requests.RequestException as problem:
        error = type(problem).__name__  # the class only: messages may hold addresses or secrets
    delivery.response_status = status
    delivery.error = error[:200]
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS or not delivery.endpoint.active:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
    delivery.save(update_fields=["status", "response_status", "error", "delivered_at", "next_attempt_at"])
    if delivery.status == WebhookDelivery.Status.PENDING:
        _defer(delivery)
    return delivery


def _defer(delivery: WebhookDelivery) -> None:
    from .tasks import deliver

    task = deliver.using(run_after=delivery.next_attempt_at)
    if task.get_backend().supports_defer:
        transaction.on_commit(lambda: task.enqueue(delivery.pk, delivery.attempts + 1))
    # else: retry_due_deliveries (run_scheduled_jobs) queues it when it is due


def retry_due_deliveries(*, now: datetime) -> int:
    """Queue every pending delivery whose next attempt is due (the scheduled job)."""
    due = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now).values_list(
            "pk", "attempts"
        )
    )
    for pk, attempts in due:
        _queue(pk, attempts + 1)
    return len(due)
