"""The installation's own seal: a PAdES signature (pyHanko) over the fully signed PDF.

The certificate and key are PEM files. By default they are generated on first use into
``VAR_DIR/agreements/``; ``AGREEMENT_SIGNING_CERT`` and ``AGREEMENT_SIGNING_KEY`` (environment,
else Django settings) point elsewhere, ``AGREEMENT_SIGNING_KEY_PASSPHRASE`` unlocks an
encrypted key. No external service is involved: the certificate is self-signed, and
verification trusts exactly this certificate.

Sealing appends the signature page and the signature as an incremental update, so the
sealed file starts with the exact bytes of the frozen PDF that the partners signed.
"""

import asyncio
import datetime
import fcntl
import hashlib
import io
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CERT_ENV = "AGREEMENT_SIGNING_CERT"
KEY_ENV = "AGREEMENT_SIGNING_KEY"
PASSPHRASE_ENV = "AGREEMENT_SIGNING_KEY_PASSPHRASE"  # noqa: S105 (the name of a variable)
FIELD_NAME = "SamenwerkwijzerSeal"


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous API runs its own event loop; where one runs already, use a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def _configured(name: str) -> str:
    return os.environ.get(name) or getattr(settings, name, "") or ""


def material_paths() -> tuple[Path, Path]:
    default_dir = Path(settings.VAR_DIR) / "agreements"
    cert = _configured(CERT_ENV) or default_dir / "seal-certificate.pem"
    key = _configured(KEY_ENV) or default_dir / "seal-key.pem"
    return Path(cert), Path(key)


def _passphrase() -> bytes | None:
    value = _configured(PASSPHRASE_ENV)
    return value.encode() if value else None


def ensure_material() -> tuple[Path, Path]:
    """Return the certificate and key paths, generating both when neither exists yet."""
    cert_path, key_path = material_paths()
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    with open(cert_path.parent / ".seal.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two workers starting at once generate one pair
        if cert_path.exists() != key_path.exists():
            raise ImproperlyConfigured(
                f"Only one of {cert_path} and {key_path} exists; provide both or remove the other."
            )
        if not cert_path.exists():
            _generate(cert_path, key_path)
    return cert_path, key_path


def _generate(cert_path: Path, key_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"Samenwerkwijzer document seal ({socket.gethostname()[:40]})"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Samenwerkwijzer"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=20 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    passphrase = _passphrase()
    encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    key_bytes = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_bytes)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


_signer_cache: dict = {}


def _signer():
    from pyhanko.sign import signers

    cert_path, key_path = ensure_material()
    stamp = (str(cert_path), cert_path.stat().st_mtime, str(key_path), key_path.stat().st_mtime)
    if _signer_cache.get("stamp") != stamp:
        signer = signers.SimpleSigner.load(str(key_path), str(cert_path), key_passphrase=_passphrase())
        if signer is None:
            raise ImproperlyConfigured(f"The seal certificate {cert_path} or key {key_path} cannot be read.")
        _signer_cache.update(stamp=stamp, signer=signer)
    return _signer_cache["signer"]


def certificate():
    """The seal certificate (asn1crypto), generated when needed."""
    return _signer().signing_cert


def certificate_sha256(cert=None) -> str:
    return hashlib.sha256((cert or certificate()).dump()).hexdigest()


def certificate_subject() -> str:
    return certificate().subject.human_friendly


def seal_pdf(pdf: bytes, appendix: bytes, *, reason: str, location: str = "Samenwerkwijzer") -> bytes:
    """Append the pages of ``appendix`` to ``pdf`` and certify the result with the seal (PAdES B-B)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PageObject
    from pyhanko.sign import fields, signers

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
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    return _outside_event_loop(signers.sign_pdf, writer, metadata, signer=_signer()).getvalue()


@dataclass(frozen=True)
class SealCheck:
    valid: bool
    reason: str  # "ok", "no_seal", "untrusted", "broken", "changed", "unreadable"


def check_seal(pdf: bytes, *, trusted_fingerprints: set[str]) -> SealCheck:
    """Is ``pdf`` sealed by one of these certificates, untouched since, over the whole file?"""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # any malformed upload is simply "unreadable"
        return SealCheck(False, "unreadable")
    seals = [s for s in signatures if s.field_name == FIELD_NAME]
    if len(seals) != 1 or len(signatures) != 1:
        return SealCheck(False, "no_seal")
    seal = seals[0]
    signer_cert = seal.signer_cert
    if certificate_sha256(signer_cert) not in trusted_fingerprints:
        return SealCheck(False, "untrusted")
    context = ValidationContext(trust_roots=[signer_cert], allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = _outside_event_loop(validate_pdf_signature, seal, context)
    except Exception:  # a damaged signature structure counts as broken
        return SealCheck(False, "broken")
    if not (status.intact and status.valid):
        return SealCheck(False, "broken")
    if not status.trusted:
        return SealCheck(False, "untrusted")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SealCheck(False, "changed")
    return SealCheck(True, "ok")


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
    return SealedDocument.objects.create(
        freeze=freeze,
        pdf=sealed_pdf,
        sha256=hashlib.sha256(sealed_pdf).hexdigest(),
        certificate_sha256=fingerprint,
    )
