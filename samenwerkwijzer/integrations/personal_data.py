"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import ApiToken


def export(user) -> dict:
    return {
        "api_tokens": about(ApiToken, user),
    }


register_export("integrations", export)
