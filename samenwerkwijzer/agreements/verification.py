"""Is this PDF exactly a document that was signed here? Used by the upload page and the command."""

import datetime
import hashlib
import io
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from . import seal_material
from .models import Freeze, SealedDocument, Signature
from .seal_validation import SealCheck, check_seal

MAX_BYTES = 10 * 1024 * 1024

VALID_SEALED = "valid_sealed"
VALID_SIGNED = "valid_signed"
NOT_PDF = "not_pdf"
ENCRYPTED = "encrypted"
TOO_LARGE = "too_large"
NOT_SIGNED_BY_ALL = "not_signed_by_all"
VOIDED = "voided"
SEAL_BROKEN = "seal_broken"
CHANGED_AFTER_SEALING = "changed_after_sealing"
UNTRUSTED_SEAL = "untrusted_seal"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verification:
    code: str
    sha256: str = ""
    freeze: Freeze | None = None
    # The subject of the certificate that sealed the file, read from the file itself ("" when it has no seal).
    certificate_subject: str = ""
    # The seal as validated: PAdES level reached, chain trust, timestamps (None when there is no seal).
    seal: SealCheck | None = None

    @property
    def valid(self) -> bool:
        return self.code in (VALID_SEALED, VALID_SIGNED)


def _own_certificates() -> set[str]:
    """The fingerprint of this installation's seal certificate; none when the seal is not set up
    properly (then only a seal chaining to a configured root, or one recorded with the document,
    is trusted; the system checks name the fault)."""
    try:
        return {seal_material.certificate_sha256()}
    except seal_material.SealConfigurationError:
        return set()


def verify(data: bytes) -> Verification:
    if len(data) > MAX_BYTES:
        return Verification(TOO_LARGE)
    if not data.startswith(b"%PDF-"):
        return Verification(NOT_PDF)
    digest = hashlib.sha256(data).hexdigest()
    # The sealed document as it is now, or a copy from before its archive timestamp was renewed.
    sealed = (
        SealedDocument.objects.select_related("freeze__document__collaboration", "freeze__version")
        .filter(Q(sha256=digest) | Q(digests__sha256=digest))
        .first()
    )
    if sealed is not None:
        check = check_seal(data, trusted_fingerprints={sealed.certificate_sha256} | _own_certificates())
        code = VALID_SEALED if check.valid else SEAL_BROKEN
        return Verification(code, digest, sealed.freeze, seal_certificate_subject(data), check)
    freeze = (
        Freeze.objects.select_related("document__collaboration", "version")
        .defer("pdf")
        .filter(pdf_sha256=digest)
        .order_by("-frozen_at")
        .first()
    )
    if freeze is not None:
        signed = set(freeze.signatures.values_list("organisation_id", flat=True))
        if set(freeze.organisation_ids) <= signed:
            return Verification(VALID_SIGNED, digest, freeze)
        return Verification(VOIDED if freeze.is_void else NOT_SIGNED_BY_ALL, digest, freeze)
    if is_encrypted(data):
        return Verification(ENCRYPTED, digest)
    check = check_seal(data, trusted_fingerprints=_own_certificates())
    if check.reason in ("broken", "changed", "ok"):
        # Our seal is in it, but the file is not one we issued: it was changed.
        return Verification(CHANGED_AFTER_SEALING, digest, certificate_subject=seal_certificate_subject(data))
    if check.reason == "untrusted":
        # A seal, but from a certificate that chains to none of our roots and is not one we sealed with.
        return Verification(UNTRUSTED_SEAL, digest, certificate_subject=seal_certificate_subject(data))
    return Verification(UNKNOWN, digest)


def is_encrypted(data: bytes) -> bool:
    """Is this PDF protected with a password or certificate? Documents signed here never are."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return bool(PdfFileReader(io.BytesIO(data), strict=False).encrypted)
    except Exception:  # a malformed file is not encrypted; it is simply unknown
        return False


def seal_certificate_subject(data: bytes) -> str:
    """The subject of the certificate of the (single) seal in the file, as written in the file; "" when none.
    Document timestamps after the seal do not count."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
        seals = [s for s in signatures if s.sig_object_type == "/Sig"]
        return seals[0].signer_cert.subject.human_friendly if len(seals) == 1 else ""
    except Exception:  # a damaged signature has no subject we can rely on
        return ""


def signatures_of(result: Verification) -> list[Signature]:
    """The signatures recorded for the matched document, in signing order.

    They come from this installation's database, found by the file's SHA-256 fingerprint; the sealed PDF's
    signature page shows the same facts to a human reader.
    """
    if result.freeze is None:
        return []
    return list(result.freeze.signatures.order_by("created_at", "id"))


def signatory_line(signature: Signature) -> str:
    """``signatory: NAME (ORGANISATION, KvK NUMBER), method: METHOD`` (the method as stored, e.g. ``totp``)."""
    kvk = f"KvK {signature.organisation_kvk_number}" if signature.organisation_kvk_number else "no KvK number"
    return f"signatory: {signature.signer_name} ({signature.organisation_name}, {kvk}), method: {signature.method}"


def iso_utc(moment: datetime.datetime) -> str:
    """``2026-12-06T12:28:15Z``: ISO 8601 in UTC, to the second (machine-readable, not for people)."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def report_lines(result: Verification) -> list[str]:
    """What ``agreement_verify`` prints after its first line; the format is documented in docs/architecture.md:
    ``PAdES B-…`` (the level reached by a valid seal), ``certificate: SUBJECT``, ``chain: trusted`` or
    ``chain: not trusted``, ``timestamp: ISO-8601-UTC, TSA: SUBJECT`` (with a signature timestamp), then
    one ``signatory:`` line per signature."""
    lines = []
    seal = result.seal
    if seal is not None and seal.valid:
        lines.append(f"PAdES {seal.pades_level}")
        lines.append(f"certificate: {seal.certificate_subject}")
        lines.append("chain: trusted" if seal.chain_trusted else "chain: not trusted")
        if seal.timestamped_at is not None:
            lines.append(f"timestamp: {iso_utc(seal.timestamped_at)}, TSA: {seal.tsa_subject}")
    elif result.certificate_subject:
        lines.append(f"certificate: {result.certificate_subject}")
    lines.extend(signatory_line(signature) for signature in signatures_of(result))
    return lines


def level_text(result: Verification) -> str:
    """What the PAdES level reached by a valid seal means, in one line; "" without a valid seal."""
    if result.seal is None or not result.seal.valid:
        return ""
    texts = {
        "B-B": _(
            "the seal is valid, but it has no trusted timestamp: when it was made is not proven "
            "independently, and once its certificate has expired it can no longer be checked."
        ),
        "B-T": _("the seal is valid and a trusted timestamp proves when it was made."),
        "B-LT": _(
            "the seal is valid, a trusted timestamp proves when it was made, and the file holds everything "
            "needed to check it without Samenwerkwijzer or the internet."
        ),
        "B-LTA": _(
            "the seal is valid, a trusted timestamp proves when it was made, the file holds everything "
            "needed to check it without Samenwerkwijzer or the internet, and an archive timestamp keeps it "
            "checkable after the certificates have expired."
        ),
    }
    return texts[result.seal.pades_level]


def explain(result: Verification) -> str:
    freeze = result.freeze
    facts = {}
    if freeze is not None:
        facts = {"version": freeze.version.number, "date": freeze.frozen_at.date().isoformat()}
    messages = {
        VALID_SEALED: _(
            "Valid. This file is exactly the sealed copy of version %(version)s, signed by all parties; "
            "the seal is intact."
        ),
        VALID_SIGNED: _(
            "Valid. This file is exactly version %(version)s as it was signed by all parties "
            "(the copy without the signature page)."
        ),
        NOT_PDF: _("This file is not a PDF."),
        ENCRYPTED: _(
            "This PDF is protected with a password, so it is not a document from Samenwerkwijzer. "
            "Upload the PDF as downloaded here."
        ),
        TOO_LARGE: _("This file is larger than 10 MB, so it is not a document from Samenwerkwijzer."),
        NOT_SIGNED_BY_ALL: _(
            "Not valid. This is version %(version)s, put up for signing on %(date)s, "
            "but not all parties have signed it."
        ),
        VOIDED: _(
            "Not valid. This is version %(version)s, but it was changed before everyone signed, "
            "so its approvals and signatures were voided."
        ),
        SEAL_BROKEN: _("Not valid. The file matches a sealed document, but its seal cannot be verified."),
        CHANGED_AFTER_SEALING: _(
            "Not valid. The file carries the Samenwerkwijzer seal, but it was changed after sealing."
        ),
        UNTRUSTED_SEAL: _(
            "Not valid. The file carries a seal, but from a certificate that Samenwerkwijzer does not trust, "
            "so it is not a document sealed here."
        ),
        UNKNOWN: _(
            "Not valid. This file is not byte for byte identical to any document signed here. "
            "Even a change of a single character makes a file different."
        ),
    }
    return messages[result.code] % facts if facts else messages[result.code]
