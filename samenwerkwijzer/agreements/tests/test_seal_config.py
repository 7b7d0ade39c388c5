"""The seal from a configured certificate (PKCS#12 or PEM with chain) and the start-up checks.

A test PKI (root → intermediate → seal certificate) comes from ``testsupport/seal_pki.py``.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from samenwerkwijzer.agreements import seal_checks, sealing, verification
from testsupport.seal_pki import (
    DAY,
    NOW,
    Pki,
    key_pem,
    make_pki,
    new_key,
    pem,
    pkcs12_bytes,
    seal_environment,
)
from testsupport.seal_pki import certificate as _certificate

from .factories import signed_agreement

SEAL_ENVS = (
    sealing.PKCS12_ENV,
    sealing.PKCS12_PASSWORD_ENV,
    sealing.SEAL_KEY_ENV,
    sealing.SEAL_KEY_PASSWORD_ENV,
    sealing.SEAL_CERT_ENV,
    sealing.SEAL_CHAIN_ENV,
    sealing.TRUST_ROOTS_ENV,
    sealing.TSA_URL,
)


@pytest.fixture(autouse=True)
def clean_seal_settings(settings):
    for name in SEAL_ENVS:
        setattr(settings, name, "")
    sealing._signer_cache.clear()
    yield
    sealing._signer_cache.clear()


@pytest.fixture
def pki():
    return make_pki()


def use_pkcs12(settings, tmp_path, pki, *, stored_password="geheim"):  # noqa: S107 (a test password)
    path = tmp_path / "seal.p12"
    path.write_bytes(pkcs12_bytes(pki, b"geheim"))
    (tmp_path / "root.pem").write_bytes(pem(pki.root))
    setattr(settings, sealing.PKCS12_ENV, str(path))
    setattr(settings, sealing.PKCS12_PASSWORD_ENV, stored_password)
    setattr(settings, sealing.TRUST_ROOTS_ENV, str(tmp_path / "root.pem"))
    return path


def use_pem(settings, tmp_path, pki, *, key=None, chain=True, password=None):
    (tmp_path / "seal-key.pem").write_bytes(key_pem(key or pki.seal_key, password))
    (tmp_path / "seal-cert.pem").write_bytes(pem(pki.seal))
    (tmp_path / "chain.pem").write_bytes(pem(pki.intermediate))
    (tmp_path / "root.pem").write_bytes(pem(pki.root))
    setattr(settings, sealing.SEAL_KEY_ENV, str(tmp_path / "seal-key.pem"))
    setattr(settings, sealing.SEAL_CERT_ENV, str(tmp_path / "seal-cert.pem"))
    if chain:
        setattr(settings, sealing.SEAL_CHAIN_ENV, str(tmp_path / "chain.pem"))
    if password:
        setattr(settings, sealing.SEAL_KEY_PASSWORD_ENV, password.decode())
    setattr(settings, sealing.TRUST_ROOTS_ENV, str(tmp_path / "root.pem"))


def check_messages():
    with translation.override("nl"):
        return [(m.id, m.msg) for m in seal_checks.check_seal_configuration()]


# --- A configured seal seals and verifies ---


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["pkcs12", "pem", "pem_encrypted"])
def test_a_configured_seal_seals_the_agreement_and_verifies_by_its_chain_to_the_root(
    personas, settings, tmp_path, pki, kind
):
    if kind == "pkcs12":
        use_pkcs12(settings, tmp_path, pki)
    else:
        use_pem(settings, tmp_path, pki, password=b"sleutel" if kind == "pem_encrypted" else None)
    assert check_messages() == []
    freeze = signed_agreement(personas)
    sealed_pdf = bytes(freeze.sealed.pdf)
    assert sealing.certificate_subject() == "Common Name: Test Seal"
    # Trusted through the configured root alone, no fingerprint needed.
    check = sealing.check_seal(sealed_pdf, trusted_fingerprints=set())
    assert check == sealing.SealCheck(True, "ok", "root")
    assert verification.verify(sealed_pdf).valid
    # The same file does not verify against another root.
    (tmp_path / "other-root.pem").write_bytes(pem(make_pki("Other Root CA").root))
    setattr(settings, sealing.TRUST_ROOTS_ENV, str(tmp_path / "other-root.pem"))
    assert sealing.check_seal(sealed_pdf, trusted_fingerprints=set()).reason == "untrusted"


@pytest.mark.django_db
def test_a_changed_byte_in_a_configured_seal_is_detected(personas, settings, tmp_path, pki):
    use_pkcs12(settings, tmp_path, pki)
    sealed_pdf = bytearray(signed_agreement(personas).sealed.pdf)
    sealed_pdf[len(sealed_pdf) // 3] ^= 0x01
    assert not sealing.check_seal(bytes(sealed_pdf), trusted_fingerprints=set()).valid


def test_the_development_certificate_still_works_without_configuration():
    assert sealing.configured_source() == "generated"
    assert check_messages() == []
    assert "Common Name: Samenwerkwijzer document seal" in sealing.certificate_subject()


def test_a_broken_trust_root_setting_makes_verification_trust_no_root(settings, tmp_path):
    setattr(settings, sealing.TRUST_ROOTS_ENV, str(tmp_path / "missing.pem"))
    assert sealing._configured_roots_or_none() == []
    assert sealing.check_seal(b"%PDF-1.7 nothing", trusted_fingerprints=set()).reason in {"unreadable", "no_seal"}


# --- Bad input: a clear system-check error, and sealing refuses with the same message ---


def _wrong_password(settings, tmp_path, pki):
    use_pkcs12(settings, tmp_path, pki, stored_password="fout")


def _missing_pkcs12(settings, tmp_path, pki):
    use_pkcs12(settings, tmp_path, pki).unlink()


def _not_a_pkcs12(settings, tmp_path, pki):
    use_pkcs12(settings, tmp_path, pki).write_bytes(b"not a PKCS#12 file")


def _missing_certificate(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki)
    (tmp_path / "seal-cert.pem").unlink()


def _key_without_certificate(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki)
    setattr(settings, sealing.SEAL_CERT_ENV, "")


def _unreadable_pem(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki)
    (tmp_path / "seal-key.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n")


def _key_of_another(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki, key=new_key())


def _expired(settings, tmp_path, pki):
    use_pem(settings, tmp_path, make_pki(start=NOW - 400 * DAY, end=NOW - 2 * DAY))


def _not_yet_valid(settings, tmp_path, pki):
    use_pem(settings, tmp_path, make_pki(start=NOW + 2 * DAY, end=NOW + 400 * DAY))


def _no_chain(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki, chain=False)


def _another_root(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki)
    (tmp_path / "root.pem").write_bytes(pem(make_pki("Other Root CA").root))


def _no_trust_roots(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki)
    setattr(settings, sealing.TRUST_ROOTS_ENV, "")


def _trust_roots_not_a_certificate(settings, tmp_path, pki):
    use_pem(settings, tmp_path, pki)
    (tmp_path / "root.pem").write_bytes(b"hello")


def _both_sources(settings, tmp_path, pki):
    use_pkcs12(settings, tmp_path, pki)
    setattr(settings, sealing.SEAL_CERT_ENV, str(tmp_path / "seal.p12"))


def _expired_intermediate(settings, tmp_path, pki):
    root_key, intermediate_key, seal_key = new_key(), new_key(), new_key()
    root = _certificate("Test Root CA", root_key, "Test Root CA", root_key, ca=True)
    intermediate = _certificate(
        "Test Intermediate CA",
        intermediate_key,
        "Test Root CA",
        root_key,
        ca=True,
        start=NOW - 400 * DAY,
        end=NOW - DAY,
    )
    seal = _certificate("Test Seal", seal_key, "Test Intermediate CA", intermediate_key, ca=False)
    use_pem(settings, tmp_path, Pki(root, intermediate, intermediate_key, seal, seal_key))


BAD_INPUTS = {
    _wrong_password: "het wachtwoord in AGREEMENT_SEAL_PKCS12_PASSWORD klopt niet",
    _missing_pkcs12: "bestaat niet of kan niet worden gelezen",
    _not_a_pkcs12: "of het is geen PKCS#12-bestand",
    _missing_certificate: "seal-cert.pem (AGREEMENT_SEAL_CERT) bestaat niet",
    _key_without_certificate: "AGREEMENT_SEAL_CERT is niet ingesteld",
    _unreadable_pem: "kunnen niet worden gelezen",
    _key_of_another: "hoort niet bij de zegelsleutel",
    _expired: "is verlopen op",
    _not_yet_valid: "is pas geldig vanaf",
    _no_chain: "leidt niet naar een basiscertificaat in AGREEMENT_SEAL_TRUST_ROOTS",
    _another_root: "leidt niet naar een basiscertificaat in AGREEMENT_SEAL_TRUST_ROOTS",
    _no_trust_roots: "AGREEMENT_SEAL_TRUST_ROOTS is niet ingesteld",
    _trust_roots_not_a_certificate: "bevat geen certificaat",
    _both_sources: "niet allebei",
    _expired_intermediate: "is niet geldig",
}


@pytest.mark.parametrize("setup", BAD_INPUTS, ids=lambda f: f.__name__.strip("_"))
def test_bad_seal_material_is_a_clear_start_up_error_and_sealing_refuses_the_same(settings, tmp_path, pki, setup):
    setup(settings, tmp_path, pki)
    [(message_id, message)] = check_messages()
    assert message_id == "agreements.E011"
    assert BAD_INPUTS[setup] in message
    with translation.override("nl"), pytest.raises(sealing.SealConfigurationError) as refusal:
        sealing.seal_pdf(b"%PDF-1.7", b"%PDF-1.7", reason="test")
    assert refusal.value.message == message


# --- The production profile refuses the development certificate ---

REFUSAL = "Het zegel gebruikt een zelf gegenereerd certificaat"


def test_production_refuses_the_self_generated_certificate_at_start_up(settings):
    settings.PRODUCTION = True
    setattr(settings, sealing.TSA_URL, "http://127.0.0.1:9/tsa")
    [(message_id, message)] = check_messages()
    assert message_id == "agreements.E010" and message.startswith(REFUSAL)
    with translation.override("nl"), pytest.raises(SystemCheckError, match=REFUSAL):
        call_command("check")
    with translation.override("nl"), pytest.raises(SystemCheckError, match=r"agreements\.E010"):
        call_command("check", deploy=True)


@pytest.mark.django_db
def test_production_refuses_to_seal_with_the_self_generated_certificate_and_records_nothing(personas, settings, caplog):
    from django.core.exceptions import ValidationError

    from samenwerkwijzer.agreements.models import SealedDocument

    from .factories import approved_agreement, sign

    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    settings.PRODUCTION = True
    with translation.override("nl"), pytest.raises(ValidationError) as refusal:
        sign(personas, "bob", freeze)
    assert "Het zegel van deze installatie is niet goed ingesteld" in refusal.value.message_dict["__all__"][0]
    assert REFUSAL in caplog.text  # the administrator finds the reason in the log
    assert not freeze.signatures.filter(organisation=personas.beta).exists()
    assert not SealedDocument.objects.filter(freeze=freeze).exists()


def test_production_accepts_a_configured_seal(settings, tmp_path):
    settings.PRODUCTION = True
    for name, value in seal_environment(tmp_path).items():
        setattr(settings, name, value)
    setattr(settings, sealing.TSA_URL, "http://127.0.0.1:9/tsa")
    assert check_messages() == []
    assert seal_checks.check_seal_for_deployment() == []


def test_production_needs_a_time_stamping_authority(settings, tmp_path):
    settings.PRODUCTION = True
    for name, value in seal_environment(tmp_path).items():
        setattr(settings, name, value)
    with translation.override("nl"):
        [(message_id, message)] = check_messages()
    assert message_id == "agreements.E012"
    assert "AGREEMENT_SEAL_TSA_URL" in message and "tijdstempel" in message


@pytest.mark.django_db
def test_production_refuses_to_seal_without_a_time_stamping_authority(personas, settings, tmp_path):
    from django.core.exceptions import ValidationError

    from .factories import approved_agreement, sign

    for name, value in seal_environment(tmp_path).items():
        setattr(settings, name, value)
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    settings.PRODUCTION = True
    with pytest.raises(ValidationError):
        sign(personas, "bob", freeze)
    assert not freeze.signatures.filter(organisation=personas.beta).exists()


def test_check_deploy_outside_production_warns_about_the_self_generated_certificate(capsys):
    with translation.override("nl"):
        [warning] = seal_checks.check_seal_for_deployment()
        call_command("check", deploy=True, fail_level="CRITICAL")
    assert warning.id == "agreements.W010" and warning.msg.startswith(REFUSAL)
    assert "agreements.W010" in capsys.readouterr().err
