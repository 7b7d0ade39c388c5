"""A collaboration's webhook endpoints and each delivery of an event to one of them."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    """The signing secret of an endpoint: 32 random bytes, URL-safe text (shown to the lead)."""
    return "whsec_" + secrets.token_urlsafe(32)


def new_event_id() -> str:
    """A fresh event id (an event emitted without a key of its own)."""
    return f"evt_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    class Format(models.TextChoices):
        JSON = "json", _("JSON event (for your own software)")
        SLACK = "slack", _("Slack or Mattermost (incoming webhook)")
        TEAMS = "teams", _("Microsoft Teams (Workflows webhook)")

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.JSON)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=50)
    # The event's id (``payload["id"]``): one delivery per endpoint and event, whoever emits it how
    # often (two nodes running the same scheduled job): the unique constraint below decides.
    event_id = models.CharField(max_length=100, default=new_event_id)
    payload = models.JSONField()  # the raw JSON event; the chat formats are made from it when sent
    attempts = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"

    @property
    def event_label(self) -> str:
        """The event in words ("Testbericht" for the test button's ``ping``)."""
        from .events import EVENTS

        if self.event == "ping":
            return _("Test message")
        return str(EVENTS.get(self.event, self.event))
