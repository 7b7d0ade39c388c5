"""Files made in the background: export ZIPs, round PDFs and any future export.

A domain app registers each kind of file in its own ``export_kinds.py`` (found at start-up by
``integrations/apps.py``, so this app imports no domain app)::

    register_export_kind(
        "network_zip",
        label=_("the network's export (ZIP)"),
        access=member_access,  # access(user, job) -> what build needs; raises Http404/PermissionDenied
        build=build,           # build(job, access) -> (bytes or a File, filename, content type)
    )

``access`` is the kind's one rule, the same as the page's own download: it answers as the access
helpers do (by raising) and returns what ``build`` needs (a ``CollaborationAccess``, …), so the
task checks the rule once and hands its result to ``build``.

The download URL the pages link to stays what it was; its view runs its own access helper and then
``export_response``: a fresh file the same person made of the same thing a moment ago
(``EXPORT_REUSE_SECONDS``) is served at once, otherwise a job is queued and the person is sent
(303) to the job's page ("Uw export wordt gemaakt"), which follows the job until its download
button appears. The job's pages run ``access`` again on every request: someone who lost access
no longer gets a file made before.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from .models import ExportJob


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: Any  # a (lazily) translated noun phrase: "the collaboration's export (ZIP)"
    access: Callable[[Any, ExportJob], Any]
    build: Callable[[ExportJob, Any], tuple[Any, str, str]]


KINDS: dict[str, ExportKind] = {}


def register_export_kind(name: str, *, label, access: Callable, build: Callable) -> None:
    KINDS[name] = ExportKind(name=name, label=label, access=access, build=build)


def params_key(params: dict) -> str:
    """The params as canonical JSON: equal requests have equal keys."""
    return json.dumps(params, sort_keys=True, separators=(",", ":"))


def job_access(user, job: ExportJob) -> Any:
    """What the kind's ``access`` gives ``user`` for ``job`` now (what its ``build`` needs): only the
    person who asked, while the kind's rule lets them. Raises Http404 or PermissionDenied otherwise."""
    kind = KINDS.get(job.kind)
    if kind is None or job.requested_by_id != user.pk:
        raise Http404
    return kind.access(user, job)


def is_authorized(user, job: ExportJob) -> bool:
    """Whether ``user`` may see ``job`` now (``job_access`` without its result)."""
    try:
        job_access(user, job)
    except (Http404, PermissionDenied):  # the domain's access helpers answer by raising
        return False
    return True


def file_response(job: ExportJob) -> FileResponse:
    """The job's file, streamed from the storage with the filename and type the kind gave it."""
    handle = job.file.storage.open(job.file.name, "rb")
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def job_url(job: ExportJob) -> str:
    return reverse("export:job", args=[job.pk])


def export_response(request, *, kind: str, params: dict) -> HttpResponse:
    """What a download URL answers once its own access check passed: the file, or 303 to the job's page.

    ``params`` are the plain ids the kind's ``access`` and ``build`` need; the interface language
    is added, so the file is made in the language the person asked in.
    """
    from .services_exports import export_job_fail, export_job_request

    params = {**params, "language": get_language()}
    job = export_job_request(user=request.user, kind=kind, params=params, now=timezone.now())
    if job.status == ExportJob.Status.DONE:
        try:
            return file_response(job)
        except OSError:  # the file is gone from the storage: this job failed, make a new one
            export_job_fail(job_id=job.pk, reason=ExportJob.Reason.UNAVAILABLE)
            job = export_job_request(user=request.user, kind=kind, params=params, now=timezone.now())
    response = HttpResponseRedirect(job_url(job))
    response.status_code = 303
    return response
