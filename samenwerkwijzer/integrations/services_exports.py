"""The life of an export job (``background_exports.py``): asked for, made by a task, retried, removed."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation

from samenwerkwijzer.lib.background import enqueue_after_commit
from samenwerkwijzer.lib.tasks import TemporaryFailure

from .background_exports import KINDS, job_access, params_key
from .models import ExportJob

logger = logging.getLogger(__name__)

# Failures worth another attempt: a service that did not answer, the storage (a disk or S3) refusing.
TEMPORARY = (TemporaryFailure, OSError)


def _retention() -> timedelta:
    return timedelta(hours=settings.EXPORT_RETENTION_HOURS)


def _queue(job: ExportJob) -> None:
    from .tasks_exports import build_export

    enqueue_after_commit(build_export, job.pk)


@transaction.atomic
def export_job_request(*, user, kind: str, params: dict, now: datetime) -> ExportJob:
    """The person's job for this file: a done one made less than EXPORT_REUSE_SECONDS ago, one that is
    still being made, or a new one, queued for the worker."""
    key = params_key(params)
    jobs = ExportJob.objects.filter(requested_by=user, kind=kind, key=key)
    fresh = jobs.filter(
        status=ExportJob.Status.DONE,
        finished_at__gte=now - timedelta(seconds=settings.EXPORT_REUSE_SECONDS),
        expires_at__gt=now,
    ).first()
    if fresh is not None:
        return fresh
    pending = jobs.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]).first()
    if pending is not None:
        return pending
    job = ExportJob.objects.create(
        kind=kind, requested_by=user, params=params, key=key, created_at=now, expires_at=now + _retention()
    )
    _queue(job)
    return job


@transaction.atomic
def export_job_retry(*, job: ExportJob, now: datetime) -> ExportJob:
    """ "Opnieuw proberen": a failed job is queued again (any other is left as it is)."""
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ExportJob.Status.FAILED:
        return job
    job.status, job.error, job.attempts = ExportJob.Status.QUEUED, "", 0
    job.created_at, job.finished_at, job.expires_at = now, None, now + _retention()
    job.save(update_fields=["status", "error", "attempts", "created_at", "finished_at", "expires_at"])
    _queue(job)
    return job


@transaction.atomic
def export_job_fail(*, job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.FAILED, error=reason, finished_at=timezone.now())


def _as_file(content) -> File:
    return content if isinstance(content, File) else ContentFile(content)


def export_job_build(*, job_id: int, attempt: int) -> None:
    """Make the job's file (the task's body). Idempotent: a job that is done or failed is left alone.

    ``TEMPORARY`` failures are raised for ``lib.tasks.retried`` to try again later; any other error
    fails the job at once (logged), as does a person who lost access meanwhile. The file is written
    to the storage first and recorded after; a file that could not be recorded is removed again.
    """
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or not job.is_pending:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, attempts=attempt)
    try:
        granted = job_access(job.requested_by, job)
    except (Http404, PermissionDenied):
        export_job_fail(job_id=job.pk, reason=ExportJob.Reason.ACCESS)
        return
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            content, filename, content_type = KINDS[job.kind].build(job, granted)
    except TEMPORARY:
        raise
    except Exception:
        logger.exception("export job %s (%s) failed", job.pk, job.kind)
        export_job_fail(job_id=job.pk, reason=ExportJob.Reason.ERROR)
        return
    storage = ExportJob._meta.get_field("file").storage
    name = storage.save(f"exports/{job.pk}/{filename}", _as_file(content))
    try:
        recorded = _export_job_done(job_id=job.pk, name=name, filename=filename, content_type=content_type)
    except Exception:
        storage.delete(name)
        raise
    if not recorded:  # another worker finished it first
        storage.delete(name)


@transaction.atomic
def _export_job_done(*, job_id: int, name: str, filename: str, content_type: str) -> bool:
    job = ExportJob.objects.select_for_update().get(pk=job_id)
    if not job.is_pending:
        return False
    now = timezone.now()
    job.file.name, job.filename, job.content_type = name, filename, content_type
    job.status, job.error, job.finished_at, job.expires_at = ExportJob.Status.DONE, "", now, now + _retention()
    job.save(update_fields=["file", "filename", "content_type", "status", "error", "finished_at", "expires_at"])
    return True


def export_jobs_clean_up(*, now: datetime) -> int:
    """Remove expired jobs and their files (the retention clean-up); a file already gone is no matter."""
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lte=now):
        if job.file.name:
            job.file.storage.delete(job.file.name)
        job.delete()
        removed += 1
    return removed
