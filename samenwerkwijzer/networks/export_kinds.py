"""The network's export ZIP ("<network>/export/alles.zip") as a file made in the background
(integrations/background_exports.py): for the active members, acting for the same organisation."""

from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.integrations.background_exports import register_export_kind

from .access import NetworkAccess, get_network_for_user
from .export import network_export_zip


def member_access(user, job) -> NetworkAccess:
    organisation_id = job.params["organisation_id"]
    access = get_network_for_user(user, job.params["network_id"], preferred_organisation_id=organisation_id)
    if access.organisation.pk != organisation_id:
        raise Http404
    return access


def build(job, access: NetworkAccess):
    now = timezone.now()
    name = slugify(access.network.name) or str(access.network.pk)
    filename = f"export-{name}-{timezone.localdate(now):%Y-%m-%d}.zip"
    return network_export_zip(access, now=now), filename, "application/zip"


register_export_kind("network_zip", label=_("the network's export (ZIP)"), access=member_access, build=build)
