"""Where the seal's key and certificate come from, checked before use.

Configuration (Django settings, which ``settings.py`` reads from the environment of the same
name; docs/deployment.md, "Het zegel"):

- ``AGREEMENT_SEAL_PKCS12`` (+ ``AGREEMENT_SEAL_PKCS12_PASSWORD``): a PKCS#12 file with key,
  certificate and chain; or
- ``AGREEMENT_SEAL_KEY`` (+ ``AGREEMENT_SEAL_KEY_PASSWORD``), ``AGREEMENT_SEAL_CERT`` and
  ``AGREEMENT_SEAL_CHAIN``: PEM files, the chain holding the intermediate certificates;
- ``AGREEMENT_SEAL_PKCS11_MODULE`` (the PKCS#11 library of a hardware security module),
  ``AGREEMENT_SEAL_PKCS11_TOKEN_LABEL``, ``AGREEMENT_SEAL_PKCS11_KEY_LABEL``,
  ``AGREEMENT_SEAL_PKCS11_CERT_LABEL`` (default: the key label) and ``AGREEMENT_SEAL_PKCS11_PIN``
  (read from the environment only) with ``AGREEMENT_SEAL_CHAIN``: a key that never leaves the HSM.
  Each use opens its own PKCS#11 session, logs in, signs and closes it again (``HsmSigner``), so
  no session stays open, a restarted HSM is simply used again and the start-up check leaves
  nothing behind. ECDSA keys sign with the raw ``CKM_ECDSA`` mechanism (pyHanko hashes), which
  every HSM offers;
- with any of these, ``AGREEMENT_SEAL_TRUST_ROOTS``: the root certificate(s) the seal must chain to.

A configured seal is checked at start-up (``seal_checks.py``) and before each use: files
readable, key and certificate a pair, certificate valid today, chain leading to a trust root
(pyHanko's loaders and pyhanko-certvalidator). A problem gives ``SealConfigurationError`` with
the same clear message as the system check.

Without configuration (``make run``, tests) a self-signed development certificate is generated
on first use into ``VAR_DIR/agreements/``; ``AGREEMENT_SIGNING_CERT`` and
``AGREEMENT_SIGNING_KEY`` point elsewhere, ``AGREEMENT_SIGNING_KEY_PASSPHRASE`` unlocks an
encrypted key. Verification trusts exactly that certificate (by fingerprint); the production
profile refuses it.
"""

import asyncio
import datetime
import fcntl
import hashlib
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CERT_ENV = "AGREEMENT_SIGNING_CERT"
KEY_ENV = "AGREEMENT_SIGNING_KEY"
PASSPHRASE_ENV = "AGREEMENT_SIGNING_KEY_PASSPHRASE"  # noqa: S105 (the name of a variable)
PKCS12_ENV = "AGREEMENT_SEAL_PKCS12"
PKCS12_PASSWORD_ENV = "AGREEMENT_SEAL_PKCS12_PASSWORD"  # noqa: S105 (the name of a variable)
SEAL_KEY_ENV = "AGREEMENT_SEAL_KEY"
SEAL_KEY_PASSWORD_ENV = "AGREEMENT_SEAL_KEY_PASSWORD"  # noqa: S105 (the name of a variable)
SEAL_CERT_ENV = "AGREEMENT_SEAL_CERT"
SEAL_CHAIN_ENV = "AGREEMENT_SEAL_CHAIN"
TRUST_ROOTS_ENV = "AGREEMENT_SEAL_TRUST_ROOTS"
PKCS11_MODULE_ENV = "AGREEMENT_SEAL_PKCS11_MODULE"
PKCS11_TOKEN_LABEL_ENV = "AGREEMENT_SEAL_PKCS11_TOKEN_LABEL"  # noqa: S105 (the name of a variable)
PKCS11_KEY_LABEL_ENV = "AGREEMENT_SEAL_PKCS11_KEY_LABEL"
PKCS11_CERT_LABEL_ENV = "AGREEMENT_SEAL_PKCS11_CERT_LABEL"
PKCS11_PIN_ENV = "AGREEMENT_SEAL_PKCS11_PIN"
FIELD_NAME = "SamenwerkwijzerSeal"


class SealConfigurationError(ImproperlyConfigured):
    """The configured seal cannot be used; ``message`` says why, in the active language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous API runs its own event loop; where one runs already, use a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def _configured(name: str) -> str:
    """The setting ``name`` as text ("" when unset). settings.py reads it from the environment."""
    value = getattr(settings, name, "")
    return str(value) if value else ""


def material_paths() -> tuple[Path, Path]:
    default_dir = Path(settings.VAR_DIR) / "agreements"
    cert = _configured(CERT_ENV) or default_dir / "seal-certificate.pem"
    key = _configured(KEY_ENV) or default_dir / "seal-key.pem"
    return Path(cert), Path(key)


def _passphrase() -> bytes | None:
    value = _configured(PASSPHRASE_ENV)
    return value.encode() if value else None


def _file_list(name: str) -> list[Path]:
    """A setting naming one or more files, separated by commas."""
    return [Path(item.strip()) for item in _configured(name).split(",") if item.strip()]


def configured_source() -> str:
    """Where the seal comes from: "pkcs11", "pkcs12", "pem" or "generated" (the development certificate)."""
    if _configured(PKCS11_MODULE_ENV):
        return "pkcs11"
    if _configured(PKCS12_ENV):
        return "pkcs12"
    if _configured(SEAL_KEY_ENV) or _configured(SEAL_CERT_ENV) or _configured(SEAL_CHAIN_ENV):
        return "pem"
    return "generated"


def generated_refused_message() -> str:
    from django.utils.translation import gettext as _

    return _(
        "The seal uses a self-generated certificate; set AGREEMENT_SEAL_PKCS12 or "
        "AGREEMENT_SEAL_KEY/CERT/CHAIN (see docs/deployment.md)."
    )


def _read(path: Path, setting: str) -> bytes:
    from django.utils.translation import gettext as _

    try:
        return path.read_bytes()
    except OSError:
        raise SealConfigurationError(
            _("The seal file %(path)s (%(setting)s) does not exist or cannot be read.")
            % {"path": path, "setting": setting}
        ) from None


def _certificates(paths: list[Path], setting: str) -> list:
    from django.utils.translation import gettext as _
    from pyhanko.keys import load_certs_from_pemder_data

    found = []
    for path in paths:
        data = _read(path, setting)
        try:
            certificates = list(load_certs_from_pemder_data(data))
        except Exception:  # any unreadable content is reported the same way
            certificates = []
        if not certificates:
            raise SealConfigurationError(
                _("The file %(path)s (%(setting)s) holds no certificate in PEM or DER form.")
                % {"path": path, "setting": setting}
            )
        found.extend(certificates)
    return found


def trust_roots() -> list:
    """The configured root certificates a seal must chain to (asn1crypto); [] when none are set."""
    return _certificates(_file_list(TRUST_ROOTS_ENV), TRUST_ROOTS_ENV)


def _load_configured():
    from django.utils.translation import gettext as _
    from pyhanko.sign import signers

    source = configured_source()
    chain = _certificates(_file_list(SEAL_CHAIN_ENV), SEAL_CHAIN_ENV)
    if source == "pkcs11":
        if _configured(PKCS12_ENV) or _configured(SEAL_KEY_ENV) or _configured(SEAL_CERT_ENV):
            raise SealConfigurationError(
                _(
                    "Set only one seal: AGREEMENT_SEAL_PKCS11_MODULE (a key in an HSM) cannot be combined "
                    "with AGREEMENT_SEAL_PKCS12 or AGREEMENT_SEAL_KEY and AGREEMENT_SEAL_CERT."
                )
            )
        from . import seal_hsm  # it builds on this module

        return seal_hsm.load_hsm_signer(seal_hsm.hsm_settings(), chain)
    if source == "pkcs12":
        if _configured(SEAL_KEY_ENV) or _configured(SEAL_CERT_ENV):
            raise SealConfigurationError(
                _("Set either AGREEMENT_SEAL_PKCS12 or AGREEMENT_SEAL_KEY and AGREEMENT_SEAL_CERT, not both.")
            )
        path = Path(_configured(PKCS12_ENV))
        data = _read(path, PKCS12_ENV)
        password = _configured(PKCS12_PASSWORD_ENV)
        try:
            return signers.SimpleSigner.load_pkcs12_data(
                data, other_certs=chain, passphrase=password.encode() if password else None
            )
        except ValueError:
            raise SealConfigurationError(
                _(
                    "The PKCS#12 file %(path)s cannot be opened: the password in "
                    "AGREEMENT_SEAL_PKCS12_PASSWORD is wrong, or it is not a PKCS#12 file."
                )
                % {"path": path}
            ) from None
    key_path, cert_path = Path(_configured(SEAL_KEY_ENV)), Path(_configured(SEAL_CERT_ENV))
    for path, setting in ((key_path, SEAL_KEY_ENV), (cert_path, SEAL_CERT_ENV)):
        if not _configured(setting):
            raise SealConfigurationError(
                _("%(setting)s is not set: a seal from PEM files needs AGREEMENT_SEAL_KEY and AGREEMENT_SEAL_CERT.")
                % {"setting": setting}
            )
        _read(path, setting)
    password = _configured(SEAL_KEY_PASSWORD_ENV)
    signer = signers.SimpleSigner.load(
        str(key_path), str(cert_path), key_passphrase=password.encode() if password else None, other_certs=chain
    )
    if signer is None:
        raise SealConfigurationError(
            _(
                "The seal key %(key)s or certificate %(cert)s cannot be read: check that both are PEM files "
                "and that AGREEMENT_SEAL_KEY_PASSWORD is right."
            )
            % {"key": key_path, "cert": cert_path}
        )
    return signer


def _check_configured(signer) -> None:
    """Key and certificate a pair, the certificate valid today, its chain leading to a trust root."""
    from cryptography.hazmat.primitives import serialization
    from django.utils.translation import gettext as _
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    from samenwerkwijzer.lib.formatting import format_date

    cert = signer.signing_cert
    subject = cert.subject.human_friendly
    paired = getattr(signer, "paired_with_certificate", None)  # an HSM key signed a test digest instead
    if paired is None:
        private_key = serialization.load_der_private_key(signer.signing_key.dump(), password=None)
        public_der = private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        paired = public_der == cert.public_key.dump()
    if not paired:
        raise SealConfigurationError(
            _("The seal certificate (%(subject)s) does not belong to the seal key.") % {"subject": subject}
        )
    now = datetime.datetime.now(datetime.UTC)
    if cert.not_valid_after < now:
        raise SealConfigurationError(
            _("The seal certificate (%(subject)s) expired on %(date)s.")
            % {"subject": subject, "date": format_date(cert.not_valid_after)}
        )
    if cert.not_valid_before > now:
        raise SealConfigurationError(
            _("The seal certificate (%(subject)s) is not valid until %(date)s.")
            % {"subject": subject, "date": format_date(cert.not_valid_before)}
        )
    roots = trust_roots()
    if not roots:
        raise SealConfigurationError(
            _("AGREEMENT_SEAL_TRUST_ROOTS is not set: name the root certificate(s) (PEM) the seal must chain to.")
        )
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    validator = CertificateValidator(cert, intermediate_certs=list(signer.cert_registry), validation_context=context)
    try:
        _outside_event_loop(asyncio.run, validator.async_validate_usage(set()))
    except PathBuildingError:
        raise SealConfigurationError(
            _(
                "The chain of the seal certificate (%(subject)s) does not lead to a root in "
                "AGREEMENT_SEAL_TRUST_ROOTS: add the intermediate certificates to AGREEMENT_SEAL_CHAIN "
                "(or to the PKCS#12 file) and the root to AGREEMENT_SEAL_TRUST_ROOTS."
            )
            % {"subject": subject}
        ) from None
    except PathValidationError as error:
        raise SealConfigurationError(
            _("The chain of the seal certificate (%(subject)s) is not valid: %(reason)s")
            % {"subject": subject, "reason": error}
        ) from None


def configured_signer():
    """The configured seal, loaded and checked; ``SealConfigurationError`` says what is wrong."""
    signer = _load_configured()
    _check_configured(signer)
    return signer


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


def _configured_stamp() -> tuple:
    names = (
        PKCS12_ENV,
        PKCS12_PASSWORD_ENV,
        SEAL_KEY_ENV,
        SEAL_KEY_PASSWORD_ENV,
        SEAL_CERT_ENV,
        PKCS11_MODULE_ENV,
        PKCS11_TOKEN_LABEL_ENV,
        PKCS11_KEY_LABEL_ENV,
        PKCS11_CERT_LABEL_ENV,
    )
    pin = hashlib.sha256(_configured(PKCS11_PIN_ENV).encode()).hexdigest()  # the PIN itself is not kept
    files = [
        Path(_configured(n)) for n in (PKCS12_ENV, SEAL_KEY_ENV, SEAL_CERT_ENV, PKCS11_MODULE_ENV) if _configured(n)
    ]
    files += _file_list(SEAL_CHAIN_ENV) + _file_list(TRUST_ROOTS_ENV)
    mtimes = tuple((str(f), f.stat().st_mtime if f.exists() else None) for f in files)
    # The date is part of the stamp, so a certificate that expires is noticed the next day.
    return ("configured", tuple(_configured(n) for n in names), pin, mtimes, datetime.date.today())


def _signer():
    from pyhanko.sign import signers

    if configured_source() != "generated":
        stamp = _configured_stamp()
        if _signer_cache.get("stamp") != stamp:
            _signer_cache.update(stamp=stamp, signer=configured_signer())
        return _signer_cache["signer"]
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
