"""The guided start ("Stap 1 van 4"): name, organisation, collaboration, invitation.

One thing per page. Each step saves through the existing services as soon as it is complete (the
organisation exists after step 2, the collaboration after step 3); the session only remembers
which organisation and collaboration this start is about, so going back edits them.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from samenwerkwijzer.accounts.services import update_profile
from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.ambition import AMBITION_EXAMPLES, DURATION_EXAMPLES
from samenwerkwijzer.collaborations.models import Invitation
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.organisations import services as organisation_services
from samenwerkwijzer.organisations.access import CURRENT_ORGANISATION_SESSION_KEY, organisations_for_user
from samenwerkwijzer.organisations.models import Membership
from samenwerkwijzer.reference import catalog

from . import legal_forms, prefill
from .forms import CollaborationStepForm, InviteStepForm, KvkNumberForm, OrganisationDetailsForm, ProfileForm

SESSION_KEY = "onboarding"
STEPS = 4
SBI_SUGGESTIONS = 12


def _state(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _remember(request, **values) -> None:
    request.session[SESSION_KEY] = {**_state(request), **values}


def _membership(request) -> Membership | None:
    """The administrator membership of the organisation this start created or chose."""
    pk = _state(request).get("organisation")
    if not pk:
        return None
    return (
        Membership.objects.select_related("organisation")
        .filter(user=request.user, organisation_id=pk, role=Membership.Role.ADMIN)
        .first()
    )


def _collaboration_access(request):
    pk = _state(request).get("collaboration")
    if not pk:
        return None
    try:
        return get_collaboration_for_user(request.user, pk, lead=True)
    except (Http404, PermissionDenied):
        return None


def _after_profile(request) -> str:
    return "onboarding:collaboration" if organisations_for_user(request.user).exists() else "onboarding:organisation"


def _page(request, template: str, step: int, back: str, context: dict):
    return render(request, template, {"step": step, "steps": STEPS, "back": back, **context})


@require_GET
@login_required
def start(request):
    user = request.user
    first = "onboarding:profile" if not user.full_name else _after_profile(request)
    return render(
        request,
        "onboarding/start.html",
        {"first": reverse(first), "has_organisation": organisations_for_user(user).exists()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "job_title": user.job_title})
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect(_after_profile(request))
    skip = reverse(_after_profile(request)) if user.full_name else None
    return _page(request, "onboarding/profile.html", 1, reverse("onboarding:start"), {"form": form, "skip": skip})


@require_http_methods(["GET", "POST"])
@login_required
def organisation_number(request):
    # Coming from an invitation: back there once the organisation exists (only a path on this site).
    back_to = request.GET.get("next", "")
    if back_to and url_has_allowed_host_and_scheme(back_to, allowed_hosts=None) and back_to.startswith("/"):
        _remember(request, return_to=back_to, organisation=None)  # a new organisation, not the last one
    membership = _membership(request)
    form = KvkNumberForm(
        request.POST or None,
        initial={"kvk_number": membership.organisation.kvk_number if membership else ""},
        organisation_pk=membership.organisation_id if membership else None,
    )
    if request.method == "POST" and form.is_valid():
        found = prefill.lookup(form.cleaned_data["kvk_number"])
        _remember(request, prefill=found.to_dict())
        return redirect("onboarding:organisation_details")
    return _page(request, "onboarding/organisation.html", 2, reverse("onboarding:profile"), {"form": form})


def _details_initial(request, found: dict, membership: Membership | None) -> dict:
    if membership is not None and membership.organisation.kvk_number == found["kvk_number"]:
        organisation = membership.organisation
        kind, other = legal_forms.from_code(organisation.legal_form)
        return {
            "name": organisation.name,
            "legal_form_kind": kind,
            "legal_form_other": other,
            "sbi_codes": organisation.sbi_codes,
            "size_class": organisation.size_class,
            "pc4": organisation.pc4,
        }
    return {key: found[key] for key in ("name", "legal_form_kind", "legal_form_other", "sbi_codes", "pc4")}


def _typed(post) -> dict:
    """What was typed, as a form's initial data (for a search that must not show errors yet)."""
    data = {key: post.get(key, "") for key in ("name", "legal_form_kind", "legal_form_other", "size_class", "pc4")}
    data["sbi_codes"] = post.getlist("sbi_codes")
    data["is_authorised_signatory"] = bool(post.get("is_authorised_signatory"))
    return data


def _sbi_options(selected: list[str], query: str) -> tuple[list, list]:
    codes = catalog.sbi_codes()
    chosen = [codes[code] for code in dict.fromkeys(selected) if code in codes]
    matches = [item for item in catalog.sbi_search(query, limit=SBI_SUGGESTIONS) if item.code not in selected]
    return chosen, matches


@require_http_methods(["GET", "POST"])
@login_required
def organisation_details(request):
    found = _state(request).get("prefill")
    if not found:
        return redirect("onboarding:organisation")
    membership = _membership(request)
    query = request.POST.get("sbi_query", "").strip()
    searching = request.method == "POST" and request.POST.get("action") == "search"
    if searching:
        form = OrganisationDetailsForm(initial=_typed(request.POST))
    else:
        form = OrganisationDetailsForm(request.POST or None, initial=_details_initial(request, found, membership))
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "kvk_number": found["kvk_number"],
            "legal_form": data["legal_form"],
            "sbi_codes": list(dict.fromkeys(data["sbi_codes"])),
            "size_class": data["size_class"],
            "pc4": data["pc4"],
            "website": membership.organisation.website if membership else "",
            "description": membership.organisation.description if membership else "",
        }
        try:
            if membership is not None:
                organisation = organisation_services.organisation_update(membership=membership, data=fields)
            else:
                organisation = organisation_services.organisation_create(
                    user=request.user, data=fields, is_authorised_signatory=data["is_authorised_signatory"]
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return_to = _state(request).get("return_to")
            _remember(request, organisation=organisation.pk, return_to="")
            request.session[CURRENT_ORGANISATION_SESSION_KEY] = organisation.pk
            return redirect(return_to or "onboarding:collaboration")
    selected = form["sbi_codes"].value() or []
    chosen, matches = _sbi_options(selected, query)
    return _page(
        request,
        "onboarding/organisation_details.html",
        2,
        reverse("onboarding:organisation"),
        {
            "form": form,
            "found": found,
            "legal_form_options": legal_forms.options(),
            "without_legal_personality": legal_forms.WITHOUT_LEGAL_PERSONALITY,
            "chosen_codes": chosen,
            "sbi_matches": matches,
            "sbi_query": query,
            "searched": searching,
            "is_new": membership is None,
        },
    )


@require_GET
@login_required
def sbi_suggestions(request):
    """The SBI codes whose title holds the typed words: an htmx fragment of checkboxes."""
    query = request.GET.get("sbi_query", "").strip()
    matches = catalog.sbi_search(query, limit=SBI_SUGGESTIONS) if query else []
    return render(request, "onboarding/_sbi_matches.html", {"sbi_matches": matches, "sbi_query": query})


@require_http_methods(["GET", "POST"])
@login_required
def collaboration(request):
    organisations = organisations_for_user(request.user)
    if not organisations.exists():
        return redirect("onboarding:organisation")
    access = _collaboration_access(request)
    form = CollaborationStepForm(
        request.POST or None,
        organisations=organisations,
        instance=access.collaboration if access else None,
        initial={"organisation": access.organisation.pk if access else _state(request).get("organisation")},
    )
    if access is not None:
        form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("name", "purpose", "ambition_level", "duration_kind")}
        try:
            if access is not None:
                collaboration = collaboration_services.collaboration_update(access=access, changes=data)
            else:
                collaboration = collaboration_services.collaboration_create(
                    user=request.user, organisation=form.cleaned_data["organisation"], planned_end_date=None, **data
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            _remember(request, collaboration=collaboration.pk)
            return redirect("onboarding:invite")
    back = reverse("onboarding:organisation_details" if _state(request).get("prefill") else "onboarding:start")
    return _page(
        request,
        "onboarding/collaboration.html",
        3,
        back,
        {
            "form": form,
            "several_organisations": organisations.count() > 1,
            "ambition_examples": AMBITION_EXAMPLES,
            "duration_examples": DURATION_EXAMPLES,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def invite(request):
    access = _collaboration_access(request)
    if access is None:
        return redirect("onboarding:collaboration")
    form = InviteStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collaboration_services.invitation_create(
                access=access,
                email=form.cleaned_data["email"],
                kind=Invitation.Kind.PARTICIPANT,
                message=form.cleaned_data["message"],
                base_url=settings.SITE_URL,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            _remember(request, invited=form.cleaned_data["email"])
            return redirect("onboarding:done")
    return _page(
        request,
        "onboarding/invite.html",
        4,
        reverse("onboarding:collaboration"),
        {"form": form, "collaboration": access.collaboration},
    )


@require_GET
@login_required
def done(request):
    access = _collaboration_access(request)
    if access is None:
        return redirect("onboarding:start")
    return render(
        request,
        "onboarding/done.html",
        {
            "collaboration": access.collaboration,
            "invited": _state(request).get("invited"),
            "has_second_factor": Authenticator.objects.filter(user=request.user).exists(),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )
