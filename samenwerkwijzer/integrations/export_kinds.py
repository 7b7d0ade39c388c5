"""The collaboration's export ZIP ("…/export/alles.zip") as a file made in the background."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.access import CollaborationAccess, get_collaboration_for_user

from .background_exports import register_export_kind
from .export_zip import collaboration_export_zip


def participant_access(user, job) -> CollaborationAccess:
    """The access the export was asked with: a participant acting for the same organisation as then
    (404/403 otherwise, as the download URL answers). Also used by the workspace's archive ZIP."""
    organisation_id = job.params["organisation_id"]
    access = get_collaboration_for_user(user, job.params["collaboration_id"], preferred_organisation_id=organisation_id)
    if access.participant is None:
        raise PermissionDenied  # an observer now
    if access.organisation.pk != organisation_id:
        raise Http404  # no longer in the organisation the file was made for
    return access


def build(job, access: CollaborationAccess):
    now = timezone.now()
    name = slugify(access.collaboration.name) or str(access.collaboration.pk)
    return collaboration_export_zip(access, now=now), f"export-{name}-{now:%Y-%m-%d}.zip", "application/zip"


register_export_kind(
    "collaboration_zip", label=_("the collaboration's export (ZIP)"), access=participant_access, build=build
)
