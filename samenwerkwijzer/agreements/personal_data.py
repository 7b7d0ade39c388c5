"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import Approval, Freeze, Signature, SigningEvent, Version


def export(user) -> dict:
    return {
        "versies_geschreven": about(Version, user),
        "vastgezet": about(Freeze, user),
        "goedkeuringen": about(Approval, user),
        "handtekeningen": about(Signature, user),
        "ondertekeningslog": about(SigningEvent, user),
    }


register_export("agreements", export)
