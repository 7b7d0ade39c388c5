"""The seal key inside a hardware security module (PKCS#11), tested against a SoftHSM2 token
holding the test PKI's seal key (testsupport/softhsm.py, fixtures ``softhsm_token``/``hsm_seal``)."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from samenwerkwijzer.agreements import seal_checks, seal_material, sealing, verification
from samenwerkwijzer.agreements.models import SealedDocument
from testsupport.softhsm import EXPIRED_LABEL

from .factories import approved_agreement, sign, signed_agreement

pytestmark = pytest.mark.once  # no database-specific code: runs once, in the SQLite run

ADMIN_MESSAGE = "Het zegel van deze installatie is niet goed ingesteld"


def check_messages():
    with translation.override("nl"):
        return [(m.id, m.msg) for m in seal_checks.check_seal_configuration()]


def assert_no_session_left_open(token):
    """A session left open keeps the token logged in; a new login would then be refused."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    session = open_pkcs11_session(
        token.module, token_criteria=TokenCriteria(label=token.token_label), user_pin=token.pin
    )
    session.close()


@pytest.mark.django_db
def test_an_agreement_is_sealed_with_the_hsm_key_at_pades_b_lta_and_verifies(personas, hsm_seal):
    assert seal_material.configured_source() == "pkcs11"
    assert check_messages() == []
    freeze = signed_agreement(personas)
    sealed = SealedDocument.objects.get(freeze=freeze)
    assert sealed.pades_level == "B-LTA"
    assert "Samenwerkwijzer Test Seal" in sealed.certificate_subject
    assert "Time-Stamping Authority" in sealed.tsa_subject
    assert verification.verify(bytes(sealed.pdf)).valid
    # The cached signer opens a session of its own for each seal and closes it again.
    second = sealing.seal_pdf(bytes(freeze.pdf), bytes(freeze.pdf), reason="test")
    assert sealing.facts_of(second).pades_level == "B-LTA"
    assert_no_session_left_open(hsm_seal)


def test_the_system_check_leaves_no_session_open(hsm_seal):
    assert check_messages() == []
    assert check_messages() == []
    assert_no_session_left_open(hsm_seal)


def test_production_accepts_the_hsm_seal(hsm_seal, settings):
    settings.PRODUCTION = True
    assert check_messages() == []
    assert seal_checks.check_seal_for_deployment() == []


def test_a_changed_hsm_setting_is_noticed_by_the_cached_signer(hsm_seal, settings):
    first = seal_material._signer()
    assert seal_material._signer() is first
    setattr(settings, seal_material.PKCS11_PIN_ENV, "000000")
    with pytest.raises(seal_material.SealConfigurationError):
        seal_material._signer()


# --- Bad input: a clear start-up error, and a signature is refused with nothing changed ---


def _wrong_pin(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_PIN_ENV, "654321")


def _missing_pin(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_PIN_ENV, "")


def _unknown_token(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_TOKEN_LABEL_ENV, "Geen Token")


def _no_token_label(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_TOKEN_LABEL_ENV, "")


def _unknown_key(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_KEY_LABEL_ENV, "geen-sleutel")
    setattr(settings, seal_material.PKCS11_CERT_LABEL_ENV, "seal")


def _certificate_not_on_the_token(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_CERT_LABEL_ENV, "geen-certificaat")


def _certificate_of_another_key(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_CERT_LABEL_ENV, EXPIRED_LABEL)


def _expired_certificate(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_KEY_LABEL_ENV, EXPIRED_LABEL)


def _no_chain(settings, tmp_path):
    setattr(settings, seal_material.SEAL_CHAIN_ENV, "")


def _missing_module(settings, tmp_path):
    setattr(settings, seal_material.PKCS11_MODULE_ENV, str(tmp_path / "libgeen-hsm.so"))


def _not_a_pkcs11_module(settings, tmp_path):
    (tmp_path / "libnep.so").write_bytes(b"not a shared library")
    setattr(settings, seal_material.PKCS11_MODULE_ENV, str(tmp_path / "libnep.so"))


def _not_a_pkcs11_library(settings, tmp_path):
    import ctypes.util

    setattr(settings, seal_material.PKCS11_MODULE_ENV, ctypes.util.find_library("c") or "libc.so.6")


def _hsm_and_a_key_file(settings, tmp_path):
    (tmp_path / "key.pem").write_text("")
    setattr(settings, seal_material.SEAL_KEY_ENV, str(tmp_path / "key.pem"))


BAD_INPUTS = {
    _wrong_pin: "weigerde de pincode in AGREEMENT_SEAL_PKCS11_PIN",
    _missing_pin: "AGREEMENT_SEAL_PKCS11_PIN is niet ingesteld",
    _unknown_token: "Er is geen token met label “Geen Token”",
    _no_token_label: "AGREEMENT_SEAL_PKCS11_TOKEN_LABEL is niet ingesteld",
    _unknown_key: "bevat geen privésleutel met label “geen-sleutel”",
    _certificate_not_on_the_token: "bevat geen certificaat met label “geen-certificaat”",
    _certificate_of_another_key: "hoort niet bij de zegelsleutel",
    _expired_certificate: "is verlopen op",
    _no_chain: "leidt niet naar een basiscertificaat in AGREEMENT_SEAL_TRUST_ROOTS",
    _missing_module: "bestaat niet of is geen PKCS#11-bibliotheek",
    _not_a_pkcs11_module: "bestaat niet of is geen PKCS#11-bibliotheek",
    _not_a_pkcs11_library: "bestaat niet of is geen PKCS#11-bibliotheek",
    _hsm_and_a_key_file: "niet combineren",
}


@pytest.mark.parametrize("setup", BAD_INPUTS, ids=lambda f: f.__name__.strip("_"))
def test_bad_hsm_configuration_is_a_clear_start_up_error_and_sealing_refuses_the_same(
    hsm_seal, settings, tmp_path, setup
):
    setup(settings, tmp_path)
    [(message_id, message)] = check_messages()
    assert message_id == "agreements.E011"
    assert BAD_INPUTS[setup] in message
    with translation.override("nl"), pytest.raises(sealing.SealConfigurationError) as refusal:
        sealing.seal_pdf(b"%PDF-1.7", b"%PDF-1.7", reason="test")
    assert refusal.value.message == message
    assert_no_session_left_open(hsm_seal)


@pytest.mark.django_db
def test_with_a_bad_hsm_configuration_the_last_signature_is_refused_and_nothing_changes(
    personas, hsm_seal, tmp_path, caplog
):
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    for setup, expected in BAD_INPUTS.items():  # one agreement for all: a refusal changes nothing
        seal_material._signer_cache.clear()
        caplog.clear()
        with override_settings():  # each bad input on its own, undone before the next
            setup(django_settings, tmp_path)
            with translation.override("nl"), pytest.raises(ValidationError) as refusal:
                sign(personas, "bob", freeze)
        assert ADMIN_MESSAGE in refusal.value.message_dict["__all__"][0], setup.__name__
        assert expected in caplog.text, setup.__name__  # the reason is logged for the administrator
        assert not freeze.signatures.filter(organisation=personas.beta).exists()
        assert not SealedDocument.objects.filter(freeze=freeze).exists()
    assert_no_session_left_open(hsm_seal)
