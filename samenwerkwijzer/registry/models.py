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
    """One look-up in the Handelsregister, kept with its date so it can be compared and re-run."""

    kvk_number = models.CharField(_("KvK number"), max_length=8, db_index=True)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, null=True, blank=True, related_name="registry_checks"
    )
    source = models.CharField(_("source"), max_length=20)
    found = models.BooleanField(_("found"))
    result = models.JSONField(_("result"))
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self):
        return f"{self.kvk_number} {self.checked_at:%Y-%m-%d}"

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
