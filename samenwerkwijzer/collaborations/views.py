import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.accounts.adapter import PENDING_INVITATION_SESSION_KEY
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.lib.request_memo import request_memo
from samenwerkwijzer.organisations.access import current_organisation_id, organisations_for_user

from . import selectors, services
from .access import (
    CollaborationAccess,
    get_collaboration_for_request,
    get_invitation_for_access,
    get_observer_for_access,
    get_participant_for_access,
)
from .forms import (
    AcceptInvitationForm,
    CollaborationCreateForm,
    CollaborationEditForm,
    ExplorerDecisionForm,
    ExplorerSharesForm,
    InvitationForm,
    ParticipantRoleForm,
    PhaseForm,
)
from .models import AuditEvent, Invitation
from .todos import todos_for_access

AUDIT_LOG_PAGE_SIZE = 50


def collaboration_access(request, pk, **kwargs) -> CollaborationAccess:
    # The organisation the user acts for is the header's (one decision for the whole request).
    return get_collaboration_for_request(request, pk, **kwargs)


@require_http_methods(["GET", "POST"])
@login_required
def collaboration_create(request):
    organisations = organisations_for_user(request.user)
    if not organisations.exists():
        messages.info(request, _("First add your organisation; it will lead the collaboration."))
        return redirect("onboarding:start")  # the guided start: organisation, collaboration, invitation
    form = CollaborationCreateForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": current_organisation_id(request)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            collaboration = services.collaboration_create(user=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The collaboration has been started. Invite your partners next."))
            return redirect("collaborations:dashboard", collaboration.pk)
    return render(request, "collaborations/create.html", {"form": form})


@require_GET
@login_required
def collaboration_dashboard(request, pk):
    access = collaboration_access(request, pk, explorer=True)
    if access.is_explorer:
        return _explorer_dashboard(request, access)
    # The to-dos, the phase facts and the panels read the same rows (participants, rounds, ...): once.
    with request_memo():
        context = {
            "access": access,
            "collaboration": access.collaboration,
            "todos": todos_for_access(access),
            **selectors.dashboard_overview(access),
        }
        context["panels"] = [
            render_to_string(template, {**context, **panel_context}, request=request)
            for template, panel_context in selectors.dashboard_panels(access)
        ]
    return render(request, "collaborations/dashboard.html", context)


def _explorer_dashboard(request, access):
    """An explorer sees the name, the goal, the lead's contact, what the lead shares and its own
    match check; nothing revealed before it was admitted."""
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "todos": todos_for_access(access),
        **selectors.explorer_overview(access),
    }
    context["panels"] = [
        render_to_string(template, {**context, **panel_context}, request=request)
        for template, panel_context in selectors.explorer_panels(access, access.participant)
    ]
    return render(request, "collaborations/explorer_dashboard.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def explorer_shares(request, pk):
    """Wat ziet de verkenner? The lead chooses what explorers see."""
    access = collaboration_access(request, pk, lead=True)
    form = ExplorerSharesForm(request.POST or None, initial={"shares": access.collaboration.explorer_shares})
    if request.method == "POST" and form.is_valid():
        services.explorer_shares_set(access=access, shares=form.cleaned_data["shares"])
        messages.success(request, _("The changes have been saved."))
        return redirect("collaborations:participants", pk)
    return render(
        request,
        "collaborations/explorer_shares.html",
        {"form": form, "access": access, "collaboration": access.collaboration},
    )


@require_http_methods(["GET", "POST"])
@login_required
def explorer_decide(request, pk, participant_pk):
    """Verkenner toelaten als partner: each lead and partner organisation agrees or declines."""
    access = collaboration_access(request, pk, write=request.method == "POST")
    if not access.is_partner_side:
        raise PermissionDenied
    explorer = get_participant_for_access(access, participant_pk)
    if not explorer.is_explorer:
        raise Http404
    decisions = list(explorer.explorer_decisions.select_related("organisation", "decided_by"))
    own = next((d for d in decisions if d.organisation_id == access.organisation.pk), None)
    form = ExplorerDecisionForm(request.POST or None) if own is None or request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        consent = form.cleaned_data["decision"] == "consent"
        try:
            result = services.explorer_decide(access=access, explorer=explorer, consent=consent)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if result is None:
                messages.success(request, _("The exploration has ended; the organisation no longer takes part."))
            elif not result.is_explorer:
                messages.success(request, _("Every partner organisation agreed: the explorer is now a partner."))
            else:
                messages.success(request, _("Your organisation's consent has been recorded."))
            return redirect("collaborations:participants", pk)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "explorer": explorer,
        "decisions": decisions,
        "own": own,
        "decider_rows": [
            (p, next((d for d in decisions if d.organisation_id == p.organisation_id), None))
            for p in services.explorer_deciders(access.collaboration)
        ],
        "form": form,
    }
    context["panels"] = [
        render_to_string(template, {**context, **panel_context}, request=request)
        for template, panel_context in selectors.explorer_panels(access, explorer)
    ]
    return render(request, "collaborations/explorer_decide.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def collaboration_edit(request, pk):
    access = collaboration_access(request, pk, lead=True)
    # A copy, so a rejected form does not change the name shown in the page header.
    form = CollaborationEditForm(request.POST or None, instance=copy.copy(access.collaboration))
    if request.method == "POST" and form.is_valid():
        services.collaboration_update(access=access, changes=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect("collaborations:dashboard", pk)
    return render(
        request, "collaborations/edit.html", {"form": form, "access": access, "collaboration": access.collaboration}
    )


@require_http_methods(["GET", "POST"])
@login_required
def collaboration_phase(request, pk):
    access = collaboration_access(request, pk, lead=True)
    state = selectors.phase_state(access.collaboration)
    form = PhaseForm(request.POST or None, initial={"phase": state.current})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_set(access=access, phase=form.cleaned_data["phase"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The phase has been set."))
            return redirect("collaborations:dashboard", pk)
    return render(
        request,
        "collaborations/phase.html",
        {"form": form, "access": access, "collaboration": access.collaboration, "phase_state": state},
    )


@require_GET
@login_required
def participant_list(request, pk):
    access = collaboration_access(request, pk)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "participants": selectors.participants_with_members(access.collaboration),
        "observers": selectors.observers_of(access.collaboration),
        "invitations": selectors.open_invitations(access.collaboration) if access.is_lead else [],
        "role_form": ParticipantRoleForm(),
    }
    return render(request, "collaborations/participants.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def invitation_create(request, pk):
    access = collaboration_access(request, pk, lead=True)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                access=access,
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                message=form.cleaned_data["message"],
                base_url=settings.SITE_URL,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("collaborations:participants", pk)
    return render(
        request, "collaborations/invite.html", {"form": form, "access": access, "collaboration": access.collaboration}
    )


@require_POST
@login_required
def invitation_revoke(request, pk, invitation_pk):
    access = collaboration_access(request, pk, lead=True)
    invitation = get_invitation_for_access(access, invitation_pk)
    try:
        services.invitation_revoke(access=access, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("collaborations:participants", pk)


@require_POST
@login_required
def participant_role(request, pk, participant_pk):
    access = collaboration_access(request, pk, lead=True)
    participant = get_participant_for_access(access, participant_pk)
    form = ParticipantRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("collaborations:participants", pk)
    try:
        services.participant_set_role(access=access, participant=participant, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The role has been changed."))
    return redirect("collaborations:participants", pk)


@require_http_methods(["GET", "POST"])
@login_required
def participant_remove(request, pk, participant_pk):
    access = collaboration_access(request, pk, write=True)
    participant = get_participant_for_access(access, participant_pk)
    leaving = access.participant is not None and access.participant.pk == participant.pk
    if not leaving and not access.is_lead:
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.participant_remove(access=access, participant=participant)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if leaving:
                messages.success(request, _("Your organisation has left the collaboration."))
                return redirect("core:home")
            messages.success(request, _("The organisation has been removed from the collaboration."))
            return redirect("collaborations:participants", pk)
    return render(
        request,
        "collaborations/participant_remove.html",
        {
            "access": access,
            "collaboration": access.collaboration,
            "participant": participant,
            "leaving": leaving,
            "error": error,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def observer_remove(request, pk, observer_pk):
    access = collaboration_access(request, pk)
    observer = get_observer_for_access(access, observer_pk)
    leaving = observer.user_id == request.user.pk
    if access.collaboration.is_archived or (not leaving and not access.is_lead):
        raise PermissionDenied
    if request.method == "POST":
        services.observer_remove(access=access, observer=observer)
        if leaving:
            messages.success(request, _("You no longer follow this collaboration."))
            return redirect("core:home")
        messages.success(request, _("The observer has been removed."))
        return redirect("collaborations:participants", pk)
    return render(
        request,
        "collaborations/observer_remove.html",
        {"access": access, "collaboration": access.collaboration, "observer": observer, "leaving": leaving},
    )


@require_GET
@login_required
def audit_log(request, pk):
    access = collaboration_access(request, pk)
    events = AuditEvent.objects.filter(collaboration=access.collaboration)
    # A long-running collaboration gathers thousands of entries; newest first, a page at a time.
    page = Paginator(events, AUDIT_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collaborations/audit_log.html",
        {
            "access": access,
            "collaboration": access.collaboration,
            "lines": selectors.audit_lines(page.object_list),
            "page": page,
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_find(token)
    problem = services.invitation_problem(invitation, request.user)
    if problem:
        message, status = problem
        return render(request, "collaborations/invitation_problem.html", {"problem": message}, status=status)
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION_SESSION_KEY] = request.path
        return render(request, "collaborations/invitation_welcome.html", {"invitation": invitation})
    organisations = organisations_for_user(request.user)
    is_observer = invitation.kind == Invitation.Kind.OBSERVER
    form = None if is_observer else AcceptInvitationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and (is_observer or form.is_valid()):
        try:
            services.invitation_accept(
                token=token, user=request.user, organisation=None if is_observer else form.cleaned_data["organisation"]
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, error.messages[0])
                return redirect("core:home")
            apply_validation_error(form, error)
        else:
            request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
            messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.collaboration.name})
            return redirect("collaborations:dashboard", invitation.collaboration_id)
    return render(
        request,
        "collaborations/invitation_accept.html",
        {"invitation": invitation, "form": form, "has_organisations": organisations.exists()},
    )
