"""Renewing the archive timestamp of sealed agreements (PAdES B-LTA), run by the scheduled jobs.

A sealed agreement ends with a document timestamp (sealing.add_long_term_validation). Its
evidence holds as long as the time-stamping authority's certificate is valid; before it
expires (``AGREEMENT_SEAL_RENEW_DAYS``, default 90 days ahead) pyHanko adds the validation
information for that last timestamp to the document security store and a new document
timestamp over everything (``PdfTimeStamper.update_archival_timestamp_chain``).

Renewing appends an incremental update: the earlier bytes stay as they were, the file gets a
new SHA-256. The old one is kept as a ``SealedDigest`` so that a copy downloaded before is
still recognised. Everything is built in memory; the row is only updated with a complete new
file. A TSA or revocation server that fails leaves the document untouched (logged) and the job
goes on with the next one; it is tried again on the next run.
"""

import datetime
import hashlib
import io
import logging

from django.db import transaction

from . import seal_material, sealing
from .models import SealedDigest, SealedDocument

logger = logging.getLogger(__name__)

RENEW_DAYS = "AGREEMENT_SEAL_RENEW_DAYS"
DEFAULT_RENEW_DAYS = 90
RETRY_AFTER = datetime.timedelta(days=7)


def renew_days() -> int:
    return int(seal_material._configured(RENEW_DAYS) or DEFAULT_RENEW_DAYS)


def renewed_pdf(pdf: bytes) -> bytes:
    """``pdf`` with the validation info for its last document timestamp and a new one after it."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers

    stamper = signers.PdfTimeStamper(sealing.timestamper())
    output = seal_material._outside_event_loop(
        stamper.update_archival_timestamp_chain,
        PdfFileReader(io.BytesIO(pdf)),
        sealing.revocation_context(),
        in_place=False,
        output=io.BytesIO(),
    )
    return output.getvalue()


def renew_archive_timestamps(*, now: datetime.datetime) -> int:
    """Add a new archive timestamp to every sealed agreement whose last one expires soon.

    Returns how many were renewed. Without a configured TSA nothing is done.
    """
    if not sealing.tsa_url():
        return 0
    window = datetime.timedelta(days=renew_days())
    due = SealedDocument.objects.filter(
        archive_timestamp_expires_at__isnull=False, archive_timestamp_expires_at__lte=now + window
    ).order_by("archive_timestamp_expires_at", "pk")
    renewed = 0
    for pk, expires_at, renewed_at in due.values_list(
        "pk", "archive_timestamp_expires_at", "archive_timestamp_renewed_at"
    ):
        if _already_renewed(expires_at=expires_at, renewed_at=renewed_at, window=window, now=now):
            continue
        if _renew_one(pk=pk, now=now):
            renewed += 1
    return renewed


def _already_renewed(*, expires_at, renewed_at, window, now) -> bool:
    """Renewed since the last timestamp came into the window, and not long ago.

    A renewal normally moves the expiry out of the window (the TSA signs with a newer
    certificate). When the TSA still uses the expiring certificate the renewal still records
    the validation info, but repeating it every run would only grow the file: it is retried
    after ``RETRY_AFTER`` instead.
    """
    if renewed_at is None:
        return False
    return renewed_at > expires_at - window and renewed_at > now - RETRY_AFTER


def _renew_one(*, pk: int, now: datetime.datetime) -> bool:
    sealed = SealedDocument.objects.get(pk=pk)
    old_pdf = bytes(sealed.pdf)
    try:
        new_pdf = renewed_pdf(old_pdf)
        expires_at = sealing.facts_of(new_pdf).archive_timestamp_expires_at
    except Exception:  # TSA/CRL/OCSP down, slow or garbage: pyHanko raises many kinds
        logger.exception("The archive timestamp of sealed document %s could not be renewed now", pk)
        return False
    if expires_at is None:
        logger.error("Sealed document %s: the renewed file has no archive timestamp; not stored", pk)
        return False
    if sealed.archive_timestamp_expires_at and expires_at <= sealed.archive_timestamp_expires_at:
        logger.warning(
            "Sealed document %s: the TSA still signs with a certificate that expires %s; the new "
            "archive timestamp does not last longer. Check the time-stamping authority.",
            pk,
            expires_at,
        )
    with transaction.atomic():
        locked = SealedDocument.objects.select_for_update().get(pk=pk)
        if locked.sha256 != sealed.sha256:  # renewed by a concurrent run meanwhile
            return False
        SealedDigest.objects.get_or_create(sealed=locked, sha256=locked.sha256)
        locked.pdf = new_pdf
        locked.sha256 = hashlib.sha256(new_pdf).hexdigest()
        locked.archive_timestamp_expires_at = expires_at
        locked.archive_timestamp_renewed_at = now
        locked.save(update_fields=["pdf", "sha256", "archive_timestamp_expires_at", "archive_timestamp_renewed_at"])
    logger.info("Renewed the archive timestamp of sealed document %s (valid until %s)", pk, expires_at)
    return True
