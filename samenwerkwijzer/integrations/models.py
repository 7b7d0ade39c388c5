"""Personal API tokens: a person's key to /api/v1/, with scopes, an expiry and optional limits."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """Only the hash is stored; the token itself is shown once, when it is made.

    A read token reads what its owner may see in the pages. A write token also creates and
    changes action items and agenda proposals, always for ``organisation`` (chosen when it was
    made). ``collaboration`` limits a token to one collaboration, ``organisation`` a read token to
    the collaborations of one organisation.
    """

    PREFIX = "swz_"

    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="integration_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    collaboration = models.ForeignKey(
        Collaboration, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @classmethod
    def new_token(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def expires_on(self):
        """The last day the token works (it stops at midnight after it)."""
        return (timezone.localtime(self.expires_at) - timedelta(microseconds=1)).date()

    def scope_text(self) -> str:
        """What the token may do and where, in plain words."""
        if self.can_write:
            text = _("Reads and writes for %(organisation)s") % {"organisation": self.organisation}
        elif self.organisation_id:
            text = _("Reads the collaborations of %(organisation)s") % {"organisation": self.organisation}
        else:
            text = _("Reads everything you may see")
        if self.collaboration_id:
            text = _("%(text)s, only in %(collaboration)s") % {"text": text, "collaboration": self.collaboration}
        return text


class RateCounter(models.Model):
    """How many calls one caller (``key``: a token, a person or an address) made to /api/v1/ in the
    fixed window that began at ``window_start``. Counted with one atomic statement per call
    (``throttling.count_call``), so every worker and node shares the count; old windows are removed
    by the retention clean-up (``retention.py``)."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_key_window")]
        indexes = [models.Index(fields=["window_start"], name="rate_counter_window")]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M:%S}: {self.count}"


class ExportJob(models.Model):
    """A file one person asked for (an export ZIP, a round's PDF), made by a background task
    (``background_exports.py``) and kept in the default storage until ``expires_at``.

    ``kind`` names the registered builder; ``params`` holds its plain ids (the collaboration or
    network, the round, the organisation the person acted for) and ``key`` the same as canonical JSON,
    so an equal request finds an earlier job. Only the person who asked may fetch it, and only while
    the kind's own access rule still lets them (checked on every request).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    class Reason(models.TextChoices):
        """Why a job failed (``error``); the job's page says it in words."""

        ACCESS = "access", "no access"  # the person lost access before the file was made
        UNAVAILABLE = "unavailable", "unavailable"  # a service (the storage) kept failing; worth a retry
        ERROR = "error", "error"  # the builder failed (logged)

    kind = models.CharField(max_length=50)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    params = models.JSONField(default=dict)
    key = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    file = models.FileField(upload_to="exports/", max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "kind", "key"], name="export_job_lookup"),
            models.Index(fields=["expires_at"], name="export_job_expiry"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
