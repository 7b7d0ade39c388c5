"""Renewing the archive (document) timestamp of sealed agreements, against the real local TSA,
OCSP responder and CRLs of the test PKI (testsupport/pki.py)."""

import datetime
import hashlib
import io

import pytest

from samenwerkwijzer.agreements import archive, sealing, verification
from samenwerkwijzer.agreements.models import DocumentKind, SealedDigest, SealedDocument
from samenwerkwijzer.core import jobs

from .factories import signed_agreement
from .test_pdf_archival import assert_pdfa_3u_and_tagged


def document_timestamps(pdf: bytes) -> list:
    from pyhanko.pdf_utils.reader import PdfFileReader

    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return [s for s in signatures if s.sig_object.get("/Type") == "/DocTimeStamp"]


def seal_status(pdf: bytes):
    """The seal checked by pyHanko itself against the test root, offline."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    seal = next(s for s in PdfFileReader(io.BytesIO(pdf)).embedded_signatures if s.field_name == sealing.FIELD_NAME)
    context = ValidationContext(trust_roots=sealing.trust_roots(), allow_fetching=False, revocation_mode="soft-fail")
    return validate_pdf_signature(seal, context)


def timestamp_status(stamp):
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=sealing.trust_roots(), allow_fetching=False, revocation_mode="soft-fail")
    return validate_pdf_timestamp(stamp, validation_context=context)


def soon_before_expiry(sealed: SealedDocument) -> datetime.datetime:
    return sealed.archive_timestamp_expires_at - datetime.timedelta(days=10)


def test_a_seal_nearing_the_expiry_of_its_archive_timestamp_gets_a_new_one(personas, pki_seal):
    sealed = SealedDocument.objects.get(freeze=signed_agreement(personas))
    old_pdf, old_sha = bytes(sealed.pdf), sealed.sha256
    assert len(document_timestamps(old_pdf)) == 1
    accepted_when_sealed = verification.verify(old_pdf).valid
    now = soon_before_expiry(sealed)

    assert archive.renew_archive_timestamps(now=now) == 1

    sealed.refresh_from_db()
    new_pdf = bytes(sealed.pdf)
    assert new_pdf.startswith(old_pdf)  # an incremental update: the earlier bytes stay as they were
    assert len(document_timestamps(new_pdf)) == 2
    assert sealed.sha256 == hashlib.sha256(new_pdf).hexdigest() != old_sha
    assert SealedDigest.objects.filter(sealed=sealed, sha256=old_sha).exists()
    assert sealed.archive_timestamp_renewed_at == now
    assert sealed.archive_timestamp_expires_at == sealing.facts_of(new_pdf).archive_timestamp_expires_at
    assert sealing.facts_of(new_pdf).pades_level == "B-LTA"
    assert_pdfa_3u_and_tagged(new_pdf)  # the archival catalogue survives the renewal
    status = seal_status(new_pdf)
    assert status.intact and status.valid and status.trusted
    for stamp in document_timestamps(new_pdf):
        stamp_status = timestamp_status(stamp)
        assert stamp_status.intact and stamp_status.valid
    # Whatever our verification says of a freshly sealed file, it says of a renewed one.
    assert verification.verify(new_pdf).valid == accepted_when_sealed

    # Right after, nothing more to do: the file stays exactly as it is.
    assert archive.renew_archive_timestamps(now=now + datetime.timedelta(minutes=15)) == 0
    sealed.refresh_from_db()
    assert bytes(sealed.pdf) == new_pdf


def test_the_scheduled_jobs_renew_archive_timestamps(personas, pki_seal):
    sealed = SealedDocument.objects.get(freeze=signed_agreement(personas))
    assert jobs.run_all(now=soon_before_expiry(sealed))["archive timestamps renewed"] == 1


def test_far_from_expiry_nothing_happens(personas, pki_seal):
    sealed = SealedDocument.objects.get(freeze=signed_agreement(personas))
    before = bytes(sealed.pdf)
    now = sealed.archive_timestamp_expires_at - datetime.timedelta(days=archive.DEFAULT_RENEW_DAYS + 1)
    assert archive.renew_archive_timestamps(now=now) == 0
    sealed.refresh_from_db()
    assert bytes(sealed.pdf) == before
    assert sealed.archive_timestamp_renewed_at is None
    assert not SealedDigest.objects.exists()


def test_the_renewal_window_is_configurable(personas, pki_seal, settings):
    sealed = SealedDocument.objects.get(freeze=signed_agreement(personas))
    setattr(settings, archive.RENEW_DAYS, "5")
    assert archive.renew_archive_timestamps(now=soon_before_expiry(sealed)) == 0
    setattr(settings, archive.RENEW_DAYS, "11")
    assert archive.renew_archive_timestamps(now=soon_before_expiry(sealed)) == 1


def test_without_a_tsa_nothing_happens(personas, pki_seal, settings):
    sealed = SealedDocument.objects.get(freeze=signed_agreement(personas))
    before = bytes(sealed.pdf)
    setattr(settings, sealing.TSA_URL, "")
    assert archive.renew_archive_timestamps(now=soon_before_expiry(sealed)) == 0
    sealed.refresh_from_db()
    assert bytes(sealed.pdf) == before


def test_a_tsa_that_is_down_changes_nothing(personas, pki_seal, settings, caplog):
    import socket

    sealed = SealedDocument.objects.get(freeze=signed_agreement(personas))
    before = (bytes(sealed.pdf), sealed.sha256, sealed.archive_timestamp_expires_at)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    setattr(settings, sealing.TSA_URL, f"http://127.0.0.1:{closed_port}/tsa")
    setattr(settings, sealing.TSA_TIMEOUT, "2")

    assert archive.renew_archive_timestamps(now=soon_before_expiry(sealed)) == 0

    sealed.refresh_from_db()
    assert (bytes(sealed.pdf), sealed.sha256, sealed.archive_timestamp_expires_at) == before
    assert sealed.archive_timestamp_renewed_at is None
    assert not SealedDigest.objects.exists()
    assert "could not be renewed" in caplog.text


def test_one_failing_document_does_not_stop_the_others(personas, pki_seal, monkeypatch):
    first = SealedDocument.objects.get(freeze=signed_agreement(personas, kind=DocumentKind.LETTER_OF_INTENT))
    second = SealedDocument.objects.get(freeze=signed_agreement(personas, kind=DocumentKind.AGREEMENT))
    first_pdf = bytes(first.pdf)
    real = archive.renewed_pdf

    def failing_for_the_first(pdf):
        if pdf == first_pdf:
            raise OSError("the TSA hung up")
        return real(pdf)

    monkeypatch.setattr(archive, "renewed_pdf", failing_for_the_first)
    now = soon_before_expiry(second)
    assert first.archive_timestamp_expires_at <= second.archive_timestamp_expires_at  # the first is tried first

    assert archive.renew_archive_timestamps(now=now) == 1

    first.refresh_from_db()
    second.refresh_from_db()
    assert bytes(first.pdf) == first_pdf and first.archive_timestamp_renewed_at is None
    assert second.archive_timestamp_renewed_at == now
    assert len(document_timestamps(bytes(second.pdf))) == 2


@pytest.mark.parametrize("days_ago", [1, 8])
def test_a_renewal_that_did_not_move_the_expiry_is_retried_weekly(personas, pki_seal, days_ago):
    # The test TSA keeps its certificate, so the new archive timestamp expires when the old one did.
    sealed = SealedDocument.objects.get(freeze=signed_agreement(personas))
    now = soon_before_expiry(sealed)
    assert archive.renew_archive_timestamps(now=now - datetime.timedelta(days=days_ago)) == 1
    assert archive.renew_archive_timestamps(now=now) == (1 if days_ago > 7 else 0)
