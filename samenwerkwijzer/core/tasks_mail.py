"""The background task that sends one mail of the outbox (``core.models.OutgoingMail``), once.

The task first *claims* the row (a conditional update pending → sending), so two workers, or a
task queued twice, never both send it; a row already sent is left alone. An unreachable or
refusing SMTP server (``smtplib.SMTPException``, ``OSError``, a timeout) puts the row back to
pending and the task is queued again with backoff (``lib/tasks.retried``); after
``TASK_MAX_ATTEMPTS`` the row is ``failed`` and the failure is logged as an error (and so
reported). A worker killed while sending leaves the row ``sending``: after half of
``TASK_LEASE_SECONDS`` a re-run of the task may claim it again. Killed before the server's "250",
the mail goes once (the server drops what it did not accept); the row is marked sent right after
that answer, before the connection says goodbye, so only a kill in the few milliseconds between
the two can send a mail twice (never zero times).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from samenwerkwijzer.lib.mail import stored_message
from samenwerkwijzer.lib.tasks import TemporaryFailure, retried

from .models import OutgoingMail

logger = logging.getLogger(__name__)

# What an SMTP server that is down, slow or refusing looks like (TimeoutError is an OSError).
TEMPORARY_ERRORS = (smtplib.SMTPException, OSError)


def _claim(mail_id: int) -> bool:
    now = timezone.now()
    # Half the lease: the task of a killed worker is queued again once it has run a whole lease
    # (lib/tasks.requeue_abandoned), a moment after its claim, so the row must be free by then; a
    # live worker's send (EMAIL_TIMEOUT, seconds) never takes half a lease.
    abandoned = Q(
        status=OutgoingMail.Status.SENDING, claimed_at__lt=now - timedelta(seconds=settings.TASK_LEASE_SECONDS) / 2
    )
    return bool(
        OutgoingMail.objects.filter(Q(status=OutgoingMail.Status.PENDING) | abandoned, pk=mail_id).update(
            status=OutgoingMail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _give_up(mail_id: int, error: Exception) -> None:
    OutgoingMail.objects.filter(pk=mail_id).update(status=OutgoingMail.Status.FAILED, last_error=str(error)[:500])
    row = OutgoingMail.objects.get(pk=mail_id)
    logger.error(
        "Sending mail %s (%r) failed after %s attempts: %s",
        row.idempotency_key,
        row.subject,
        row.attempts,
        error,
        exc_info=error,
    )


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except TEMPORARY_ERRORS:
        logger.info("The SMTP connection did not close cleanly", exc_info=True)


@task()
def send_outgoing_mail(mail_id: int, attempt: int = 1) -> None:
    """Send outbox row ``mail_id`` (see the module notes); does nothing when it is not pending."""
    if not _claim(mail_id):
        return
    row = OutgoingMail.objects.get(pk=mail_id)
    with retried(send_outgoing_mail, mail_id, attempt=attempt, on_give_up=lambda exc: _give_up(mail_id, exc)):
        message = stored_message(row)
        connection = message.get_connection()
        try:
            # Opened here and closed after the row is marked sent: the server's "250" is the moment
            # the mail is out, and a worker killed while it says goodbye (QUIT) must not send it again.
            connection.open()
            message.send()
        except TEMPORARY_ERRORS as error:
            _close_quietly(connection)
            OutgoingMail.objects.filter(pk=mail_id).update(
                status=OutgoingMail.Status.PENDING, last_error=f"{type(error).__name__}: {error}"[:500]
            )
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
        except Exception as error:  # a message that can never go (e.g. a bad header): not retried
            _close_quietly(connection)
            _give_up(mail_id, error)
            return
        OutgoingMail.objects.filter(pk=mail_id).update(
            status=OutgoingMail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        _close_quietly(connection)  # the mail went; a server that hangs up first changes nothing
