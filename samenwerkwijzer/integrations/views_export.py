"""The collaboration's export ZIP as a download for its participants, at any time (also when archived)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from samenwerkwijzer.collaborations.views import collaboration_access

from .export_zip import collaboration_export_zip


@require_GET
@login_required
def collaboration_export(request, pk):
    access = collaboration_access(request, pk)  # outsiders 404, explorers 403, as the pages
    if access.participant is None:
        # Observers read along in the pages and the API, but the export is for the participants (issue #18).
        raise PermissionDenied
    now = timezone.now()
    response = HttpResponse(collaboration_export_zip(access, now=now), content_type="application/zip")
    name = slugify(access.collaboration.name) or str(access.collaboration.pk)
    response["Content-Disposition"] = f'attachment; filename="export-{name}-{now:%Y-%m-%d}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
