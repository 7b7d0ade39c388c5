"""A person's requested download of their own data ("Mijn gegevens downloaden")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataDownload(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The ZIP itself; small enough for the database, and it goes with the person's account.
    content = models.BinaryField(null=True, blank=True, editable=False)
    ready_at = models.DateTimeField(null=True, blank=True)
    # ready_at + RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS; removed by the clean-up after that.
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"Download {self.pk} ({self.status})"
