from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.lib.forms import apply_validation_error

from . import services
from .access import get_membership_for_user, organisations_for_user
from .context_processors import CURRENT_ORGANISATION_SESSION_KEY
from .forms import MemberAddForm, MemberUpdateForm, NewOrganisationForm, OrganisationForm
from .models import Membership


@require_GET
@login_required
def organisation_list(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    return render(request, "organisations/list.html", {"memberships": memberships})


@require_http_methods(["GET", "POST"])
@login_required
def organisation_create(request):
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            user=request.user,
            data=form.cleaned_data,
            is_authorised_signatory=form.cleaned_data["is_authorised_signatory"],
        )
        request.session[CURRENT_ORGANISATION_SESSION_KEY] = organisation.pk
        messages.success(request, _("Organisation %(name)s has been created.") % {"name": organisation.name})
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("organisations:detail", organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "next": request.GET.get("next", "")})


@require_GET
@login_required
def organisation_detail(request, pk):
    membership = get_membership_for_user(request.user, pk)
    members = Membership.objects.filter(organisation=membership.organisation).select_related("user")
    return render(
        request,
        "organisations/detail.html",
        {"membership": membership, "organisation": membership.organisation, "members": members},
    )


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request, pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    form = OrganisationForm(request.POST or None, instance=membership.organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(membership=membership, data=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect("organisations:detail", pk)
    return render(request, "organisations/form.html", {"form": form, "organisation": membership.organisation})


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request, pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(by=membership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("organisations:detail", pk)
    return render(request, "organisations/member_add.html", {"form": form, "organisation": membership.organisation})


def _member_of(membership: Membership, member_pk) -> Membership:
    target = (
        Membership.objects.select_related("user").filter(organisation=membership.organisation, pk=member_pk).first()
    )
    if target is None:
        raise Http404
    return target


@require_http_methods(["GET", "POST"])
@login_required
def member_edit(request, pk, member_pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    target = _member_of(membership, member_pk)
    form = MemberUpdateForm(
        request.POST or None,
        instance=Membership(role=target.role, is_authorised_signatory=target.is_authorised_signatory),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                by=membership,
                membership=target,
                role=form.cleaned_data["role"],
                is_authorised_signatory=form.cleaned_data["is_authorised_signatory"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("organisations:detail", pk)
    return render(
        request,
        "organisations/member_edit.html",
        {"form": form, "organisation": membership.organisation, "target": target},
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_remove(request, pk, member_pk):
    membership = get_membership_for_user(request.user, pk)
    target = _member_of(membership, member_pk)
    if target.pk != membership.pk and not membership.is_admin:
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(by=membership, membership=target)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if target.pk == membership.pk:
                messages.success(request, _("You have left %(name)s.") % {"name": membership.organisation.name})
                return redirect("organisations:list")
            messages.success(request, _("The member has been removed."))
            return redirect("organisations:detail", pk)
    return render(
        request,
        "organisations/member_remove.html",
        {
            "organisation": membership.organisation,
            "target": target,
            "leaving": target.pk == membership.pk,
            "error": error,
        },
    )


@require_POST
@login_required
def organisation_switch(request):
    organisation_id = request.POST.get("organisation")
    organisation = (
        organisations_for_user(request.user).filter(pk=organisation_id).first()
        if organisation_id and organisation_id.isdigit()
        else None
    )
    if organisation is None:
        messages.error(request, _("Choose one of your organisations."))
    else:
        request.session[CURRENT_ORGANISATION_SESSION_KEY] = organisation.pk
        messages.success(request, _("You now act for %(name)s.") % {"name": organisation.name})
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("core:home")
