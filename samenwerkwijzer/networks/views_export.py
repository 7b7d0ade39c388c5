"""The network's export ZIP as a download for its active members (outsiders 404, as the pages), made in
the background (export_kinds.py; integrations/background_exports.py)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from samenwerkwijzer.integrations.background_exports import export_response

from .access import get_network_for_request


@require_GET
@login_required
def network_export(request, pk):
    access = get_network_for_request(request, pk)
    params = {"network_id": access.network.pk, "organisation_id": access.organisation.pk}
    return export_response(request, kind="network_zip", params=params)
