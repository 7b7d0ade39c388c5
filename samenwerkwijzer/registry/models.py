from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration

from .client import RegistryProfile

SOURCE_LABELS = {
    "kvk_api": _("KVK API (Handelsregister)"),
    "offline": _("Offline register (directory import)"),
}


class RegistryCheck(models.Model):
    """One look-up in the Handelsregister, kept with its date so it can be compared and re-run.

    Asked for on a page, it starts ``queued``; the background task (``tasks.run_registry_check``)
    makes it ``running`` and then ``done`` (with ``result`` and ``fetched_at``, the moment the
    registry answered: earlier than ``checked_at``'s request when the answer came from the kept
    answer of another check) or ``failed`` (with ``error``). Only ``done`` checks have a result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("busy")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kvk_number = models.CharField(_("KvK number"), max_length=8, db_index=True)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, null=True, blank=True, related_name="registry_checks"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DONE)
    source = models.CharField(_("source"), max_length=20, blank=True)
    found = models.BooleanField(_("found"), default=False)
    result = models.JSONField(_("result"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The English message of the last failure (its msgid: shown translated), for a failed check.
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["kvk_number", "status", "fetched_at"], name="registry_check_cache")]

    def __str__(self):
        return f"{self.kvk_number} {self.checked_at:%Y-%m-%d}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def answered_at(self):
        """When the registry gave the answer shown (a check done before answers were shared: its own time)."""
        return self.fetched_at or self.checked_at

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))

    @property
    def profile(self) -> RegistryProfile:
        return RegistryProfile.from_dict(self.result)


def extract_path(instance, filename):
    """Where the signatory statements of before the organisation-level extract kept their file.

    Migration 0001 refers to it; the files stay where they are and are now those of pending
    extract submissions of the verification app (migration 0002)."""
    return f"registry/extracts/{instance.participant.collaboration_id}/{instance.participant_id}-{instance.sha256[:16]}.pdf"
