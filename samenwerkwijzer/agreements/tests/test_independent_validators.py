"""A sealed agreement holds up outside our code: pyHanko's command-line validator (pyhanko-cli) and
poppler's pdfsig against an NSS database that trusts only the test root find it intact, trusted and
timestamped, and both detect a one-byte change (#16). Sealed at PAdES B-LTA with the real local
TSA, OCSP responder and CRLs of the test PKI (testsupport/pki.py)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samenwerkwijzer.agreements import seal_validation

from .factories import signed_agreement

pytestmark = [
    pytest.mark.once,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("pdfsig", "certutil")),
        reason="poppler-utils (pdfsig) and libnss3-tools (certutil) are not installed (scripts/bootstrap.sh dev)",
    ),
]

PYHANKO = Path(sys.executable).with_name("pyhanko")


def run(*command, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=timeout)  # noqa: S603 (fixed tools)


@pytest.fixture
def sealed(personas, pki_seal, tmp_path) -> Path:
    freeze = signed_agreement(personas)
    assert freeze.sealed.pades_level == "B-LTA"
    path = tmp_path / "overeenkomst.pdf"
    path.write_bytes(bytes(freeze.sealed.pdf))
    return path


@pytest.fixture
def nss_database(pki_seal, tmp_path) -> str:
    folder = tmp_path / "nss"
    folder.mkdir()
    database = f"sql:{folder}"
    assert run("certutil", "-N", "-d", database, "--empty-password").returncode == 0
    # "CT,C,C": trusted for e-mail (S/MIME) too, which pdfsig needs; "C,," would be TLS only.
    added = run("certutil", "-A", "-n", "root", "-t", "CT,C,C", "-i", pki_seal.cert("root"), "-d", database)
    assert added.returncode == 0, added.stderr
    return database


def one_byte_changed(path: Path) -> Path:
    """A copy with one byte changed inside the seal's signed range (in the frozen agreement's pages)."""
    data = bytearray(path.read_bytes())
    data[len(data) // 4] ^= 0x01
    changed = path.with_name("gewijzigd.pdf")
    changed.write_bytes(bytes(data))
    return changed


def test_pyhanko_cli_finds_the_seal_valid_trusted_and_timestamped(sealed, pki_seal):
    root = pki_seal.cert("root")
    # AdES long-term validation (B-LTA): from what is in the file, at the archive timestamp's time.
    ades = run(PYHANKO, "sign", "adesverify", "--trust-replace", "--trust", root, sealed)
    assert ades.returncode == 0, ades.stdout + ades.stderr
    # FIELD:CERT-SHA256:INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,EXTENDED_WITH_LTA_UPDATES,...
    assert ":INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>,EXTENDED_WITH_LTA_UPDATES," in ades.stdout
    validate = run(PYHANKO, "sign", "validate", "--trust-replace", "--trust", root, "--pretty-print", sealed)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    report = validate.stdout
    assert "Samenwerkwijzer Test Seal" in report
    assert "The signature is cryptographically sound" in report
    assert "trusted" in report.lower() and "untrusted" not in report.lower()
    assert "Time-Stamping Authority" in report  # the signature timestamp, from the trusted TSA
    # A one-byte change in the signed range is an error for both.
    changed = one_byte_changed(sealed)
    assert run(PYHANKO, "sign", "adesverify", "--trust-replace", "--trust", root, changed).returncode != 0
    assert run(PYHANKO, "sign", "validate", "--trust-replace", "--trust", root, changed).returncode != 0


def test_pdfsig_finds_the_seal_valid_and_trusted_and_a_document_timestamp(sealed, nss_database):
    result = run("pdfsig", "-nssdir", nss_database, sealed)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    first, *others = report.split("Signature #")[1:]
    assert "Samenwerkwijzer Test Seal" in first
    assert "Signature Validation: Signature is Valid." in first
    assert "Certificate Validation: Certificate is Trusted." in first
    assert others, "the document timestamp after the seal is a second signature"
    assert "Time-Stamping Authority" in others[-1]
    changed = run("pdfsig", "-nssdir", nss_database, one_byte_changed(sealed))
    assert "Digest Mismatch." in changed.stdout.split("Signature #")[1]


def test_our_own_check_reaches_b_lta_offline_from_the_files_dss(sealed, pki_seal, monkeypatch):
    from pyhanko_certvalidator.fetchers import requests_fetchers

    def no_fetching(*args, **kwargs):
        raise AssertionError("verification fetched something from the network")

    # Nothing may be fetched: the chain and revocation information come from the file itself.
    monkeypatch.setattr(requests_fetchers.RequestsFetcherBackend, "get_fetchers", no_fetching)
    check = seal_validation.check_seal(sealed.read_bytes(), trusted_fingerprints=set())
    assert check.valid and check.trusted_by == "root" and check.chain_trusted
    assert check.pades_level == "B-LTA"
    assert "Samenwerkwijzer Test Seal" in check.certificate_subject
    assert "Time-Stamping Authority" in check.tsa_subject and check.timestamped_at is not None
    assert len(check.archive_timestamps) == 1 and check.archive_timestamps[0].trusted
    changed = seal_validation.check_seal(one_byte_changed(sealed).read_bytes(), trusted_fingerprints=set())
    assert not changed.valid and changed.reason in ("broken", "changed")
