"""What follows a complete team: the agreement, marking the work done, the blind evaluation and its
reveal, turning the team into a collaboration. Thin views: access helper → form → service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenwerkwijzer.lib.forms import apply_validation_error

from . import services_after as services
from .access import get_assignment_for_access, get_network_for_request, get_team_member_for_access
from .evaluation import compare
from .forms_after import AgreementForm, ApproveForm, EvaluationForm
from .models import Assignment, AssignmentAgreement


def _agreement_url(access, assignment) -> str:
    return reverse("networks:assignment_agreement", args=[access.network.pk, assignment.pk])


def _evaluation_url(access, assignment) -> str:
    return reverse("networks:evaluation", args=[access.network.pk, assignment.pk])


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _team_context(access, assignment) -> dict:
    invitations = services.team_invitations(assignment)
    member_ids = {i.member_id for i in invitations}
    is_team_member = access.member.pk in member_ids
    is_bringer = services.is_bringer(access, assignment)
    return {
        "access": access,
        "network": access.network,
        "assignment": assignment,
        "invitations": invitations,
        "is_team_member": is_team_member,
        "is_bringer": is_bringer,
        # The team, the bringer and the coordinator see the agreement and the revealed evaluation.
        "involved": is_team_member or is_bringer,
    }


@login_required
@require_http_methods(["GET"])
def assignment_agreement(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk)
    context = _team_context(access, assignment)
    agreement = (
        AssignmentAgreement.objects.filter(assignment=assignment)
        .select_related("lead_member__organisation", "client_contact__organisation", "updated_by")
        .first()
    )
    approved = services.approved_member_ids(agreement) if agreement else set()
    status = assignment.status
    context.update(
        agreement=agreement,
        ready=status in (*services.AGREEMENT_STATUSES, Assignment.Status.DONE),
        terms=agreement.data.get("team", []) if agreement else services.agreement_terms(assignment),
        approvals=[(i.member, i.member_id in approved) for i in context["invitations"]],
        has_approved=access.member.pk in approved,
        approve_form=ApproveForm(initial={"version": agreement.version}) if agreement else None,
        can_edit=context["is_bringer"] and status in services.AGREEMENT_STATUSES,
        can_approve=context["is_team_member"] and agreement is not None and status == Assignment.Status.TEAM_COMPLETE,
        can_mark_done=status == Assignment.Status.AGREED and services.can_mark_done(access, assignment),
        can_to_collaboration=(
            assignment.brought_in_by_id == access.member.pk
            and assignment.collaboration_id is None
            and status in (Assignment.Status.AGREED, Assignment.Status.DONE)
        ),
    )
    return render(request, "networks/agreement.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk, bringer=True)
    context = _team_context(access, assignment)
    agreement = AssignmentAgreement.objects.filter(assignment=assignment).first()
    members = [i.member for i in context["invitations"]]
    context.update(agreement=agreement, ready=assignment.status in services.AGREEMENT_STATUSES, conflict=None)
    if not context["ready"]:
        return render(request, "networks/agreement_edit.html", context)
    if request.method == "POST":
        form = AgreementForm(request.POST, members=members)
        if form.is_valid():
            try:
                services.agreement_save(
                    access=access,
                    assignment=assignment,
                    lead_member=form.cleaned_data["lead_member"],
                    client_contact=form.cleaned_data["client_contact"],
                    income_split=form.cleaned_data["income_split"],
                    other_terms=form.cleaned_data["other_terms"],
                    base_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                if any(e.code == "conflict" for e in error.error_dict.get("version", [])):
                    # Keep what was typed, show the newer text, and let a new save start from it.
                    agreement = AssignmentAgreement.objects.select_related(
                        "lead_member__organisation", "client_contact__organisation", "updated_by"
                    ).get(assignment=assignment)
                    data = request.POST.copy()
                    data["version"] = str(agreement.version)
                    form = AgreementForm(data, members=members)
                    form.is_valid()
                    context.update(conflict=agreement)
                else:
                    apply_validation_error(form, error)
            else:
                messages.success(request, _("The agreement is saved. Every team member is asked to approve it."))
                return redirect(_agreement_url(access, assignment))
    else:
        initial = {"version": agreement.version if agreement else 0}
        if agreement:
            initial.update(
                lead_member=agreement.lead_member_id,
                client_contact=agreement.client_contact_id,
                income_split=agreement.income_split,
                other_terms=agreement.other_terms,
            )
        else:
            bringer_in_team = assignment.brought_in_by_id in {m.pk for m in members}
            default = assignment.brought_in_by_id if bringer_in_team else (members[0].pk if members else None)
            initial.update(lead_member=default, client_contact=default)
        form = AgreementForm(initial=initial, members=members)
    context.update(form=form, terms=services.agreement_terms(assignment))
    return render(request, "networks/agreement_edit.html", context)


@login_required
@require_POST
def agreement_approve(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk)
    get_team_member_for_access(access, assignment)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This approval could not be recorded. Reload the page and try again."))
        return redirect(_agreement_url(access, assignment))
    try:
        services.agreement_approve(access=access, assignment=assignment, version=form.cleaned_data["version"])
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("You approved the agreement for %(name)s.") % {"name": access.organisation.name})
    return redirect(_agreement_url(access, assignment))


@login_required
@require_POST
def assignment_done(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk)
    try:
        services.assignment_mark_done(access=access, assignment=assignment)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(_agreement_url(access, assignment))
    messages.success(request, _("The work is marked done. Every team member can now fill in the evaluation."))
    return redirect(_evaluation_url(access, assignment))


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk)
    if request.method == "POST":
        get_team_member_for_access(access, assignment)
    context = _team_context(access, assignment)
    own = assignment.evaluations.filter(member=access.member).first()
    form = None
    if request.method == "POST":
        form = EvaluationForm(request.POST)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                services.evaluation_save(
                    access=access,
                    assignment=assignment,
                    answers=form.answers(),
                    grade=form.cleaned_data["grade"],
                    remarks=form.cleaned_data["remarks"],
                    submit=submit,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if submit:
                    messages.success(request, _("Your evaluation is submitted. Thank you."))
                else:
                    messages.success(request, _("Your evaluation is saved. You can change it until you submit it."))
                return redirect(_evaluation_url(access, assignment))
    elif context["is_team_member"] and (own is None or own.submitted_at is None):
        initial = dict(own.answers) if own else {}
        if own:
            initial.update(grade=own.grade, remarks=own.remarks)
        form = EvaluationForm(initial=initial)
    revealed = services.is_revealed(assignment)
    submitted = list(
        assignment.evaluations.filter(submitted_at__isnull=False)
        .select_related("member__organisation")
        .order_by("member__organisation__name")
    )
    submitted_ids = {e.member_id for e in submitted}
    show_answers = revealed and context["involved"]
    context.update(
        form=form if assignment.status == Assignment.Status.DONE else None,
        own=own,
        open=assignment.status == Assignment.Status.DONE,
        revealed=revealed,
        progress=[(i.member, i.member_id in submitted_ids) for i in context["invitations"]],
        submitted_count=len(submitted_ids),
        # Answers leave the server only after the reveal, and only for the team and the bringer.
        columns=[e.member.organisation.name for e in submitted] if show_answers else [],
        rows=compare(submitted, _("Grade")) if show_answers else [],
        remarks=[(e.member.organisation.name, e.remarks) for e in submitted if e.remarks] if show_answers else [],
        can_reveal=(
            context["is_bringer"]
            and assignment.status == Assignment.Status.DONE
            and not revealed
            and bool(submitted_ids)
        ),
    )
    return render(request, "networks/evaluation.html", context)


@login_required
@require_POST
def evaluation_reveal(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk, bringer=True)
    try:
        services.evaluation_reveal(access=access, assignment=assignment)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The evaluations are revealed side by side."))
    return redirect(_evaluation_url(access, assignment))


@login_required
@require_POST
def to_collaboration(request, pk, assignment_pk):
    access = get_network_for_request(request, pk)
    assignment = get_assignment_for_access(access, assignment_pk, bringer=True)
    try:
        result = services.assignment_to_collaboration(access=access, assignment=assignment)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(_agreement_url(access, assignment))
    messages.success(
        request,
        _("The collaboration is made. The other team members are invited to take part: %(names)s.")
        % {"names": ", ".join(result.invited) or "—"},
    )
    if result.unreachable:
        messages.warning(
            request,
            _("Nobody could be invited for %(names)s: invite them from the collaboration's participants page.")
            % {"names": ", ".join(result.unreachable)},
        )
    return redirect(reverse("collaborations:dashboard", args=[result.collaboration.pk]))
