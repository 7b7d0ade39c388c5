"""The background task that sends one attempt of a webhook delivery (django-tasks)."""

from django.conf import settings
from django_tasks import task

from .delivery import attempt


@task()
def deliver(delivery_id: int, attempt_number: int = 1) -> str | None:
    """Send ``attempt_number`` of delivery ``delivery_id``; its status, or None when another run had it."""
    delivery = attempt(delivery_id, attempt_number, timeout=settings.WEBHOOK_TIMEOUT)
    return delivery.status if delivery else None
