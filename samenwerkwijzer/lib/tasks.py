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

Leases: see ``requeue_abandoned`` (a scheduled job): a task whose worker was killed keeps the
status RUNNING; after ``TASK_LEASE_SECONDS`` it is queued again.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone


class TemporaryFailure(Exception):
    """An outside service did not answer (in time): worth trying again later."""


def backoff(attempt: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: TASK_RETRY_BACKOFF_SECONDS doubled per attempt, at most an hour."""
    return timedelta(seconds=min(3600, settings.TASK_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)))


def queue_again(task, *args, attempt: int, **kwargs) -> None:
    """Queue attempt ``attempt + 1`` of ``task`` after its backoff (at once on a backend that cannot defer)."""
    later = task.using(run_after=timezone.now() + backoff(attempt))
    chosen = later if later.get_backend().supports_defer else task
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
    ``max_attempts`` (TASK_MAX_ATTEMPTS by default), give up through ``on_give_up``. Any other
    exception is not retried: it fails the task as django-tasks records it."""
    limit = max_attempts or settings.TASK_MAX_ATTEMPTS
    try:
        yield
    except retry_on as exc:
        if attempt < limit:
            queue_again(task, *args, attempt=attempt, **kwargs)
        elif on_give_up is not None:
            on_give_up(exc)
