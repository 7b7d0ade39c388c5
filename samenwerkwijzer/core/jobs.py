"""Background work, run by ``manage.py run_scheduled_jobs`` from cron or a systemd timer.

Each job takes the current time (so tests control the clock), is idempotent and
may run as often as the scheduler likes (every 15 minutes is the documented default).

The foundation's own jobs are listed here; a domain app registers its jobs with `register_job`
in its ``jobs.py``, which `discover_jobs` imports at start-up (so this module never imports a
domain app, as with the privacy registry).
"""

from collections.abc import Callable
from datetime import datetime

from django.utils.module_loading import autodiscover_modules

from samenwerkwijzer.accounts.notifications import send_digests
from samenwerkwijzer.lib.isolation import on_its_own
from samenwerkwijzer.lib.tasks import requeue_abandoned
from samenwerkwijzer.privacy.tasks import queue_retention
from samenwerkwijzer.webhooks.delivery import retry_due_deliveries

# The order in which the jobs run (the number each registration gives). Order matters a little:
# rounds opened or warnings found in this run (the work plan's jobs, 10-50) still make today's
# digest (60); signed agreements are sealed (70) and their archive timestamps renewed (80) after.
DIGESTS, WEBHOOK_RETRIES, RETENTION, ABANDONED_TASKS = 60, 90, 100, 110

JOBS: list[tuple[str, Callable[..., int]]] = []
_order: dict[str, int] = {}


def register_job(name: str, job: Callable[..., int], *, order: int) -> None:
    """Run ``job(now=...)`` with every scheduled run, as the ``order``-th; ``name`` is what the
    summary and the logs call it (registering the same name again replaces it)."""
    _order[name] = order
    kept = [(other, function) for other, function in JOBS if other != name]
    JOBS[:] = sorted([*kept, (name, job)], key=lambda item: _order[item[0]])


register_job("daily digests", send_digests, order=DIGESTS)
register_job("webhook retries queued", retry_due_deliveries, order=WEBHOOK_RETRIES)
# Queued for the background worker (manage.py db_worker): privacy/retention.py.
register_job("retention clean-up queued", queue_retention, order=RETENTION)
# Tasks whose worker was killed mid-task (still "running" after TASK_LEASE_SECONDS): lib/tasks.py.
register_job("abandoned tasks queued again", requeue_abandoned, order=ABANDONED_TASKS)


def discover_jobs() -> None:
    """Import every app's ``jobs.py`` (called once from ``CoreConfig.ready``)."""
    autodiscover_modules("jobs")


def run_all(*, now: datetime) -> dict[str, int | None]:
    """Run every job on its own: a job that fails is logged with its name (and so reported) and
    counts as ``None`` in the summary; the jobs after it still run."""
    summary: dict[str, int | None] = {}
    for name, job in JOBS:
        summary[name] = None
        # Not one transaction: each job commits its items itself (and isolates them).
        with on_its_own(f"Scheduled job {name!r}", atomic=False, now=now.isoformat()):
            summary[name] = job(now=now)
    return summary
