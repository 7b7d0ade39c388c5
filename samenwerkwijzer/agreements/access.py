"""Access to the documents of a collaboration.

Every view first gets a ``CollaborationAccess`` from
``collaborations.access.get_collaboration_for_user``; the documents, versions and
freezes are then fetched *from* that access, never by id alone.
"""

from django.http import Http404

from samenwerkwijzer.collaborations.access import CollaborationAccess

from .models import Document, DocumentKind, Freeze, Version


def kind_from_slug(slug: str) -> DocumentKind:
    kind = DocumentKind.from_slug(slug)
    if kind is None:
        raise Http404
    return kind


def get_document_for_access(access: CollaborationAccess, kind: DocumentKind) -> Document | None:
    return (
        Document.objects.select_related("current_version").filter(collaboration=access.collaboration, kind=kind).first()
    )


def get_version_for_access(access: CollaborationAccess, kind: DocumentKind, number) -> Version:
    version = Version.objects.filter(
        document__collaboration=access.collaboration, document__kind=kind, number=number
    ).first()
    if version is None:
        raise Http404
    return version


def get_freeze_for_access(access: CollaborationAccess, kind: DocumentKind, freeze_pk) -> Freeze:
    freeze = (
        Freeze.objects.select_related("version", "document")
        .filter(document__collaboration=access.collaboration, document__kind=kind, pk=freeze_pk)
        .first()
    )
    if freeze is None:
        raise Http404
    return freeze
