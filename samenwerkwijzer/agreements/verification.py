"""Is this PDF exactly a document that was signed here? Used by the upload page and the command."""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import sealing
from .models import Freeze, SealedDocument

MAX_BYTES = 10 * 1024 * 1024

VALID_SEALED = "valid_sealed"
VALID_SIGNED = "valid_signed"
NOT_PDF = "not_pdf"
TOO_LARGE = "too_large"
NOT_SIGNED_BY_ALL = "not_signed_by_all"
VOIDED = "voided"
SEAL_BROKEN = "seal_broken"
CHANGED_AFTER_SEALING = "changed_after_sealing"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verification:
    code: str
    sha256: str = ""
    freeze: Freeze | None = None

    @property
    def valid(self) -> bool:
        return self.code in (VALID_SEALED, VALID_SIGNED)


def verify(data: bytes) -> Verification:
    if len(data) > MAX_BYTES:
        return Verification(TOO_LARGE)
    if not data.startswith(b"%PDF-"):
        return Verification(NOT_PDF)
    digest = hashlib.sha256(data).hexdigest()
    sealed = (
        SealedDocument.objects.select_related("freeze__document__collaboration", "freeze__version")
        .filter(sha256=digest)
        .first()
    )
    if sealed is not None:
        check = sealing.check_seal(data, trusted_fingerprints={sealed.certificate_sha256, sealing.certificate_sha256()})
        return Verification(VALID_SEALED if check.valid else SEAL_BROKEN, digest, sealed.freeze)
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
    check = sealing.check_seal(data, trusted_fingerprints={sealing.certificate_sha256()})
    if check.reason in ("broken", "changed", "ok"):
        # Our seal is in it, but the file is not one we issued: it was changed.
        return Verification(CHANGED_AFTER_SEALING, digest)
    return Verification(UNKNOWN, digest)


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
        UNKNOWN: _(
            "Not valid. This file is not byte for byte identical to any document signed here. "
            "Even a change of a single character makes a file different."
        ),
    }
    return messages[result.code] % facts if facts else messages[result.code]
