"""The installation's seal: a PAdES signature (pyHanko) over the fully signed PDF.

The key and certificate come from ``seal_material.py``. With a time-stamping authority
configured (``AGREEMENT_SEAL_TSA_URL``, required in production) the seal is PAdES B-LTA:

1. the seal signature with an RFC 3161 signature timestamp (B-T);
2. the chain and revocation information (CRLs, OCSP responses), fetched *after* signing so
   that they are fresh for the signature, in the document security store (B-LT);
3. a document timestamp over all of it (B-LTA), renewed later by ``archive.py``.

Without a TSA (``make run``) the seal is B-B. Everything is built in memory: a TSA or
revocation server that is down, slow or answers garbage raises ``SealNotYetPossible`` and
nothing is stored; the agreement then stays "signed, not yet sealed" and is retried.

Sealing appends the signature page and the signature as an incremental update, so the
sealed file starts with the exact bytes of the frozen PDF that the partners signed.
"""

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass

from django.conf import settings

from . import seal_material
from .seal_material import (  # noqa: F401 (the names other modules and tests use through sealing)
    FIELD_NAME,
    PKCS12_ENV,
    PKCS12_PASSWORD_ENV,
    SEAL_CERT_ENV,
    SEAL_CHAIN_ENV,
    SEAL_KEY_ENV,
    SEAL_KEY_PASSWORD_ENV,
    TRUST_ROOTS_ENV,
    SealConfigurationError,
    _outside_event_loop,
    _signer,
    _signer_cache,
    certificate,
    certificate_sha256,
    certificate_subject,
    configured_signer,
    configured_source,
    generated_refused_message,
    trust_roots,
)
from .seal_validation import SealCheck, _configured_roots_or_none, check_seal  # noqa: F401 (moved; tests use them here)

logger = logging.getLogger(__name__)


TSA_URL = "AGREEMENT_SEAL_TSA_URL"
TSA_TIMEOUT = "AGREEMENT_SEAL_TSA_TIMEOUT"


class SealNotYetPossible(Exception):
    """The seal could not be made now (TSA or revocation server down, slow or answering garbage).

    Nothing was written; the agreement stays "signed, not yet sealed" and is sealed later by the
    scheduled jobs or by the lead's button. ``message`` says why, in the active language.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def tsa_required_message() -> str:
    from django.utils.translation import gettext as _

    return _(
        "No time-stamping authority is configured: in production every seal carries a trusted "
        "timestamp; set AGREEMENT_SEAL_TSA_URL (see docs/deployment.md)."
    )


def tsa_url() -> str:
    return seal_material._configured(TSA_URL).strip()


def _tsa_timeout() -> float:
    return float(seal_material._configured(TSA_TIMEOUT) or 10)


def timestamper():
    """pyHanko's RFC 3161 client for the configured TSA; None when no TSA is configured."""
    from pyhanko.sign.timestamps import HTTPTimeStamper

    url = tsa_url()
    return HTTPTimeStamper(url, timeout=_tsa_timeout()) if url else None


def revocation_context(*, fetching: bool = True):
    """The validation context for collecting (or checking) the seal's and TSA's chain and
    revocation information: the configured trust roots, CRLs required for end-entity
    certificates (a PAdES B-LT seal must hold up offline, and offline AdES validation needs the
    CRL), CRL or OCSP for intermediate CAs; a missing answer is an error, not a guess."""
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule

    policy = CertRevTrustPolicy(
        RevocationCheckingPolicy(
            ee_certificate_rule=RevocationCheckingRule.CRL_REQUIRED,
            intermediate_ca_cert_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
        )
    )
    return ValidationContext(
        trust_roots=trust_roots(),
        allow_fetching=fetching,
        revinfo_policy=policy,
        fetcher_backend=_fetcher_backend() if fetching else None,
    )


def _fetcher_backend():
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    return RequestsFetcherBackend(per_request_timeout=_tsa_timeout())


def _not_yet_possible(error: Exception) -> SealNotYetPossible:
    from django.utils.translation import gettext as _

    logger.warning("The agreement cannot be sealed yet: %r", error)
    return SealNotYetPossible(
        _(
            "The time-stamping authority or the certificate authority did not answer in time or "
            "answered something unusable, so the seal could not be made yet. The signatures are "
            'recorded; the seal is added automatically later, or by the lead with "Zegel nu '
            'toevoegen".'
        )
    )


def _append_pages(pdf: bytes, appendix: bytes):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PageObject

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    source = PdfFileReader(io.BytesIO(appendix))
    for index in range(int(source.root["/Pages"]["/Count"])):
        page_ref, _resources = source.find_page_for_modification(index)
        media_box = [float(x) for x in page_ref.get_object()["/MediaBox"]]
        xobject = writer.import_page_as_xobject(source, page_ix=index)
        contents = writer.add_object(generic.StreamObject(stream_data=b"q /SealPage Do Q"))
        resources = generic.DictionaryObject(
            {pdf_name("/XObject"): generic.DictionaryObject({pdf_name("/SealPage"): xobject})}
        )
        writer.insert_page(PageObject(contents=contents, media_box=media_box, resources=resources))
    return writer


def seal_pdf(pdf: bytes, appendix: bytes, *, reason: str, location: str = "Samenwerkwijzer") -> bytes:
    """Append the pages of ``appendix`` to ``pdf`` and certify the result with the seal.

    PAdES B-LTA with a configured TSA, else B-B. Raises ``SealConfigurationError`` (the seal
    cannot be used) or ``SealNotYetPossible`` (a server did not help now); returns the bytes
    of the complete sealed file, never part of one.
    """
    from pyhanko.sign import fields, signers

    signer = _signer()  # a seal that cannot be used refuses before any work is done
    stamper = timestamper()
    writer = _append_pages(pdf, appendix)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    try:
        signed = _outside_event_loop(signers.sign_pdf, writer, metadata, signer=signer, timestamper=stamper)
        if stamper is None:
            return signed.getvalue()
        return _outside_event_loop(add_long_term_validation, signed, stamper)
    except SealConfigurationError:
        raise
    except Exception as error:  # TSA/CRL/OCSP down, slow, garbage: pyHanko raises many kinds
        raise _not_yet_possible(error) from error


def add_long_term_validation(signed: io.BytesIO, stamper) -> bytes:
    """B-T → B-LTA: revocation information for the seal (fetched now, after the signature time)
    in the document security store, then a document timestamp with its own validation info."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import add_validation_info

    context = revocation_context()
    seal = next(s for s in PdfFileReader(signed).embedded_signatures if s.field_name == FIELD_NAME)
    with_revocation = add_validation_info(seal, context)
    archived = signers.PdfTimeStamper(stamper).timestamp_pdf(
        IncrementalPdfFileWriter(with_revocation), "sha256", validation_context=context
    )
    return archived.getvalue()


@dataclass(frozen=True)
class SealFacts:
    """What a sealed file says about its seal, for storing with it and showing to people."""

    certificate_subject: str
    pades_level: str  # "B-B", "B-T", "B-LT", "B-LTA"
    timestamped_at: datetime.datetime | None = None
    tsa_subject: str = ""
    archive_timestamp_expires_at: datetime.datetime | None = None


def facts_of(pdf: bytes) -> SealFacts:
    """Read the facts of our own freshly made seal from the file (no trust decisions here)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.general import extract_certificate_info
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    reader = PdfFileReader(io.BytesIO(pdf))
    signatures = reader.embedded_signatures
    seal = next(s for s in signatures if s.field_name == FIELD_NAME)
    token = next(extract_tst_data_iter(seal.signer_info, signed=False), None)
    timestamped_at = tsa_subject = None
    if token is not None:
        timestamped_at = token["encap_content_info"]["content"].parsed["gen_time"].native
        tsa_subject = extract_certificate_info(token).signer_cert.subject.human_friendly
    document_stamps = [s for s in signatures if s.sig_object.get("/Type") == "/DocTimeStamp"]
    try:
        has_dss = DocumentSecurityStore.read_dss(reader) is not None
    except Exception:  # no DSS in the file
        has_dss = False
    level = "B-B"
    if token is not None:
        level = "B-T"
        if has_dss:
            level = "B-LT"
            if document_stamps:
                level = "B-LTA"
    expires = document_stamps[-1].signer_cert.not_valid_after if document_stamps else None
    return SealFacts(
        certificate_subject=seal.signer_cert.subject.human_friendly,
        pades_level=level,
        timestamped_at=timestamped_at,
        tsa_subject=tsa_subject or "",
        archive_timestamp_expires_at=expires,
    )


def seal_freeze(freeze):
    """Seal a fully signed freeze: signature page appended, certified with the installation seal."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from . import rendering
    from .models import SealedDocument, SigningEvent

    events = list(
        freeze.events.filter(
            kind__in=[SigningEvent.Kind.FROZEN, SigningEvent.Kind.APPROVED, SigningEvent.Kind.SIGNED]
        ).order_by("created_at", "id")
    )
    signatures = list(freeze.signatures.order_by("created_at", "id"))
    if settings.PRODUCTION and configured_source() == "generated":
        raise SealConfigurationError(generated_refused_message())
    if settings.PRODUCTION and not tsa_url():
        raise SealConfigurationError(tsa_required_message())
    fingerprint = certificate_sha256()
    with translation.override(freeze.language):
        appendix = rendering.render_signature_page(
            freeze=freeze,
            events=events,
            signatures=signatures,
            certificate_sha256=fingerprint,
            certificate_subject=certificate_subject(),
        )
        reason = _("Signed by all parties in Samenwerkwijzer")
    sealed_pdf = seal_pdf(bytes(freeze.pdf), appendix, reason=reason)
    facts = facts_of(sealed_pdf)
    return SealedDocument.objects.create(
        freeze=freeze,
        pdf=sealed_pdf,
        sha256=hashlib.sha256(sealed_pdf).hexdigest(),
        certificate_sha256=fingerprint,
        certificate_subject=facts.certificate_subject[:500],
        pades_level=facts.pades_level,
        timestamped_at=facts.timestamped_at,
        tsa_subject=facts.tsa_subject[:500],
        archive_timestamp_expires_at=facts.archive_timestamp_expires_at,
    )
