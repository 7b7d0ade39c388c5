"""A person's requested download of their own data ("Mijn gegevens downloaden")."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DOWNLOAD_FOLDER = "privacy/downloads"


def download_name(instance, filename):
    """An unguessable name: the object is private anyway, and its name says nothing about whose it is."""
    return f"{DOWNLOAD_FOLDER}/{secrets.token_hex(16)}.zip"


class PersonalDataDownload(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        # Every attempt failed (the file storage stayed unreachable); the person asks again.
        FAILED = "failed", _("could not be prepared")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The ZIP, in the file storage shared by every app node (lib/storage.py); deleted with the row
    # (privacy/personal_data.py: expiry; privacy/erasure.py: the account).
    file = models.FileField(upload_to=download_name, blank=True, editable=False)
    ready_at = models.DateTimeField(null=True, blank=True)
    # ready_at + RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS; removed by the clean-up after that.
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"Download {self.pk} ({self.status})"
