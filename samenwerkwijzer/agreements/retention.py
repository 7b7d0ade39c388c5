"""Retention of the agreements app (privacy/registry.py).

The signing trail (``SigningEvent``: freezing, approving, signing, voiding, sealing) is append-only
evidence; only the IP address in its entries is emptied ``RETENTION_AUDIT_ADDRESS_DAYS`` after the
event. The signature itself (``Signature``: name, e-mail, method, IP address and browser) stays as
it is: it is printed on the signature page of the sealed PDF, the evidence of the signing.
The agreements app stores no uploaded extracts (those are the verification app's, with their own
clean-up in verification/retention.py).
"""

from datetime import datetime, timedelta

from django.conf import settings

from samenwerkwijzer.privacy.registry import register_retention

from .models import SigningEvent


def clean_up_trail_addresses(now: datetime) -> int:
    before = now - timedelta(days=settings.RETENTION_AUDIT_ADDRESS_DAYS)
    # A queryset update: the events' save() refuses changes, this one clean-up is the exception.
    return SigningEvent.objects.filter(created_at__lte=before, ip_address__isnull=False).update(ip_address=None)


register_retention("audit log addresses", clean_up_trail_addresses)
