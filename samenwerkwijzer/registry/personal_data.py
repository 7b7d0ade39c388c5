"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import RegistryCheck


def export(user) -> dict:
    return {
        "registercontroles": about(RegistryCheck, user),
    }


register_export("registry", export)
