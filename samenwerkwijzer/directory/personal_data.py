"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import Connection, DirectoryListing, PartnerProfile, ShortlistItem


def export(user) -> dict:
    return {
        "vermeldingen_bijgewerkt": about(DirectoryListing, user),
        "partnerprofielen_bijgewerkt": about(PartnerProfile, user),
        "shortlist": about(ShortlistItem, user),
        "contactverzoeken": about(Connection, user),
    }


register_export("directory", export)
