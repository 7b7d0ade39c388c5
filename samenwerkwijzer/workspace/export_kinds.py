"""The archive ZIP ("…/export.zip", workspace.export) as a file made in the background
(integrations/background_exports.py); the same participants-only rule as its download URL."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.integrations.background_exports import register_export_kind
from samenwerkwijzer.integrations.export_kinds import participant_access

from .export import collaboration_zip


def build(job, access: CollaborationAccess):
    name = slugify(access.collaboration.name) or str(access.collaboration.pk)
    return collaboration_zip(access), f"archief-{name}.zip", "application/zip"


register_export_kind(
    "workspace_archive", label=_("the collaboration's archive (ZIP)"), access=participant_access, build=build
)
