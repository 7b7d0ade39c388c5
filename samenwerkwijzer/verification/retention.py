"""Retention of the verification app (privacy/registry.py): the file of an uploaded Handelsregister
extract is deleted from storage ``RETENTION_EXTRACT_DAYS`` after it was reviewed (or, for an upload
replaced before review, after it was uploaded). The outcome stays: status, reason, reviewer,
date of the extract, the signatories confirmed, the file's name and SHA-256. Extracts awaiting
review keep their file."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from samenwerkwijzer.privacy.registry import register_retention

from .models import ExtractSubmission

logger = logging.getLogger("samenwerkwijzer.jobs")


def clean_up_extract_files(now: datetime) -> int:
    before = now - timedelta(days=settings.RETENTION_EXTRACT_DAYS)
    expired = (
        ExtractSubmission.objects.exclude(extract="")
        .exclude(status=ExtractSubmission.Status.PENDING)
        .filter(Q(reviewed_at__lte=before) | Q(reviewed_at__isnull=True, uploaded_at__lte=before))
    )
    count = 0
    for submission in expired:
        # The row first: a file without a row is harmless, a row naming a deleted file is not.
        name, storage = submission.extract.name, submission.extract.storage
        ExtractSubmission.objects.filter(pk=submission.pk).update(extract="")
        storage.delete(name)
        count += 1
    return count


register_retention("extract files", clean_up_extract_files)
