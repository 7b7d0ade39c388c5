"""Access helpers of the registry: sub-objects are fetched from a collaboration access only."""

from django.http import Http404

from samenwerkwijzer.collaborations.access import CollaborationAccess

from .models import SignatoryStatement


def get_statement_for_access(access: CollaborationAccess, statement_pk) -> SignatoryStatement:
    statement = (
        SignatoryStatement.objects.select_related("participant")
        .filter(participant__collaboration=access.collaboration, pk=statement_pk)
        .first()
    )
    if statement is None:
        raise Http404
    return statement
