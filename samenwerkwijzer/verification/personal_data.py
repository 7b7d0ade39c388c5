"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import EherkenningLogin, ExtractSubmission


def export(user) -> dict:
    return {
        "eherkenning_inloggen": about(EherkenningLogin, user),
        "uittreksels": about(ExtractSubmission, user),
    }


register_export("verification", export)
