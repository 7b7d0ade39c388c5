"""A SoftHSM2 token holding the test PKI's seal key, for testing the seal from an HSM (PKCS#11).

``start_token(folder, pki)`` writes a SoftHSM2 configuration with its own token folder inside
``folder``, initialises a token (``softhsm2-util``) and writes the seal's private key and
certificate onto it (``pkcs11-tool`` from OpenSC), as an operator puts a seal key into an HSM.

libsofthsm2 reads ``SOFTHSM2_CONF`` once, when the module is first loaded into a process, so the
caller sets it in the test process's environment (``token.environ``) before anything loads the
module and keeps it unchanged for the rest of the process.
"""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "Samenwerkwijzer Test HSM"
KEY_LABEL = "seal"
KEY_ID = "5ea1"
EXPIRED_LABEL = "expired"  # the test PKI's expired seal certificate and its key, for bad-input tests
EXPIRED_ID = "e0"
PIN = "123456"
SO_PIN = "12345678"


@dataclass(frozen=True)
class SoftHsmToken:
    folder: Path
    conf: Path
    module: str = MODULE
    token_label: str = TOKEN_LABEL
    key_label: str = KEY_LABEL
    pin: str = PIN

    @property
    def environ(self) -> dict[str, str]:
        """What the process using the token needs in its environment."""
        return {"SOFTHSM2_CONF": str(self.conf)}

    def seal_environment(self, pki, *, tsa: bool = True) -> dict[str, str]:
        """The environment an operator sets for a seal whose key is on this token."""
        environment = {
            "AGREEMENT_SEAL_PKCS11_MODULE": self.module,
            "AGREEMENT_SEAL_PKCS11_TOKEN_LABEL": self.token_label,
            "AGREEMENT_SEAL_PKCS11_KEY_LABEL": self.key_label,
            "AGREEMENT_SEAL_PKCS11_PIN": self.pin,
            "AGREEMENT_SEAL_CHAIN": str(pki.cert("interm")),
            "AGREEMENT_SEAL_TRUST_ROOTS": str(pki.cert("root")),
        }
        if tsa:
            environment["AGREEMENT_SEAL_TSA_URL"] = pki.tsa_url
        return environment


def _run(arguments: list[str], conf: Path) -> None:
    result = subprocess.run(
        arguments, env={**os.environ, "SOFTHSM2_CONF": str(conf)}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{arguments[0]} failed: {result.stdout}{result.stderr}")


def start_token(folder: Path, pki) -> SoftHsmToken:
    """Initialise a token in ``folder`` holding the seal key and certificate of ``pki`` (label
    ``seal``) and the expired seal's (label ``expired``)."""
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    _run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PIN, "--so-pin", SO_PIN],
        conf,
    )
    _write_pair(folder, conf, pki, "seal", KEY_LABEL, KEY_ID)
    _write_pair(folder, conf, pki, "seal-expired", EXPIRED_LABEL, EXPIRED_ID)
    return SoftHsmToken(folder=folder, conf=conf)


def _write_pair(folder: Path, conf: Path, pki, entity: str, label: str, object_id: str) -> None:
    """Put the private key and certificate of ``entity`` on the token, under one label and id."""
    from cryptography import x509

    key = serialization.load_pem_private_key(pki.key(entity).read_bytes(), password=None)
    key_der = folder / f"{entity}.key.der"
    key_der.write_bytes(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_der = folder / f"{entity}.cert.der"
    cert_der.write_bytes(
        x509.load_pem_x509_certificate(pki.cert(entity).read_bytes()).public_bytes(serialization.Encoding.DER)
    )
    for path, kind in ((key_der, "privkey"), (cert_der, "cert")):
        _run(
            [
                "pkcs11-tool",
                "--module",
                MODULE,
                "--token-label",
                TOKEN_LABEL,
                "--login",
                "--pin",
                PIN,
                "--write-object",
                str(path),
                "--type",
                kind,
                "--label",
                label,
                "--id",
                object_id,
            ],
            conf,
        )
    key_der.unlink()  # the key now lives on the token only
