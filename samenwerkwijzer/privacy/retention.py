"""The retention clean-up: every app's ``register_retention`` clean-up (privacy/registry.py), each on
its own, so one that fails is logged (and reported) while the others still run.

Run as the background task ``privacy.tasks.clean_up_expired_data``, which ``manage.py
run_scheduled_jobs`` queues and the ``db_worker`` carries out. The periods are the ``RETENTION_*``
settings (docs/configuration.md); what each clean-up removes and what stays is in docs/privacy.md.
"""

import logging
from datetime import datetime

from samenwerkwijzer.lib.isolation import on_its_own

from .registry import RETENTIONS

logger = logging.getLogger("samenwerkwijzer.jobs")


def clean_up_everything(*, now: datetime) -> dict[str, int | None]:
    """Run every registered clean-up with ``now`` as the current time; per kind the number of records
    removed or emptied, or ``None`` for a clean-up that failed (its changes are undone)."""
    summary: dict[str, int | None] = {}
    for name, clean_up in sorted(RETENTIONS.items()):
        summary[name] = None
        with on_its_own(f"Retention clean-up {name!r}", now=now.isoformat()):
            summary[name] = clean_up(now)
        if summary[name] is not None:
            logger.info("Retention clean-up %r: %d record(s) removed or emptied", name, summary[name])
    return summary
