"""Reads for the verification pages."""

from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.registry.client import RegistryError, RegistryProfile, get_client
from samenwerkwijzer.registry.models import RegistryCheck

from .models import ExtractSubmission


def submissions_of(organisation: Organisation):
    return (
        ExtractSubmission.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .prefetch_related("signatory_members__user")
    )


def members_of(organisation: Organisation):
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def registry_data(kvk_number: str) -> tuple[RegistryProfile | None, RegistryCheck | None, str]:
    """What the Handelsregister says about the number: a fresh look-up, else the latest kept check.

    Returns (fresh profile, kept check, error message). Nothing is written: the reviewer reads."""
    if not kvk_number:
        return None, None, ""
    try:
        return get_client().lookup(kvk_number), None, ""
    except RegistryError as error:
        kept = (
            RegistryCheck.objects.filter(kvk_number=kvk_number, status=RegistryCheck.Status.DONE)
            .select_related("checked_by")
            .first()
        )
        return None, kept, str(error.message)
