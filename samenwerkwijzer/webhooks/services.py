"""Adding, changing and removing a collaboration's webhook endpoints (the lead's work)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess

from . import guard
from .delivery import queue_test
from .events import EVENTS
from .models import WebhookDelivery, WebhookEndpoint


def _clean(*, url: str, events: list[str]) -> None:
    unknown = [e for e in events if e not in EVENTS]
    if unknown or not events:
        raise ValidationError({"events": _("Choose at least one event from the list.")})
    guard.check_url(url)


@transaction.atomic
def endpoint_create(
    *, access: CollaborationAccess, actor, name: str, url: str, format: str, events: list[str]
) -> WebhookEndpoint:
    _clean(url=url, events=events)
    return WebhookEndpoint.objects.create(
        collaboration=access.collaboration, name=name, url=url, format=format, events=events, created_by=actor
    )


@transaction.atomic
def endpoint_update(
    *, endpoint: WebhookEndpoint, name: str, url: str, format: str, events: list[str], active: bool
) -> WebhookEndpoint:
    _clean(url=url, events=events)
    endpoint.name, endpoint.url, endpoint.format, endpoint.events, endpoint.active = name, url, format, events, active
    endpoint.save(update_fields=["name", "url", "format", "events", "active"])
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()  # its deliveries go with it


@transaction.atomic
def endpoint_send_test(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """The "Test versturen" button: a ``ping`` event through the same path as every event."""
    if not endpoint.active:
        raise ValidationError(_("This webhook is switched off. Switch it on first to send a test."))
    return queue_test(endpoint)
