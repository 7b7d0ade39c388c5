"""The privacy app's own retention: a ready download is removed once it has expired
(``RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS`` after it was ready; privacy/registry.py), with its file
in the storage; so is a download file that lost its row (its deletion failed while the storage was
unreachable)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from .models import PersonalDataDownload
from .registry import register_retention
from .services import downloads_delete, orphaned_files_delete


def clean_up(now) -> int:
    # Downloads left pending or failed for the same period (a worker that died) go too; the person asks again.
    period = timedelta(days=settings.RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS)
    unfinished = [PersonalDataDownload.Status.PENDING, PersonalDataDownload.Status.FAILED]
    stale = Q(expires_at__lte=now) | Q(status__in=unfinished, requested_at__lte=now - period)
    orphaned_files_delete(now=now)
    return downloads_delete(downloads=PersonalDataDownload.objects.filter(stale))


register_retention("personal_data_downloads", clean_up)
