"""A real test PKI with a time-stamping authority, OCSP responder and CRLs (certomancer).

``start_pki(folder)`` writes a certomancer configuration whose certificates are valid around
today, dumps every certificate and key into ``folder`` (``mass-summon``) and starts
``certomancer animate`` as its own process on a free loopback port: an RFC 3161 TSA, an OCSP
responder for the intermediate CA and CRLs, exactly what a real CA offers. The seal tests, the
production job and the independent validators use it.

Layout: root → intermediate → seal certificate (CRL), root → TSA certificate (CRL).
"""

import datetime
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ARCH = "samenwerkwijzer-test"
KEY_PASSWORD = "test-pki"
PKCS12_PASSWORD = "test-seal"
KEYS = ("root", "interm", "interm-ocsp", "tsa", "seal", "seal-expired", "other-root")


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _key_usage(*usages):
    return {"id": "key_usage", "critical": True, "smart-value": {"schema": "key-usage", "params": list(usages)}}


def _crl(*repos):
    return {
        "id": "crl_distribution_points",
        "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": list(repos)}},
    }


def config(url: str, *, now: datetime.datetime, tsa_days: int = 3650) -> dict:
    """The certomancer configuration (as a dict, written as YAML) for a PKI served at ``url``."""
    day = datetime.timedelta(days=1)

    def validity(start_days: float, end_days: float) -> dict:
        return {"valid-from": _stamp(now + start_days * day), "valid-to": _stamp(now + end_days * day)}

    ca = [
        {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
        _key_usage("digital_signature", "key_cert_sign", "crl_sign"),
    ]
    # Revocation by CRL only: an OCSP address in the seal certificate makes poppler's pdfsig (NSS)
    # answer "Unknown issue with Certificate" for certomancer's OCSP responses, and the seal's
    # long-term validation needs the CRL anyway (sealing.revocation_context). The OCSP responder
    # below still serves the intermediate CA's certificates for tests that want it.
    seal_extensions = [_key_usage("digital_signature", "non_repudiation"), _crl("interm")]
    return {
        "external-url-prefix": url,
        "keysets": {
            ARCH: {
                "path-prefix": "keys",
                "keys": {name: {"path": f"{name}.key.pem", "password": KEY_PASSWORD} for name in KEYS},
            }
        },
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "NL", "organization-name": "Samenwerkwijzer Test PKI"},
                "entities": {
                    "root": {"common-name": "Samenwerkwijzer Test Root CA"},
                    "interm": {"common-name": "Samenwerkwijzer Test Intermediate CA"},
                    "interm-ocsp": {"common-name": "Samenwerkwijzer Test OCSP Responder"},
                    "tsa": {"common-name": "Samenwerkwijzer Test Time-Stamping Authority"},
                    "seal": {
                        "organization-name": "Samenwerkwijzer Test B.V.",
                        "common-name": "Samenwerkwijzer Test Seal",
                    },
                    "seal-expired": {"common-name": "Samenwerkwijzer Expired Seal"},
                    "other-root": {"common-name": "Some Other Root CA"},
                },
                "certs": {
                    "root": {
                        "subject": "root",
                        "issuer": "root",
                        "validity": validity(-10, 3650),
                        "extensions": ca,
                    },
                    "other-root": {
                        "subject": "other-root",
                        "issuer": "other-root",
                        "validity": validity(-10, 3650),
                        "extensions": ca,
                    },
                    "interm": {
                        "issuer": "root",
                        "validity": validity(-10, 3000),
                        "extensions": [
                            {
                                "id": "basic_constraints",
                                "critical": True,
                                "value": {"ca": True, "path-len-constraint": 0},
                            },
                            _key_usage("digital_signature", "key_cert_sign", "crl_sign"),
                            _crl("root"),
                        ],
                    },
                    "interm-ocsp": {
                        "issuer": "interm",
                        "validity": validity(-10, 3000),
                        "extensions": [
                            _key_usage("digital_signature"),
                            {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
                            {"id": "ocsp_no_check"},
                        ],
                    },
                    "tsa": {
                        "issuer": "root",
                        "validity": validity(-10, tsa_days),
                        "extensions": [
                            _key_usage("digital_signature"),
                            {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                            _crl("root"),
                        ],
                    },
                    "seal": {"issuer": "interm", "validity": validity(-1, 730), "extensions": seal_extensions},
                    "seal-expired": {
                        "issuer": "interm",
                        "validity": validity(-400, -30),
                        "extensions": seal_extensions,
                    },
                },
                "services": {
                    "ocsp": {
                        "interm": {
                            "for-issuer": "interm",
                            "responder-cert": "interm-ocsp",
                            "signing-key": "interm-ocsp",
                        }
                    },
                    "crl-repo": {
                        "root": {"for-issuer": "root", "signing-key": "root", "simulated-update-schedule": "P90D"},
                        "interm": {
                            "for-issuer": "interm",
                            "signing-key": "interm",
                            "simulated-update-schedule": "P30D",
                        },
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


@dataclass
class TestPki:
    folder: Path
    url: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def cert(self, name: str) -> Path:
        """The PEM file of a certificate (``root``, ``interm``, ``seal``, ``tsa``, …)."""
        return self.folder / "certs" / f"{name}.cert.pem"

    def key(self, name: str) -> Path:
        """The unencrypted PEM private key of an entity."""
        return self.folder / "plainkeys" / f"{name}.key.pem"

    def pkcs12(self, name: str = "seal") -> Path:
        return self.folder / "certs" / f"{name}.pfx"

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    def seal_environment(self, *, tsa: bool = True, seal: str = "seal") -> dict[str, str]:
        """The environment a production operator sets for a seal from this PKI (docs/deployment.md)."""
        environment = {
            "AGREEMENT_SEAL_KEY": str(self.key(seal)),
            "AGREEMENT_SEAL_CERT": str(self.cert(seal)),
            "AGREEMENT_SEAL_CHAIN": str(self.cert("interm")),
            "AGREEMENT_SEAL_TRUST_ROOTS": str(self.cert("root")),
        }
        if tsa:
            environment["AGREEMENT_SEAL_TSA_URL"] = self.tsa_url
        return environment

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _write_keys(folder: Path) -> None:
    keys, plain = folder / "keys", folder / "plainkeys"
    keys.mkdir(parents=True, exist_ok=True)
    plain.mkdir(parents=True, exist_ok=True)
    for name in KEYS:
        key = ec.generate_private_key(ec.SECP256R1())
        (keys / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(KEY_PASSWORD.encode()),
            )
        )
        (plain / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )


def _certomancer() -> list[str]:
    return [sys.executable, "-m", "certomancer"]


def start_pki(
    folder: Path, *, port: int | None = None, serve: bool = True, now: datetime.datetime | None = None
) -> TestPki:
    """Create the PKI in ``folder`` and (with ``serve``) start its TSA/OCSP/CRL server."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    _write_keys(folder)
    config_path = folder / "certomancer.yml"
    config_path.write_text(yaml.safe_dump(config(url, now=now or datetime.datetime.now(datetime.UTC))))
    base = [*_certomancer(), "--config", str(config_path)]
    subprocess.run(
        [*base, "mass-summon", "--flat", "--pfx-pass", PKCS12_PASSWORD, ARCH, str(folder / "certs")],
        check=True,
        capture_output=True,
    )
    pki = TestPki(folder, url)
    if serve:
        log = open(folder / "animate.log", "wb")  # noqa: SIM115 (open while the server runs)
        pki.process = subprocess.Popen(
            [*base, "animate", "--port", str(port), "--no-web-ui"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        _wait_for(port, pki)
    return pki


def _wait_for(port: int, pki: TestPki, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pki.process.poll() is not None:
            raise RuntimeError(f"certomancer animate stopped: {(pki.folder / 'animate.log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pki.stop()
    raise RuntimeError("certomancer animate did not start within 20 seconds")


if __name__ == "__main__":  # python -m testsupport.pki FOLDER [PORT]: a PKI for trying things by hand
    running = start_pki(Path(sys.argv[1]), port=int(sys.argv[2]) if len(sys.argv) > 2 else None)
    print(running.url, running.tsa_url)
    try:
        running.process.wait()
    except KeyboardInterrupt:
        running.stop()


def issue_tls_certificate(pki: TestPki, name: str, hostnames: tuple[str, ...] = ("localhost",)) -> tuple[Path, Path]:
    """A TLS server certificate (for nginx, the SMTP server) from the test PKI's intermediate CA.

    Returns (certificate chain PEM: server + intermediate, unencrypted key PEM). Clients trust it
    through the root (``SSL_CERT_FILE`` = ``pki.cert("root")``); verification is never turned off.
    """
    from cryptography import x509

    from testsupport.certificates import server_certificate

    issuer_cert = x509.load_pem_x509_certificate(pki.cert("interm").read_bytes())
    issuer_key = serialization.load_pem_private_key(pki.key("interm").read_bytes(), password=None)
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = server_certificate(
        issuer=issuer_cert, issuer_key=issuer_key, public_key=key.public_key(), hostnames=hostnames, days=90
    )
    chain_path = pki.folder / f"{name}.chain.pem"
    key_path = pki.folder / f"{name}.key.pem"
    chain_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM) + pki.cert("interm").read_bytes())
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return chain_path, key_path
