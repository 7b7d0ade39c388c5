"""The collaboration's export ZIP for its participants, at any time (also when archived), and the pages
of every export made in the background (``background_exports.py``): its progress, its download and
"Opnieuw proberen"."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from samenwerkwijzer.collaborations.views import collaboration_access

from . import services_exports
from .access import get_export_job_for_user
from .background_exports import KINDS, export_response, file_response
from .models import ExportJob


@require_GET
@login_required
def collaboration_export(request, pk):
    access = collaboration_access(request, pk)  # outsiders 404, explorers 403, as the pages
    if access.participant is None:
        # Observers read along in the pages and the API, but the export is for the participants (issue #18).
        raise PermissionDenied
    params = {"collaboration_id": access.collaboration.pk, "organisation_id": access.organisation.pk}
    return export_response(request, kind="collaboration_zip", params=params)


@require_GET
@login_required
def export_job(request, job_pk):
    """ "Uw export wordt gemaakt": htmx asks for the status part every 2 s until the job is done or
    failed; without JavaScript the "Vernieuwen" link does the same."""
    job = get_export_job_for_user(request.user, job_pk)
    context = {"job": job, "label": KINDS[job.kind].label, "Status": ExportJob.Status, "Reason": ExportJob.Reason}
    template = "integrations/_export_job_status.html" if request.htmx else "integrations/export_job.html"
    return render(request, template, context)


@require_GET
@login_required
def export_job_download(request, job_pk):
    job = get_export_job_for_user(request.user, job_pk)  # the access rule again, on every download
    if job.status != ExportJob.Status.DONE:
        return redirect("export:job", job.pk)
    try:
        return file_response(job)
    except OSError:  # the file is gone from the storage: the page says so and offers to make it again
        services_exports.export_job_fail(job_id=job.pk, reason=ExportJob.Reason.UNAVAILABLE)
        return redirect("export:job", job.pk)


@require_POST
@login_required
def export_job_retry(request, job_pk):
    job = get_export_job_for_user(request.user, job_pk)
    services_exports.export_job_retry(job=job, now=timezone.now())
    return redirect("export:job", job.pk)
