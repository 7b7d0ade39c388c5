"""Thin function views: decorators → access helper → form → service → redirect/render."""

from samenwerkwijzer.collaborations.access import CollaborationAccess, get_collaboration_for_request


def collaboration_access(request, pk, **kwargs) -> CollaborationAccess:
    return get_collaboration_for_request(request, pk, **kwargs)
