"""A test PKI for the seal on agreements: root → intermediate → seal certificate (``cryptography``).

Used by the seal's tests and by every test that starts the production profile, which refuses the
self-generated development certificate (docs/deployment.md, "The seal").
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)
_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def new_key():
    return ec.generate_private_key(ec.SECP256R1())


def certificate(subject, key, issuer, issuer_key, *, ca, start=None, end=None):
    usage = dict.fromkeys(_USAGES, False)
    usage.update(key_cert_sign=ca, crl_sign=ca, digital_signature=not ca, content_commitment=not ca)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start or NOW - DAY)
        .not_valid_after(end or NOW + 365 * DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


@dataclass
class Pki:
    root: x509.Certificate
    intermediate: x509.Certificate
    intermediate_key: object
    seal: x509.Certificate
    seal_key: object


def make_pki(root_name="Test Root CA", **seal_validity) -> Pki:
    root_key, intermediate_key, seal_key = new_key(), new_key(), new_key()
    root = certificate(root_name, root_key, root_name, root_key, ca=True, end=NOW + 3650 * DAY)
    intermediate = certificate("Test Intermediate CA", intermediate_key, root_name, root_key, ca=True)
    seal = certificate("Test Seal", seal_key, "Test Intermediate CA", intermediate_key, ca=False, **seal_validity)
    return Pki(root, intermediate, intermediate_key, seal, seal_key)


def pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key, password: bytes | None = None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def pkcs12_bytes(pki: Pki, password: bytes) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"seal", pki.seal_key, pki.seal, [pki.intermediate], serialization.BestAvailableEncryption(password)
    )


def seal_environment(folder: Path, pki: Pki | None = None, password: str = "test-seal") -> dict[str, str]:  # noqa: S107
    """Write a PKCS#12 seal and its root into ``folder``; return the environment that configures them."""
    pki = pki or make_pki()
    (folder / "seal.p12").write_bytes(pkcs12_bytes(pki, password.encode()))
    (folder / "root.pem").write_bytes(pem(pki.root))
    return {
        "AGREEMENT_SEAL_PKCS12": str(folder / "seal.p12"),
        "AGREEMENT_SEAL_PKCS12_PASSWORD": password,
        "AGREEMENT_SEAL_TRUST_ROOTS": str(folder / "root.pem"),
    }
