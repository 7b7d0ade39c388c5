"""The seal key inside a hardware security module, through PKCS#11 (pyHanko's own support).

Configured by AGREEMENT_SEAL_PKCS11_MODULE, _TOKEN_LABEL, _KEY_LABEL, _CERT_LABEL (default: the key
label) and the PIN in AGREEMENT_SEAL_PKCS11_PIN (environment only). One session per use, none kept
open: loading the signer, each signature and each system check open a session, log in, work and
close it; a lock serialises them (a PKCS#11 login is shared by all sessions of a process).
"""

import asyncio
import functools
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from .seal_material import (
    PKCS11_CERT_LABEL_ENV,
    PKCS11_KEY_LABEL_ENV,
    PKCS11_MODULE_ENV,
    PKCS11_PIN_ENV,
    PKCS11_TOKEN_LABEL_ENV,
    SealConfigurationError,
    _configured,
    _outside_event_loop,
)

# --- The seal key in a hardware security module (PKCS#11) ---


@dataclass(frozen=True)
class HsmSettings:
    module: str
    token_label: str
    key_label: str
    cert_label: str
    pin: str = ""

    def __repr__(self) -> str:  # never show the PIN in a log or traceback
        return f"HsmSettings(module={self.module!r}, token_label={self.token_label!r}, key_label={self.key_label!r})"


def hsm_settings() -> HsmSettings:
    from django.utils.translation import gettext as _

    for setting in (PKCS11_TOKEN_LABEL_ENV, PKCS11_KEY_LABEL_ENV):
        if not _configured(setting):
            raise SealConfigurationError(
                _(
                    "%(setting)s is not set: a seal from an HSM needs AGREEMENT_SEAL_PKCS11_TOKEN_LABEL, "
                    "AGREEMENT_SEAL_PKCS11_KEY_LABEL and AGREEMENT_SEAL_PKCS11_PIN."
                )
                % {"setting": setting}
            )
    pin = _configured(PKCS11_PIN_ENV)  # settings.py reads it from the environment only
    if not pin:
        raise SealConfigurationError(
            _(
                "AGREEMENT_SEAL_PKCS11_PIN is not set: give the PIN of the HSM token in the environment "
                "of the application (it is not read from the settings)."
            )
        )
    key_label = _configured(PKCS11_KEY_LABEL_ENV)
    return HsmSettings(
        module=_configured(PKCS11_MODULE_ENV),
        token_label=_configured(PKCS11_TOKEN_LABEL_ENV),
        key_label=key_label,
        cert_label=_configured(PKCS11_CERT_LABEL_ENV) or key_label,
        pin=pin,
    )


# PKCS#11 login is shared by all sessions of a process: one seal operation at a time per process,
# each in its own session, so a login never meets another session's login.
_hsm_lock = threading.Lock()


@contextmanager
def _hsm_session(config: HsmSettings):
    """An open, logged-in PKCS#11 session on the configured token, closed again afterwards."""
    import pkcs11
    from django.utils.translation import gettext as _
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    labels = {"label": config.token_label, "path": config.module}
    with _hsm_lock:
        try:
            library = pkcs11.lib(config.module)
        except pkcs11.PKCS11Error:
            raise SealConfigurationError(
                _(
                    "The PKCS#11 module %(path)s (AGREEMENT_SEAL_PKCS11_MODULE) does not exist or is not "
                    "a PKCS#11 library."
                )
                % labels
            ) from None
        try:
            session = open_pkcs11_session(
                config.module, token_criteria=TokenCriteria(label=config.token_label), user_pin=config.pin
            )
        except (p11.PinIncorrect, p11.PinLenRange, p11.PinInvalid):
            raise SealConfigurationError(
                _("The HSM token “%(label)s” refused the PIN in AGREEMENT_SEAL_PKCS11_PIN: the PIN is wrong.") % labels
            ) from None
        except (p11.PinLocked, p11.PinExpired):
            raise SealConfigurationError(
                _(
                    "The PIN of the HSM token “%(label)s” is locked or expired: unlock or renew it with the "
                    "tools of the HSM."
                )
                % labels
            ) from None
        except pkcs11.PKCS11Error as error:
            present = {slot.get_token().label for slot in library.get_slots(token_present=True)}
            if config.token_label not in present:
                raise SealConfigurationError(
                    _(
                        "No token labelled “%(label)s” (AGREEMENT_SEAL_PKCS11_TOKEN_LABEL) was found in the "
                        "PKCS#11 module %(path)s."
                    )
                    % labels
                ) from None
            raise SealConfigurationError(
                _("The HSM token “%(label)s” cannot be used: %(reason)s")
                % {**labels, "reason": str(error) or type(error).__name__}
            ) from None
        try:
            yield session
        finally:
            session.close()


def _hsm_pkcs11_signer(session, config: HsmSettings, signing_cert=None):
    """pyHanko's own PKCS#11 signer in ``session``; first checks the objects exist, for a clear message."""
    from django.utils.translation import gettext as _
    from pkcs11 import Attribute, ObjectClass
    from pyhanko.sign.pkcs11 import PKCS11Signer

    wanted = (
        (
            ObjectClass.PRIVATE_KEY,
            config.key_label,
            _(
                "The HSM token “%(label)s” holds no private key labelled “%(object)s” (AGREEMENT_SEAL_PKCS11_KEY_LABEL)."
            ),
        ),
        (
            ObjectClass.CERTIFICATE,
            config.cert_label,
            _(
                "The HSM token “%(label)s” holds no certificate labelled “%(object)s” "
                "(AGREEMENT_SEAL_PKCS11_CERT_LABEL, by default the key label): put the seal certificate "
                "on the token next to its key."
            ),
        ),
    )
    for object_class, label, missing in wanted:
        found = list(session.get_objects({Attribute.CLASS: object_class, Attribute.LABEL: label}))
        if len(found) != 1:
            message = (
                missing
                if not found
                else _(
                    "The HSM token “%(label)s” holds more than one object labelled “%(object)s”: give the seal "
                    "key and its certificate a label of their own."
                )
            )
            raise SealConfigurationError(message % {"label": config.token_label, "object": label})
    certificate = signing_cert
    if certificate is None:
        certificate = PKCS11Signer(session, cert_label=config.cert_label, key_label=config.key_label).signing_cert
    return PKCS11Signer(
        session,
        key_label=config.key_label,
        cert_label=config.cert_label,
        signing_cert=certificate,
        use_raw_mechanism=certificate.public_key.algorithm == "ec",
    )


PAIR_CHECK_DATA = b"Samenwerkwijzer: does the seal key on the HSM belong to its certificate?"


@functools.cache
def _hsm_signer_class():
    """``HsmSigner``: defined when first needed, as pyHanko is imported only then."""
    from pyhanko.sign.signers import Signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class HsmSigner(Signer):
        """A pyHanko signer whose key stays in the HSM; every signature uses a session of its own."""

        def __init__(self, config: HsmSettings, signing_cert, chain, *, paired: bool):
            registry = SimpleCertificateStore()
            registry.register_multiple([signing_cert, *chain])
            super().__init__(signing_cert=signing_cert, cert_registry=registry)
            self.config = config
            self.paired_with_certificate = paired

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
            if dry_run:  # pyHanko's size estimate for a PKCS#11 signature, without touching the HSM
                return b"0" * 512
            with _hsm_session(self.config) as session:
                signer = _hsm_pkcs11_signer(session, self.config, self.signing_cert)
                return await signer.async_sign_raw(data, digest_algorithm)

    return HsmSigner


def load_hsm_signer(config: HsmSettings, chain: list):
    """Read the certificate from the token and have the key sign a test digest, verified with the
    certificate (``paired_with_certificate``); the session is closed again before returning."""
    from pyhanko_certvalidator.sig_validate import DEFAULT_SIGNATURE_VALIDATOR, SignatureValidationContext

    with _hsm_session(config) as session:
        signer = _hsm_pkcs11_signer(session, config)
        certificate = signer.signing_cert
        signature = _outside_event_loop(asyncio.run, signer.async_sign_raw(PAIR_CHECK_DATA, "sha256"))
    try:
        DEFAULT_SIGNATURE_VALIDATOR.validate_signature(
            signature,
            PAIR_CHECK_DATA,
            certificate.public_key,
            signer.get_signature_mechanism_for_digest("sha256"),
            SignatureValidationContext(contextual_md_algorithm="sha256"),
        )
        paired = True
    except Exception:  # an invalid signature, or a key of another kind than the certificate's
        paired = False
    return _hsm_signer_class()(config, certificate, chain, paired=paired)
