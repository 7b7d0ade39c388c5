"""Deliveries (their payloads and results) are kept RETENTION_WEBHOOK_DELIVERY_DAYS, then removed."""

from datetime import datetime, timedelta

from django.conf import settings

from samenwerkwijzer.privacy.registry import register_retention

from .models import WebhookDelivery


def remove_old_deliveries(now: datetime) -> int:
    cutoff = now - timedelta(days=settings.RETENTION_WEBHOOK_DELIVERY_DAYS)
    removed, _ = WebhookDelivery.objects.filter(created_at__lt=cutoff).delete()
    return removed


register_retention("webhook deliveries", remove_old_deliveries)
