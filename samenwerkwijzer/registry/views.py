from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import get_collaboration_for_request, get_participant_for_access
from samenwerkwijzer.directory.access import get_entry
from samenwerkwijzer.verification.models import ExtractSubmission

from . import services
from .access import get_extract_for_access, own_entry_checks
from .client import RegistryError
from .models import RegistryCheck

HISTORY = 10


def _access(request, pk, **kwargs):
    return get_collaboration_for_request(request, pk, **kwargs)


def _run(request, *, kvk_number, collaboration=None) -> None:
    try:
        services.registry_check_run(kvk_number=kvk_number, user=request.user, collaboration=collaboration)
    except RegistryError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The Handelsregister has been consulted."))


@require_GET
@login_required
def participant_check(request, pk, participant_pk):
    access = _access(request, pk)
    participant = get_participant_for_access(access, participant_pk)
    organisation = participant.organisation
    checks = list(
        RegistryCheck.objects.filter(collaboration=access.collaboration, kvk_number=organisation.kvk_number)[:HISTORY]
    )
    return render(
        request,
        "registry/participant_check.html",
        {
            "access": access,
            "collaboration": access.collaboration,
            "participant": participant,
            "organisation": organisation,
            "check": checks[0] if checks else None,
            "history": checks,
            "extract": ExtractSubmission.objects.filter(
                organisation=organisation, status=ExtractSubmission.Status.APPROVED
            ).first(),
        },
    )


@require_POST
@login_required
def participant_check_run(request, pk, participant_pk):
    access = _access(request, pk, write=True)
    participant = get_participant_for_access(access, participant_pk)
    _run(request, kvk_number=participant.organisation.kvk_number, collaboration=access.collaboration)
    return redirect("registry:participant_check", pk, participant_pk)


@require_GET
@login_required
def extract_download(request, pk, submission_pk):
    access = _access(request, pk)
    submission = get_extract_for_access(access, submission_pk)
    try:
        handle = submission.extract.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    return FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=submission.extract_name)


@require_http_methods(["GET", "POST"])
@login_required
def entry_check(request, entry_pk):
    entry = get_entry(entry_pk)
    if request.method == "POST":
        _run(request, kvk_number=entry.kvk_number)
        return redirect("registry:entry_check", entry_pk)
    checks = list(own_entry_checks(request.user, entry.kvk_number)[:HISTORY])
    return render(
        request,
        "registry/entry_check.html",
        {"entry": entry, "check": checks[0] if checks else None, "history": checks},
    )
