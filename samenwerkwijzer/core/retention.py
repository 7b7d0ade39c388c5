"""Sent and failed mail in the outbox (addresses, subjects, text) is kept RETENTION_OUTGOING_MAIL_DAYS, then removed.

A pending or sending row stays: it is still on its way. After the removal the row's idempotency key
is free again; the keys of scheduled mail name their day or subject, so nothing old is sent again.
"""

from datetime import datetime, timedelta

from django.conf import settings

from samenwerkwijzer.privacy.registry import register_retention

from .models import OutgoingMail


def remove_old_mail(now: datetime) -> int:
    cutoff = now - timedelta(days=settings.RETENTION_OUTGOING_MAIL_DAYS)
    done = [OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED]
    removed, _ = OutgoingMail.objects.filter(created_at__lt=cutoff, status__in=done).delete()
    return removed


register_retention("outgoing mail", remove_old_mail)
