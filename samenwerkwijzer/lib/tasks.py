"""Retries and leases for background tasks: django-tasks provides neither.

Retries: a task body that depends on an outside service raises ``TemporaryFailure`` (or an
exception listed in ``retry_on``) inside ``retried(...)``; the task is queued again with a later
``run_after`` (exponential backoff) and the ``attempt`` number one higher, up to ``max_attempts``;
after the last attempt ``on_give_up(exc)`` records the failure where the user asked for the work
("opnieuw proberen"). Every task that uses this takes ``attempt: int = 1`` as a keyword argument
and is idempotent: running it twice does its work once.

    @task()
    def check_company(check_id: int, attempt: int = 1) -> None:
        with retried(check_company, check_id, attempt=attempt, on_give_up=lambda exc: _failed(check_id, exc)):
            ...

Leases: a task whose worker was killed (SIGKILL, a node gone) keeps the status RUNNING for ever.
``requeue_abandoned`` (a scheduled job, core/jobs.py) queues such a task again once it has been
running longer than ``TASK_LEASE_SECONDS``, and fails it instead once it has been abandoned
``TASK_MAX_ATTEMPTS`` times (a task that kills its worker every time). The lease must be longer than
the longest task: a task still genuinely running after its lease is started a second time (tasks are
idempotent, so it still does its work once).
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"


class TemporaryFailure(Exception):
    """An outside service did not answer (in time): worth trying again later."""


def backoff(attempt: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: TASK_RETRY_BACKOFF_SECONDS doubled per attempt, at most an hour."""
    return timedelta(seconds=min(3600, settings.TASK_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)))


def queue_again(task, *args, attempt: int, **kwargs) -> None:
    """Queue attempt ``attempt + 1`` of ``task`` after its backoff (at once on a backend that cannot defer)."""
    # Checked first: ``using(run_after=...)`` itself refuses on a backend that cannot defer.
    chosen = task.using(run_after=timezone.now() + backoff(attempt)) if task.get_backend().supports_defer else task
    transaction.on_commit(lambda: chosen.enqueue(*args, attempt=attempt + 1, **kwargs))


@contextmanager
def retried(
    task,
    *args,
    attempt: int,
    max_attempts: int | None = None,
    on_give_up: Callable[[Exception], None] | None = None,
    retry_on: tuple[type[Exception], ...] = (TemporaryFailure,),
    **kwargs,
) -> Iterator[None]:
    """Run the block; on ``retry_on`` queue the task again (see the module notes) or, after
    ``max_attempts`` (TASK_MAX_ATTEMPTS by default), give up through ``on_give_up`` (without one,
    the exception of the last attempt fails the task). Any other exception is not retried: it fails
    the task as django-tasks records it."""
    limit = max_attempts or settings.TASK_MAX_ATTEMPTS
    try:
        yield
    except retry_on as exc:
        if attempt < limit:
            logger.warning("Task %s attempt %d of %d failed (%r); queued again", task.name, attempt, limit, exc)
            queue_again(task, *args, attempt=attempt, **kwargs)
        else:
            logger.error("Task %s gave up after %d attempts (%r)", task.name, attempt, exc)
            if on_give_up is None:
                raise
            on_give_up(exc)


def requeue_abandoned(*, now: datetime) -> int:
    """Queue again every task still RUNNING ``TASK_LEASE_SECONDS`` after it started (its worker was
    killed); one abandoned ``TASK_MAX_ATTEMPTS`` times is marked FAILED instead. Returns how many
    were queued again. Safe on several nodes at once: each row changes in a conditional UPDATE
    (still running, still the same start), so only one node acts on it."""
    from django_tasks_db.models import DBTaskResult  # not at import: task modules load with the apps

    lease_ended = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    # Runs at once on the worker's clock, even when ``now`` (a test's, or a late scheduler's) is ahead.
    at_once = min(now, timezone.now())
    queued = 0
    abandoned = DBTaskResult.objects.filter(status=RUNNING, started_at__lt=lease_ended)
    for row in abandoned.only("id", "task_path", "started_at", "worker_ids"):
        same_run = DBTaskResult.objects.filter(pk=row.pk, status=RUNNING, started_at=row.started_at)
        if len(row.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
            failed = same_run.update(
                status=FAILED,
                finished_at=now,
                exception_class_path="samenwerkwijzer.lib.tasks.Abandoned",
                traceback=f"Abandoned by {len(row.worker_ids)} workers (killed mid-task); not queued again.",
            )
            if failed:
                logger.error(
                    "Task %s (%s) abandoned by %d workers: marked failed, not queued again",
                    row.task_path,
                    row.pk,
                    len(row.worker_ids),
                )
            continue
        if same_run.update(status=READY, started_at=None, run_after=at_once):
            queued += 1
            logger.warning(
                "Task %s (%s) still running after its lease (started %s): queued again",
                row.task_path,
                row.pk,
                row.started_at.isoformat(),
            )
    return queued
