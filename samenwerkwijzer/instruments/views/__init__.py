"""Thin function views: decorators → access helper → form → service → redirect/render."""

from samenwerkwijzer.collaborations.access import CollaborationAccess, get_collaboration_for_user
from samenwerkwijzer.organisations.context_processors import CURRENT_ORGANISATION_SESSION_KEY


def collaboration_access(request, pk, **kwargs) -> CollaborationAccess:
    return get_collaboration_for_user(
        request.user, pk, preferred_organisation_id=request.session.get(CURRENT_ORGANISATION_SESSION_KEY), **kwargs
    )
