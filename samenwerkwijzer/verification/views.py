from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenwerkwijzer.accounts.admin_site import has_second_factor, used_second_factor
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.lib.storage import StorageUnavailable, open_for_download, unavailable
from samenwerkwijzer.organisations.access import get_membership_for_user

from . import selectors, services
from .access import OwnOrganisation, get_submission_for_reviewer, reviewable_submissions
from .eherkenning import is_enabled as eherkenning_enabled
from .forms import ExtractUploadForm, ReviewForm
from .models import ExtractSubmission


@require_GET
@login_required
def overview(request, pk):
    membership = get_membership_for_user(request.user, pk)
    organisation = membership.organisation
    submissions = list(selectors.submissions_of(organisation))
    return render(
        request,
        "verification/overview.html",
        {
            "membership": membership,
            "organisation": organisation,
            "submissions": submissions,
            "pending": next((s for s in submissions if s.is_pending), None),
            "eherkenning_enabled": eherkenning_enabled(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def extract_upload(request, pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    organisation = membership.organisation
    form = ExtractUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extract_submit(
                membership=membership,
                upload=form.cleaned_data["extract"],
                extract_date=form.cleaned_data["extract_date"],
                signatories=form.cleaned_data["signatories"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Your extract has been received. A reviewer will look at it; you will get an e-mail.")
            )
            return redirect("verification:overview", pk)
    pending = ExtractSubmission.objects.filter(organisation=organisation, status=ExtractSubmission.Status.PENDING)
    return render(
        request,
        "verification/extract_upload.html",
        {"organisation": organisation, "form": form, "pending": pending.first()},
    )


def second_factor_for_staff(view):
    """Reviewers are staff: like /beheer/, they need a second factor used in this session. Staff without
    it go through the administration's gate (set one up, or confirm it) and come back here; anyone else
    goes on to the view, whose access helper answers 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_active and user.is_staff and not (has_second_factor(user) and used_second_factor(request)):
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@login_required
@second_factor_for_staff
def review_list(request):
    submissions = list(reviewable_submissions(request.user))
    return render(request, "verification/review_list.html", {"submissions": submissions})


def _submission_or_refusal(request, submission_pk):
    try:
        return get_submission_for_reviewer(request.user, submission_pk), None
    except OwnOrganisation:
        return None, render(request, "verification/review_own.html", status=403)


@require_http_methods(["GET", "POST"])
@login_required
@second_factor_for_staff
def review_detail(request, submission_pk):
    submission, refusal = _submission_or_refusal(request, submission_pk)
    if refusal is not None:
        return refusal
    organisation = submission.organisation
    form = ReviewForm(request.POST or None, members=selectors.members_of(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.extract_decide(
                submission=submission,
                reviewer=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                signatory_members=form.cleaned_data["signatory_members"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Your decision on the extract of %(name)s has been saved and the organisation has been told.")
                % {"name": organisation.name},
            )
            return redirect("verification:review_list")
    profile, kept_check, registry_error = selectors.registry_data(organisation.kvk_number)
    return render(
        request,
        "verification/review_detail.html",
        {
            "submission": submission,
            "organisation": organisation,
            "form": form,
            "profile": profile,
            "kept_check": kept_check,
            "registry_error": registry_error,
            "history": selectors.submissions_of(organisation).exclude(pk=submission.pk),
        },
    )


@require_GET
@login_required
@second_factor_for_staff
def review_extract(request, submission_pk):
    submission, refusal = _submission_or_refusal(request, submission_pk)
    if refusal is not None:
        return refusal
    try:
        handle = open_for_download(submission.extract)
    except FileNotFoundError as error:
        raise Http404 from error
    except StorageUnavailable:
        return unavailable(request)
    return FileResponse(handle, content_type="application/pdf", filename=submission.extract_name)
