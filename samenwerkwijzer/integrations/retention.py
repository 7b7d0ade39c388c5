"""The rate-limit counts of /api/v1/ (``RateCounter``) are removed once their window is over: a
window that began more than a day ago (or the longest configured rate period, if longer)."""

from datetime import datetime

from samenwerkwijzer.privacy.registry import register_retention

from .models import RateCounter
from .services_exports import export_jobs_clean_up
from .throttling import longest_window


def remove_old_rate_counters(now: datetime) -> int:
    removed, _ = RateCounter.objects.filter(window_start__lt=now - longest_window()).delete()
    return removed


register_retention("API rate-limit counts", remove_old_rate_counters)


def remove_expired_exports(now: datetime) -> int:
    return export_jobs_clean_up(now=now)


register_retention("Exports made in the background", remove_expired_exports)
