"""The agreements' scheduled work (registered with core/jobs.py at the end, run by ``manage.py
run_scheduled_jobs``)."""

import logging
from datetime import datetime

from samenwerkwijzer.core.jobs import register_job

from . import sealing, services_sealing
from .archive import renew_archive_timestamps

logger = logging.getLogger(__name__)


def seal_pending_agreements(*, now: datetime) -> int:
    """Add the seal to every version that all parties signed while the seal could not be made
    (time-stamping authority or revocation server down, slow or answering garbage). Returns how many
    were sealed. One freeze that still cannot be sealed never stops the others; running it again
    seals nothing twice."""
    sealed = 0
    for freeze in services_sealing.freezes_awaiting_seal():
        try:
            if services_sealing.seal_awaiting(freeze=freeze) is not None:
                sealed += 1
        except (sealing.SealNotYetPossible, sealing.SealConfigurationError) as error:
            logger.warning("Freeze %s is signed but still not sealed: %s", freeze.pk, error.message)
        except Exception:
            logger.exception("Sealing freeze %s failed", freeze.pk)
    return sealed


# Run by ``manage.py run_scheduled_jobs`` in this order among every app's jobs (core/jobs.py).
register_job("signed agreements sealed", seal_pending_agreements, order=70)
register_job("archive timestamps renewed", renew_archive_timestamps, order=80)
