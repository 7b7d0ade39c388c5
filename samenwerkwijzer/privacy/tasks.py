"""Background tasks of the privacy app (django-tasks; carried out by ``manage.py db_worker``)."""

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from .retention import clean_up_everything


@task()
def clean_up_expired_data(now: str | None = None) -> dict[str, int | None]:
    """Remove what is past its retention period. ``now`` (ISO date-time) is the moment the
    scheduled jobs ran as (``run_scheduled_jobs --now``); without it, the current time."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    return clean_up_everything(now=moment)


def queue_retention(*, now: datetime) -> int:
    """The scheduled job: queue the clean-up for the worker (the scheduler itself stays quick)."""
    clean_up_expired_data.enqueue(now.isoformat())
    return 1
