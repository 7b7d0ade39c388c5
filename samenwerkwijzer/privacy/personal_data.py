"""The privacy app's own retention: a ready download is removed once it has expired
(``RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS`` after it was ready; privacy/registry.py)."""

from django.db.models import Q

from .models import PersonalDataDownload
from .registry import register_retention


def clean_up(now) -> int:
    # Downloads left pending for the same period (a worker that died) go too; the person asks again.
    stale = Q(expires_at__lte=now) | Q(status=PersonalDataDownload.Status.PENDING, requested_at__lte=now - _period())
    deleted, _details = PersonalDataDownload.objects.filter(stale).delete()
    return deleted


def _period():
    from datetime import timedelta

    from django.conf import settings

    return timedelta(days=settings.RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS)


register_retention("personal_data_downloads", clean_up)
