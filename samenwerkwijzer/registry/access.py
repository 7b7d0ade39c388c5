"""Access helpers of the registry.

Sub-objects of a collaboration are fetched from a collaboration access only. A check of a
directory entry outside a collaboration belongs to the person who ran it: that somebody looked
a company up, and when, is theirs alone.
"""

from django.http import Http404

from samenwerkwijzer.collaborations.access import CollaborationAccess

from .models import RegistryCheck, SignatoryStatement


def get_statement_for_access(access: CollaborationAccess, statement_pk) -> SignatoryStatement:
    statement = (
        SignatoryStatement.objects.select_related("participant")
        .filter(participant__collaboration=access.collaboration, pk=statement_pk)
        .first()
    )
    if statement is None:
        raise Http404
    return statement


def own_entry_checks(user, kvk_number: str):
    return RegistryCheck.objects.filter(kvk_number=kvk_number, collaboration__isnull=True, checked_by=user)
