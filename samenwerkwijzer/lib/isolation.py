"""Work that must not stop other work: a scheduled job, one collaboration inside a job, a notification."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.db import transaction

logger = logging.getLogger("samenwerkwijzer.jobs")


@contextmanager
def on_its_own(what: str, *, atomic: bool = True, **context) -> Iterator[None]:
    """Run a block in its own transaction (a savepoint inside another); when it fails, its writes
    are undone, the error is logged with ``what`` and ``context`` (and so reported: to Sentry or
    ``ADMINS``), and the caller carries on. ``atomic=False`` for a block that manages its own
    transactions (a whole scheduled job): then only the error handling applies.

        for meeting in due:
            with on_its_own("meeting reminder", meeting=meeting.pk):
                ...
    """
    try:
        with transaction.atomic() if atomic else nullcontext():
            yield
    except Exception:
        details = ", ".join(f"{key}={value}" for key, value in context.items())
        logger.exception("%s failed%s", what, f" ({details})" if details else "")
