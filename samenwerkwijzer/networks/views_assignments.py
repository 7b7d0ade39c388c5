"""Assignments and forming their team: the list, bringing in, the assignment's page with the proposal,
offering days, proposing, inviting, answering and cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenwerkwijzer.lib.forms import apply_validation_error

from . import services_assignments as services
from .access import get_assignment_for_access, get_network_for_request, get_team_invitation_for_access
from .forms_assignments import AssignmentForm, OfferForm, RespondForm
from .models import Assignment, Offer, TeamInvitation
from .reasons import reason_text

OPEN = (Assignment.Status.DRAFT, Assignment.Status.FORMING)
IN_PROGRESS = (Assignment.Status.TEAM_COMPLETE, Assignment.Status.AGREED)


def _apply(form: AssignmentForm, error: ValidationError) -> None:
    """A service's refusal next to its field; ``needs`` belongs to the first expertise's field."""
    if hasattr(error, "error_dict") and "needs" in error.error_dict:
        for item in error.error_dict.pop("needs"):
            form.add_error(form.first_need_field, item)
    apply_validation_error(form, error)


def _can_lead(access, assignment) -> bool:
    return assignment.brought_in_by_id == access.member.pk or access.is_coordinator


def _back(access, assignment):
    return redirect("networks:assignment", access.network.pk, assignment.pk)


@require_http_methods(["GET"])
@login_required
def assignments(request, pk):
    access = get_network_for_request(request, pk)
    rows = list(
        Assignment.objects.filter(network=access.network)
        .select_related("brought_in_by__organisation")
        .prefetch_related("needs__expertise")
    )
    groups = [
        (_("Open: the team is being formed"), [a for a in rows if a.status in OPEN]),
        (_("In progress"), [a for a in rows if a.status in IN_PROGRESS]),
        (_("Done or cancelled"), [a for a in rows if a.status not in OPEN and a.status not in IN_PROGRESS]),
    ]
    return render(request, "networks/assignments.html", {"access": access, "groups": groups})


def _form_view(request, access, *, assignment=None):
    expertises = list(access.network.expertises.all())
    form = AssignmentForm(request.POST or None, expertises=expertises, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            if assignment is None:
                assignment = services.assignment_create(access=access, data=form.data_for_service(), needs=form.needs())
                messages.success(request, _("The assignment has been brought in. Now let the app propose a team."))
            else:
                services.assignment_update(
                    access=access, assignment=assignment, data=form.data_for_service(), needs=form.needs()
                )
                messages.success(request, _("The assignment has been changed."))
        except ValidationError as error:
            _apply(form, error)
        else:
            return _back(access, assignment)
    return render(
        request,
        "networks/assignment_form.html",
        {"access": access, "form": form, "assignment": assignment, "expertises": expertises},
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignment_create(request, pk):
    access = get_network_for_request(request, pk)
    return _form_view(request, access)


@require_http_methods(["GET", "POST"])
@login_required
def assignment_edit(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk, bringer=True)
    if assignment.status != Assignment.Status.DRAFT:
        return render(request, "networks/assignment_locked.html", {"access": access, "assignment": assignment})
    return _form_view(request, access, assignment=assignment)


def _page(request, access, assignment, *, respond_form=None, errors=(), status=200):
    team = list(
        assignment.team.select_related("member__organisation", "responded_by")
        .prefetch_related("roles__need__expertise")
        .order_by("member__organisation__name", "pk")
    )
    current = [i for i in team if i.status == TeamInvitation.Status.PROPOSED]
    on_team = [i for i in team if i.status in services.ON_TEAM]
    earlier = [i for i in team if i.status in (TeamInvitation.Status.DECLINED, TeamInvitation.Status.WITHDRAWN)]
    needs = list(assignment.needs.select_related("expertise"))
    still_open = services.open_needs(assignment)
    open_roles = [(need, still_open[need.pk]) for need in needs if need.pk in still_open]
    proposal = dict(assignment.proposal or {})
    for entry in proposal.get("members", []):
        entry["reason"] = reason_text(entry["facts"])
    mine = next((i for i in reversed(team) if i.member_id == access.member.pk and i.status != "proposed"), None)
    can_lead = _can_lead(access, assignment)
    is_open = assignment.status in services.OPEN_STATUSES
    if not can_lead or not is_open:
        primary = None
    elif current and errors:  # inviting was refused (the days are gone): a new proposal is the way on
        primary = "propose_again"
    elif current:
        primary = "invite_again" if on_team or earlier else "invite"
    elif open_roles:
        primary = "propose_again" if assignment.proposal_number else "propose"
    else:
        primary = "agreement" if assignment.status == Assignment.Status.TEAM_COMPLETE else None
    context = {
        "access": access,
        "assignment": assignment,
        "needs": needs,
        "open_roles": open_roles,
        "proposal": proposal,
        "proposed": current,
        "on_team": on_team,
        "earlier": earlier,
        "can_lead": can_lead,
        "is_open": is_open,
        "primary": primary,
        "mine": mine,
        "respond_form": respond_form or (RespondForm() if mine and mine.status == "invited" else None),
        "offer": Offer.objects.filter(assignment=assignment, member=access.member).first(),
        "errors": errors,
    }
    return render(request, "networks/assignment.html", context, status=status)


@require_http_methods(["GET"])
@login_required
def assignment(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    return _page(request, access, get_assignment_for_access(access, assignment_pk))


@require_http_methods(["GET", "POST"])
@login_required
def assignment_offer(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk)
    offer = Offer.objects.filter(assignment=assignment, member=access.member).first()
    form = OfferForm(request.POST or None, initial={"days": offer.days if offer else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_save(access=access, assignment=assignment, days=form.cleaned_data["days"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your days for this assignment have been saved."))
            return _back(access, assignment)
    context = {
        "access": access,
        "assignment": assignment,
        "form": form,
        "working_days": services.working_days(assignment.starts_on, assignment.ends_on),
    }
    return render(request, "networks/assignment_offer.html", context)


def _bringer_action(request, pk, assignment_pk, action, done):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk, bringer=True)
    try:
        action(access=access, assignment=assignment)
    except ValidationError as error:
        return _page(request, access, assignment, errors=error.messages, status=200)
    messages.success(request, done)
    return _back(access, assignment)


@require_POST
@login_required
def assignment_propose(request, pk, assignment_pk):
    return _bringer_action(
        request, pk, assignment_pk, services.assignment_propose, _("The app has made a new proposal.")
    )


@require_POST
@login_required
def assignment_invite(request, pk, assignment_pk):
    return _bringer_action(
        request, pk, assignment_pk, services.team_invite, _("The proposed members have been invited by e-mail.")
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignment_cancel(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk, bringer=True)
    if request.method == "POST":
        return _bringer_action(
            request, pk, assignment_pk, services.assignment_cancel, _("The assignment has been cancelled.")
        )
    return render(request, "networks/assignment_cancel.html", {"access": access, "assignment": assignment})


@require_POST
@login_required
def assignment_respond(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk)
    invitation = get_team_invitation_for_access(access, assignment)
    form = RespondForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["answer"] == "yes"
        try:
            services.team_respond(access=access, invitation=invitation, accept=accept, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you: you take part in this team.")
                if accept
                else _("Thank you for letting us know. The app looks for someone else."),
            )
            return _back(access, assignment)
    return _page(request, access, assignment, respond_form=form)
