from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import get_collaboration_for_user, get_participant_for_access
from samenwerkwijzer.directory.access import get_entry
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.organisations.context_processors import CURRENT_ORGANISATION_SESSION_KEY

from . import services
from .access import get_statement_for_access, own_entry_checks
from .client import RegistryError
from .forms import SignatoryStatementForm
from .models import RegistryCheck, SignatoryStatement

HISTORY = 10


def _access(request, pk, **kwargs):
    return get_collaboration_for_user(
        request.user, pk, preferred_organisation_id=request.session.get(CURRENT_ORGANISATION_SESSION_KEY), **kwargs
    )


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
            "statement": SignatoryStatement.objects.filter(participant=participant).first(),
        },
    )


@require_POST
@login_required
def participant_check_run(request, pk, participant_pk):
    access = _access(request, pk, write=True)
    participant = get_participant_for_access(access, participant_pk)
    _run(request, kvk_number=participant.organisation.kvk_number, collaboration=access.collaboration)
    return redirect("registry:participant_check", pk, participant_pk)


@require_http_methods(["GET", "POST"])
@login_required
def signatory_statement(request, pk):
    access = _access(request, pk, write=True)
    form = SignatoryStatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_statement_upload(
                access=access, signatories=form.cleaned_data["signatories"], upload=form.cleaned_data["extract"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your statement and extract have been saved."))
            return redirect("registry:participant_check", pk, access.participant.pk)
    return render(
        request,
        "registry/signatory_form.html",
        {
            "access": access,
            "collaboration": access.collaboration,
            "form": form,
            "current": SignatoryStatement.objects.filter(participant=access.participant).first(),
        },
    )


@require_GET
@login_required
def extract_download(request, pk, statement_pk):
    access = _access(request, pk)
    statement = get_statement_for_access(access, statement_pk)
    try:
        handle = statement.extract.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    return FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=statement.extract_name)


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
