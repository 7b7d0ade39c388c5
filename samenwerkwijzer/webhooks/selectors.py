"""Reads of the webhook pages that span relations."""

from django.db.models import OuterRef, Subquery

from .models import WebhookDelivery, WebhookEndpoint


def endpoints_with_last_delivery(collaboration) -> list[WebhookEndpoint]:
    """The collaboration's endpoints, each with ``last_delivery`` (its newest delivery or None), in two
    queries whatever the number of endpoints."""
    newest = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at", "-pk").values("pk")[:1]
    endpoints = list(
        WebhookEndpoint.objects.filter(collaboration=collaboration).annotate(last_delivery_pk=Subquery(newest))
    )
    wanted = [e.last_delivery_pk for e in endpoints if e.last_delivery_pk is not None]
    deliveries = WebhookDelivery.objects.defer("payload").in_bulk(wanted) if wanted else {}
    for endpoint in endpoints:
        endpoint.last_delivery = deliveries.get(endpoint.last_delivery_pk)
    return endpoints
