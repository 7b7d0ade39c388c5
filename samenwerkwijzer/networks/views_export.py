"""The network's export ZIP as a download for its active members (outsiders 404, as the pages)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from .access import get_network_for_request
from .export import network_export_zip


@require_GET
@login_required
def network_export(request, pk):
    access = get_network_for_request(request, pk)
    now = timezone.now()
    response = HttpResponse(network_export_zip(access, now=now), content_type="application/zip")
    name = slugify(access.network.name) or str(access.network.pk)
    response["Content-Disposition"] = f'attachment; filename="export-{name}-{timezone.localdate(now):%Y-%m-%d}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
