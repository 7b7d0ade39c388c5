"""Access helpers of the directory: 404 for what is not yours, as for what does not exist."""

from django.http import Http404

from samenwerkwijzer.organisations.models import Membership

from .models import Connection, DirectoryEntry


def get_entry(entry_pk) -> DirectoryEntry:
    """A directory entry: public to every logged-in user (only the public profile is stored)."""
    entry = DirectoryEntry.objects.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    return entry


def get_connection_for_membership(membership: Membership, connection_pk) -> Connection:
    """A connection of the member's organisation; connections of others do not exist for them."""
    organisation_id = membership.organisation_id
    connection = (
        Connection.objects.select_related("from_organisation", "to_organisation")
        .filter(pk=connection_pk)
        .filter(from_organisation_id=organisation_id)
        .first()
    ) or (
        Connection.objects.select_related("from_organisation", "to_organisation")
        .filter(pk=connection_pk, to_organisation_id=organisation_id)
        .first()
    )
    if connection is None:
        raise Http404
    return connection
