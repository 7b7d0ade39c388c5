from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import get_collaboration_for_request, get_participant_for_access
from samenwerkwijzer.directory.access import get_entry
from samenwerkwijzer.lib.storage import StorageUnavailable, open_for_download, unavailable
from samenwerkwijzer.verification.models import ExtractSubmission

from . import services
from .access import get_extract_for_access, own_entry_checks
from .models import RegistryCheck

HISTORY = 10


def _access(request, pk, **kwargs):
    return get_collaboration_for_request(request, pk, **kwargs)


def _state(checks) -> dict:
    """What the check fragment shows: the latest check in any state (``current``: its progress or
    failure), the latest done one (``check``: its result) and the done ones before (``history``)."""
    current = checks.first()
    done = list(checks.filter(status=RegistryCheck.Status.DONE)[:HISTORY])
    return {
        "current": current,
        "pending": current is not None and not current.is_finished,
        "check": done[0] if done else None,
        "history": done,
    }


def _page(request, template: str, context: dict, *, status: int = 200):
    """The page, or for htmx's polling the check fragment alone."""
    if request.htmx:
        template = "registry/_check.html"
    return render(request, template, context, status=status)


def _participant_page(request, access, participant, *, refusal: str = "", status: int = 200):
    organisation = participant.organisation
    checks = RegistryCheck.objects.filter(collaboration=access.collaboration, kvk_number=organisation.kvk_number)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "participant": participant,
        "organisation": organisation,
        "extract": ExtractSubmission.objects.filter(
            organisation=organisation, status=ExtractSubmission.Status.APPROVED
        ).first(),
        "can_run": access.can_write,
        "run_url": _url("registry:participant_check_run", access.collaboration.pk, participant.pk),
        "poll_url": _url("registry:participant_check", access.collaboration.pk, participant.pk),
        "refusal": refusal,
        **_state(checks),
    }
    return _page(request, "registry/participant_check.html", context, status=status)


def _url(name, *args):
    return reverse(name, args=args)


def _request_check(request, *, kvk_number, collaboration=None) -> str:
    """Queue the check (or answer it from the kept answer); the refusal message when over a rate limit."""
    try:
        services.registry_check_request(kvk_number=kvk_number, user=request.user, collaboration=collaboration)
    except ValidationError as error:
        return error.messages[0]
    return ""


@require_GET
@login_required
def participant_check(request, pk, participant_pk):
    access = _access(request, pk)
    participant = get_participant_for_access(access, participant_pk)
    return _participant_page(request, access, participant)


@require_POST
@login_required
def participant_check_run(request, pk, participant_pk):
    access = _access(request, pk, write=True)
    participant = get_participant_for_access(access, participant_pk)
    refusal = _request_check(
        request, kvk_number=participant.organisation.kvk_number, collaboration=access.collaboration
    )
    if refusal:
        return _participant_page(request, access, participant, refusal=refusal, status=429)
    return redirect("registry:participant_check", pk, participant_pk)


@require_GET
@login_required
def extract_download(request, pk, submission_pk):
    access = _access(request, pk)
    submission = get_extract_for_access(access, submission_pk)
    try:
        handle = open_for_download(submission.extract)
    except FileNotFoundError as error:
        raise Http404 from error
    except StorageUnavailable:
        return unavailable(request)
    return FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=submission.extract_name)


@require_http_methods(["GET", "POST"])
@login_required
def entry_check(request, entry_pk):
    entry = get_entry(entry_pk)
    refusal = ""
    if request.method == "POST":
        refusal = _request_check(request, kvk_number=entry.kvk_number)
        if not refusal:
            return redirect("registry:entry_check", entry_pk)
    context = {
        "entry": entry,
        "can_run": True,
        "run_url": _url("registry:entry_check", entry.pk),
        "poll_url": _url("registry:entry_check", entry.pk),
        "invite_url": _url("directory:invite", entry.pk),
        "refusal": refusal,
        **_state(own_entry_checks(request.user, entry.kvk_number)),
    }
    return _page(request, "registry/entry_check.html", context, status=429 if refusal else 200)
