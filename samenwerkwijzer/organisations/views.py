from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.accounts.adapter import PENDING_INVITATION_SESSION_KEY
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.lib.params import MAX_ID, parse_int_param

from . import services
from .access import (
    CURRENT_ORGANISATION_SESSION_KEY,
    get_invitation_for_membership,
    get_membership_for_user,
    organisations_for_user,
)
from .forms import MemberInviteForm, MemberUpdateForm, NewOrganisationForm, OrganisationForm
from .models import Membership, MembershipInvitation


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
            return HttpResponseRedirect(next_url)  # not redirect(): it would try the text as a URL name
        return redirect("organisations:detail", organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "next": request.GET.get("next", "")})


@require_GET
@login_required
def organisation_detail(request, pk):
    membership = get_membership_for_user(request.user, pk)
    members = Membership.objects.filter(organisation=membership.organisation).select_related("user")
    invitations = (
        MembershipInvitation.objects.open().filter(organisation=membership.organisation)
        if membership.is_admin
        else MembershipInvitation.objects.none()
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "members": members,
            "invitations": invitations,
        },
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
    """Invite a person by e-mail. The answer is the same whether or not the address has an account."""
    membership = get_membership_for_user(request.user, pk, manage=True)
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.membership_invitation_create(
                by=membership,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                is_authorised_signatory=form.cleaned_data["is_authorised_signatory"],
                message=form.cleaned_data["message"],
                base_url=settings.SITE_URL,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s. The person becomes a member once they accept it.")
                % {"email": invitation.email},
            )
            return redirect("organisations:detail", pk)
    return render(request, "organisations/member_add.html", {"form": form, "organisation": membership.organisation})


@require_POST
@login_required
def invitation_withdraw(request, pk, invitation_pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    invitation = get_invitation_for_membership(membership, invitation_pk)
    try:
        services.membership_invitation_withdraw(by=membership, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("organisations:detail", pk)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """Public like a collaboration invitation: the token is the key. Someone not logged in signs up or
    logs in and is brought back here (the account adapter keeps the path)."""
    invitation = services.membership_invitation_find(token)
    problem = services.membership_invitation_problem(invitation, request.user)
    if problem:
        message, status = problem
        return render(request, "organisations/invitation_problem.html", {"problem": message}, status=status)
    context = {"invitation": invitation, "organisation": invitation.organisation}
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION_SESSION_KEY] = request.path
        return render(request, "organisations/invitation_welcome.html", context)
    decision = request.POST.get("decision") if request.method == "POST" else None
    if decision in ("accept", "decline"):
        declining = decision == "decline"
        try:
            if declining:
                services.membership_invitation_decline(token=token, user=request.user)
            else:
                services.membership_invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            # Only when the invitation changed since the page was shown (used, withdrawn) in between.
            return render(request, "organisations/invitation_problem.html", {"problem": error.messages[0]}, status=409)
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        name = invitation.organisation.name
        if declining:
            messages.info(request, _("You have declined the invitation of %(name)s.") % {"name": name})
            return redirect("core:home")
        messages.success(request, _("You are now a member of %(name)s.") % {"name": name})
        return redirect("organisations:detail", invitation.organisation_id)
    return render(request, "organisations/invitation_accept.html", context)


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
    leaving = target.pk == membership.pk  # decided before the removal clears the primary key
    if not leaving and not membership.is_admin:
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(by=membership, membership=target)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if leaving:
                request.session.pop(CURRENT_ORGANISATION_SESSION_KEY, None)
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
            "leaving": leaving,
            "error": error,
        },
    )


@require_POST
@login_required
def organisation_switch(request):
    organisation_id = parse_int_param(request.POST.get("organisation"), minimum=1, maximum=MAX_ID)
    organisation = organisations_for_user(request.user).filter(pk=organisation_id).first() if organisation_id else None
    if organisation is None:
        messages.error(request, _("Choose one of your organisations."))
    else:
        request.session[CURRENT_ORGANISATION_SESSION_KEY] = organisation.pk
        messages.success(request, _("You now act for %(name)s.") % {"name": organisation.name})
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(next_url)
    return redirect("core:home")
