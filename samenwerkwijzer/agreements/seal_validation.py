"""Does a PDF carry this installation's seal, intact, trusted, and changed since only by long-term
validation maintenance? And which PAdES baseline level does it *reach* (validated, not merely present)?

A sealed file is the frozen PDF, then the seal (the one ``/Sig`` signature, certified: no changes),
and with a time-stamping authority a DSS update (chain and revocation information) and one or more
document timestamps (``/DocTimeStamp``; the archive timestamp is renewed later). pyHanko's
difference analysis must find every revision after the seal to be only DSS/document-timestamp
maintenance (``ModificationLevel.LTA_UPDATES``), and the last signature must cover the whole file.

Validation is offline: the chain and revocation information come from the file's own DSS, nothing
is fetched, so a file can be verified without our server and after the TSA is gone. Trust comes
from ``AGREEMENT_SEAL_TRUST_ROOTS`` (for the seal and for the TSA) or, for the development
certificate, from the exact certificate recorded with the document ("fingerprint"): that seal is
valid here, but its chain is not trusted by anyone else.

Levels: B-B the seal is valid; B-T plus a valid signature timestamp from a trusted TSA; B-LT plus
chain and revocation information in the DSS enough to validate the seal and the timestamp with
fetching off and revocation information required; B-LTA plus a valid, trusted document timestamp.
"""

import datetime
import io
from dataclasses import dataclass, field

from .seal_material import FIELD_NAME, SealConfigurationError, _outside_event_loop, certificate_sha256, trust_roots

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")


@dataclass(frozen=True)
class ArchiveTimestamp:
    """A document timestamp after the seal, as validated."""

    at: datetime.datetime
    tsa_subject: str
    trusted: bool


@dataclass(frozen=True)
class SealCheck:
    valid: bool
    reason: str  # "ok", "no_seal", "untrusted", "broken", "changed", "unreadable"
    # How a valid seal is trusted: "root" (its chain leads to AGREEMENT_SEAL_TRUST_ROOTS) or
    # "fingerprint" (exactly a certificate this installation sealed with, e.g. the development one).
    trusted_by: str = ""
    # The facts of a valid seal (not compared: two checks of the same verdict are equal).
    pades_level: str = field(default="", compare=False)  # the level reached, "" when not valid
    certificate_subject: str = field(default="", compare=False)
    timestamped_at: datetime.datetime | None = field(default=None, compare=False)
    tsa_subject: str = field(default="", compare=False)
    archive_timestamps: tuple[ArchiveTimestamp, ...] = field(default=(), compare=False)

    @property
    def chain_trusted(self) -> bool:
        """Does the seal certificate's chain lead to a configured trust root?"""
        return self.valid and self.trusted_by == "root"


def _configured_roots_or_none() -> list:
    """The trust roots for verification; a broken setting trusts no root rather than failing."""
    try:
        return trust_roots()
    except SealConfigurationError:
        return []


def _read_dss(reader):
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    try:
        return DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS in the file (or an unreadable one: then nothing offline can come from it)
        return None


def _context(dss, anchors, *, strict: bool):
    """Offline: fetching off. ``strict`` requires revocation information (a CRL for end-entity
    certificates, as the seal collects it), else revocation is checked where present (soft-fail)."""
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule

    kwargs = {"trust_roots": anchors, "allow_fetching": False}
    if strict:
        kwargs["revinfo_policy"] = CertRevTrustPolicy(
            RevocationCheckingPolicy(
                ee_certificate_rule=RevocationCheckingRule.CRL_REQUIRED,
                intermediate_ca_cert_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
            )
        )
    else:
        kwargs["revocation_mode"] = "soft-fail"
    return dss.as_validation_context(kwargs) if dss is not None else ValidationContext(**kwargs)


def _changed_only_by_maintenance(status) -> bool:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
        # The seal certifies "no changes": pyHanko's DocMDP verdict must accept the LTA updates.
        # (A document timestamp carries no DocMDP permissions of its own.)
        and getattr(status, "docmdp_ok", True) is not False
    )


def check_seal(pdf: bytes, *, trusted_fingerprints: set[str]) -> SealCheck:
    """Is ``pdf`` sealed by a certificate chaining to a trust root, or by one of these certificates,
    untouched since but for DSS and document timestamps, and which PAdES level does it reach?"""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        kinds = [s.sig_object_type for s in signatures]
    except Exception:  # any malformed upload is simply "unreadable"
        return SealCheck(False, "unreadable")
    seals = [s for s in signatures if s.sig_object_type == "/Sig"]
    stamps = [s for s in signatures if s.sig_object_type == "/DocTimeStamp"]
    if len(seals) != 1 or seals[0].field_name != FIELD_NAME or len(seals) + len(stamps) != len(kinds):
        return SealCheck(False, "no_seal")
    seal = seals[0]
    try:
        signer_cert = seal.signer_cert
    except Exception:  # a damaged signature structure counts as broken
        return SealCheck(False, "broken")
    attempts = []
    if roots := _configured_roots_or_none():
        attempts.append(("root", roots))
    if certificate_sha256(signer_cert) in trusted_fingerprints:
        attempts.append(("fingerprint", [signer_cert]))
    if not attempts:
        return SealCheck(False, "untrusted")
    if not pdf.rstrip().endswith(b"%%EOF"):
        return SealCheck(False, "changed")  # bytes after the last revision: not part of any signed update
    dss = _read_dss(reader)
    for trusted_by, anchors in attempts:
        try:
            result = _check_with(seal, stamps, dss, anchors)
        except Exception:  # a damaged signature structure counts as broken
            return SealCheck(False, "broken")
        if result is None:
            continue
        if isinstance(result, str):
            return SealCheck(False, result)
        return SealCheck(True, "ok", trusted_by, certificate_subject=signer_cert.subject.human_friendly, **result)
    return SealCheck(False, "untrusted")


def _check_with(seal, stamps, dss, anchors):
    """None when the seal is not trusted by ``anchors``; a reason when it is broken or changed;
    else the facts of the level reached."""
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    status = _outside_event_loop(validate_pdf_signature, seal, _context(dss, anchors, strict=False))
    if not (status.intact and status.valid):
        return "broken"
    if not status.trusted:
        return None
    if not _changed_only_by_maintenance(status):
        return "changed"
    stamp_statuses = []
    for stamp in stamps:
        stamp_status = _outside_event_loop(validate_pdf_timestamp, stamp, _context(dss, anchors, strict=False))
        if not (stamp_status.intact and stamp_status.valid):
            return "broken"
        if not _changed_only_by_maintenance(stamp_status):
            return "changed"
        stamp_statuses.append((stamp, stamp_status))
    facts = {"pades_level": "B-B"}
    timestamp = status.timestamp_validity
    if timestamp is not None and timestamp.intact and timestamp.valid and timestamp.trusted:
        facts.update(
            pades_level="B-T",
            timestamped_at=timestamp.timestamp,
            tsa_subject=timestamp.signing_cert.subject.human_friendly,
        )
    archive = []
    if facts["pades_level"] == "B-T" and dss is not None:
        strict = _outside_event_loop(validate_pdf_signature, seal, _context(dss, anchors, strict=True), skip_diff=True)
        timestamp = strict.timestamp_validity
        if strict.trusted and timestamp is not None and timestamp.trusted:
            facts["pades_level"] = "B-LT"
    for stamp, stamp_status in stamp_statuses:
        trusted = bool(stamp_status.trusted)
        if facts["pades_level"] in ("B-LT", "B-LTA") and trusted:
            strict = _outside_event_loop(
                validate_pdf_timestamp, stamp, _context(dss, anchors, strict=True), skip_diff=True
            )
            if strict.intact and strict.valid and strict.trusted:
                facts["pades_level"] = "B-LTA"
        archive.append(
            ArchiveTimestamp(stamp_status.timestamp, stamp_status.signing_cert.subject.human_friendly, trusted)
        )
    facts["archive_timestamps"] = tuple(archive)
    return facts
