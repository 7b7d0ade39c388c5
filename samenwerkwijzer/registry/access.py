"""Access helpers of the registry.

Sub-objects of a collaboration are fetched from a collaboration access only. A check of a
directory entry outside a collaboration belongs to the person who ran it: that somebody looked
a company up, and when, is theirs alone.
"""

from django.http import Http404

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.verification.models import ExtractSubmission

from .models import RegistryCheck


def get_extract_for_access(access: CollaborationAccess, submission_pk) -> ExtractSubmission:
    """An approved Handelsregister extract of an organisation that takes part in the collaboration.

    Partners may read it there; an extract awaiting review, rejected or replaced, or one of an
    organisation outside this collaboration, is not found."""
    submission = (
        ExtractSubmission.objects.filter(
            pk=submission_pk,
            status=ExtractSubmission.Status.APPROVED,
            organisation__participations__collaboration=access.collaboration,
        )
        .distinct()
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def own_entry_checks(user, kvk_number: str):
    return RegistryCheck.objects.filter(kvk_number=kvk_number, collaboration__isnull=True, checked_by=user)
