"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import LegalFormAdvice


def export(user) -> dict:
    return {"rechtsvormadviezen": about(LegalFormAdvice, user)}


register_export("legalforms", export)
