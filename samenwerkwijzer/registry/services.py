"""Writes of the registry app: checks kept with their date."""

from django.db import transaction

from .client import RegistryClient, get_client
from .insolvency import InsolvencyClient, attach_insolvency_check
from .models import RegistryCheck


def registry_check_run(
    *,
    kvk_number: str,
    user,
    collaboration=None,
    client: RegistryClient | None = None,
    insolvency_client: InsolvencyClient | None = None,
) -> RegistryCheck:
    """Look the company up and keep the result. Raises ``RegistryError`` (nothing is written) when the
    registry cannot answer. When a CIR account is configured, the Centraal Insolventieregister is asked
    too; if it cannot answer, the result is kept with a note saying so. The look-ups happen outside the
    transaction: no lock is held while we wait."""
    client = client or get_client()
    profile = client.lookup(kvk_number)
    profile = attach_insolvency_check(profile, client=insolvency_client)
    with transaction.atomic():
        return RegistryCheck.objects.create(
            kvk_number=kvk_number,
            collaboration=collaboration,
            source=client.source,
            found=profile.found,
            result=profile.to_dict(),
            checked_by=user,
        )
