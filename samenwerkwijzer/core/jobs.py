"""Background work, run by ``manage.py run_scheduled_jobs`` from cron or a systemd timer.

Each job takes the current time (so tests control the clock), is idempotent and
may run as often as the scheduler likes (every 15 minutes is the documented default).
"""

from collections.abc import Callable
from datetime import datetime

from samenwerkwijzer.accounts.notifications import send_digests
from samenwerkwijzer.agreements.archive import renew_archive_timestamps
from samenwerkwijzer.agreements.jobs import seal_pending_agreements
from samenwerkwijzer.lib.isolation import on_its_own
from samenwerkwijzer.lib.tasks import requeue_abandoned
from samenwerkwijzer.privacy.tasks import queue_retention
from samenwerkwijzer.webhooks.delivery import retry_due_deliveries
from samenwerkwijzer.workspace.jobs import (
    announce_overdue_actions,
    notify_new_flags,
    open_due_checker_rounds,
    remind_open_rounds,
)
from samenwerkwijzer.workspace.services import send_meeting_reminders

# Order matters a little: rounds opened or warnings found in this run still make today's digest.
JOBS: list[tuple[str, Callable[..., int]]] = [
    ("evaluation rounds opened", open_due_checker_rounds),
    ("round reminders", remind_open_rounds),
    ("meeting reminders", send_meeting_reminders),
    ("pitfall warnings", notify_new_flags),
    ("overdue action items announced", announce_overdue_actions),
    ("daily digests", send_digests),
    ("signed agreements sealed", seal_pending_agreements),
    ("archive timestamps renewed", renew_archive_timestamps),
    ("webhook retries queued", retry_due_deliveries),
    # Queued for the background worker (manage.py db_worker): privacy/retention.py.
    ("retention clean-up queued", queue_retention),
    # Tasks whose worker was killed mid-task (still "running" after TASK_LEASE_SECONDS): lib/tasks.py.
    ("abandoned tasks queued again", requeue_abandoned),
]


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
