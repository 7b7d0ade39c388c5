"""Background work, run by ``manage.py run_scheduled_jobs`` from cron or a systemd timer.

Each job takes the current time (so tests control the clock), is idempotent and
may run as often as the scheduler likes (every 15 minutes is the documented default).
"""

from collections.abc import Callable
from datetime import datetime

from samenwerkwijzer.accounts.notifications import send_digests

JOBS: list[tuple[str, Callable[..., int]]] = [
    ("daily digests", send_digests),
]


def run_all(*, now: datetime) -> dict[str, int]:
    return {name: job(now=now) for name, job in JOBS}
