from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.selectors import collaboration_members
from samenwerkwijzer.collaborations.views import collaboration_access
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.integrations.background_exports import export_response
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.lib.params import parse_int_param
from samenwerkwijzer.organisations.models import Organisation

from . import exit as exit_services
from . import plan as plan_services
from . import selectors, services
from .access import get_agenda_item_for_access, get_meeting_for_access
from .forms import (
    AgendaItemForm,
    DecisionForm,
    EditMeetingForm,
    FlagReviewForm,
    MinutesForm,
    NewMeetingForm,
    PlanActionForm,
    WorkGoalForm,
    minutes_forms_for,
)
from .models import ExitProcess, WorkGoal


def meeting_url(pk, meeting_pk) -> str:
    return reverse("workspace:meeting_detail", args=[pk, meeting_pk])


def _participating(access):
    # Explorers are not (yet) partners: they own no action and attend no meeting.
    return Organisation.objects.filter(
        participations__collaboration=access.collaboration, participations__role__in=["lead", "partner"]
    )


def _context(access, **extra):
    return {"access": access, "collaboration": access.collaboration, **extra}


@require_GET
@login_required
def meeting_list(request, pk):
    access = collaboration_access(request, pk)
    meetings = list(access.collaboration.meetings.all())
    now = timezone.now()
    return render(
        request,
        "workspace/meetings.html",
        _context(
            access,
            upcoming=[m for m in meetings if not m.is_past(now)],
            past=[m for m in reversed(meetings) if m.is_past(now)],
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request, pk):
    access = collaboration_access(request, pk, write=True)
    form = NewMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                access=access,
                starts_at=form.starts_at(),
                free_items=form.cleaned_data["free_items"].splitlines(),
                **{k: v for k, v in form.changes().items() if k != "starts_at"},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting has been planned. Send the invitation when the agenda is ready."))
            return redirect("workspace:meeting_detail", pk, meeting.pk)
    preview = services.proposed_agenda(
        collaboration=access.collaboration, before=timezone.localdate() + timezone.timedelta(days=366)
    )
    return render(request, "workspace/meeting_form.html", _context(access, form=form, preview=preview))


@require_GET
@login_required
def meeting_detail(request, pk, meeting_pk):
    access = collaboration_access(request, pk)
    meeting = get_meeting_for_access(access, meeting_pk)
    return _meeting_page(request, access, meeting)


def _decision_form(item, organisations, data=None) -> DecisionForm:
    return DecisionForm(data, organisations=organisations, auto_id=f"decision-{item.pk}-%s")


def _meeting_page(request, access, meeting, *, posted_minutes=None, posted_decision=None, status=200):
    """The meeting page; ``posted_minutes`` are the bound minutes forms of a refused save,
    ``posted_decision`` the (agenda item pk, bound form) of a refused decision: shown open, as typed."""
    items = list(meeting.agenda_items.select_related("action_item__owner_organisation"))
    decisions = selectors.decisions_by_agenda_item(meeting)
    organisations = _participating(access)
    minutes_forms = minutes_forms_for(items)
    minutes_forms.update(posted_minutes or {})
    decision_forms = {item.pk: _decision_form(item, organisations) for item in items}
    if posted_decision:
        decision_forms[posted_decision[0]] = posted_decision[1]
    return render(
        request,
        "workspace/meeting_detail.html",
        _context(
            access,
            meeting=meeting,
            items=[
                (item, decisions.get(item.pk, []), minutes_forms[item.pk], decision_forms[item.pk]) for item in items
            ],
            minutes_errors=[(item, minutes_forms[item.pk]) for item in items if minutes_forms[item.pk].errors],
            agenda_form=AgendaItemForm(),
            is_past=meeting.is_past(),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, pk, meeting_pk):
    access = collaboration_access(request, pk, write=True)
    meeting = get_meeting_for_access(access, meeting_pk)
    form = EditMeetingForm(request.POST or None, instance=meeting, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                access=access, meeting=meeting, base_version=form.cleaned_data["version"], changes=form.changes()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            meeting.refresh_from_db()
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("workspace:meeting_detail", pk, meeting_pk)
    return render(request, "workspace/meeting_form.html", _context(access, form=form, meeting=meeting))


@require_GET
@login_required
def meeting_ics(request, pk, meeting_pk):
    access = collaboration_access(request, pk)
    meeting = get_meeting_for_access(access, meeting_pk)
    response = HttpResponse(services.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="overleg-{meeting.pk}.ics"'
    return response


@require_POST
@login_required
def meeting_send(request, pk, meeting_pk):
    access = collaboration_access(request, pk, write=True)
    meeting = get_meeting_for_access(access, meeting_pk)
    try:
        count = services.meeting_send_invites(access=access, meeting=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation has been sent to %(count)s people.") % {"count": count})
    return redirect("workspace:meeting_detail", pk, meeting_pk)


@require_POST
@login_required
def agenda_item_add(request, pk, meeting_pk):
    access = collaboration_access(request, pk, write=True)
    meeting = get_meeting_for_access(access, meeting_pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        services.agenda_item_add(access=access, meeting=meeting, title=form.cleaned_data["title"])
        messages.success(request, _("The subject has been added to the agenda."))
    else:
        messages.error(request, _("Enter a subject."))
    return redirect("workspace:meeting_detail", pk, meeting_pk)


@require_POST
@login_required
def minutes_save(request, pk, meeting_pk):
    """Save every minutes box posted: the page's one button posts them all, an autosave (htmx) one."""
    access = collaboration_access(request, pk, write=True)
    meeting = get_meeting_for_access(access, meeting_pk)
    forms = minutes_forms_for(list(meeting.agenda_items.all()), request.POST)
    if all(form.is_valid() for form in forms.values()):
        changes = {item_pk: form.cleaned_data["minutes"] for item_pk, form in forms.items() if form.changed()}
        services.minutes_save(access=access, meeting=meeting, minutes=changes)
        if not request.htmx:
            messages.success(request, _("The minutes have been saved."))
            return redirect(meeting_url(pk, meeting_pk))
    if request.htmx:
        # The autosave of one box: its status, and what the box now holds as its starting point.
        item_pk, form = next(iter(forms.items()), (None, None))
        saved = form is not None and form.is_valid()
        if saved:
            form = MinutesForm(prefix=form.prefix, initial={"original": form.cleaned_data["minutes"]})
        return render(
            request,
            "workspace/_minutes_status.html",
            {"form": form, "saved": saved, "item_pk": item_pk, "now": timezone.now()},
        )
    return _meeting_page(request, access, meeting, posted_minutes=forms)


@require_POST
@login_required
def decision_add(request, pk, meeting_pk, item_pk):
    access = collaboration_access(request, pk, write=True)
    meeting = get_meeting_for_access(access, meeting_pk)
    item = get_agenda_item_for_access(access, meeting, item_pk)
    form = _decision_form(item, _participating(access), request.POST)
    if form.is_valid():
        try:
            services.decision_add(access=access, item=item, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The decision has been added to the action items."))
            return redirect(f"{meeting_url(pk, meeting_pk)}#item-{item.pk}")
    # Refused: the same page, this item's form open with what was typed and the errors beside the fields.
    return _meeting_page(request, access, meeting, posted_decision=(item.pk, form))


@require_GET
@login_required
def radar(request, pk):
    access = collaboration_access(request, pk)
    overview = selectors.radar_overview(access.collaboration)
    return render(request, "workspace/radar.html", _context(access, overview=overview))


@require_POST
@login_required
def flag_discussed(request, pk):
    access = collaboration_access(request, pk, write=True)
    form = FlagReviewForm(request.POST)
    if form.is_valid():
        services.flag_mark_discussed(access=access, **form.cleaned_data)
        messages.success(request, _("The warning has been marked as discussed."))
    return redirect("workspace:radar", pk)


@require_GET
@login_required
def exit_overview(request, pk):
    access = collaboration_access(request, pk)
    process = ExitProcess.objects.filter(collaboration=access.collaboration).select_related("final_round").first()
    return render(
        request,
        "workspace/exit.html",
        _context(
            access,
            process=process,
            blockers=exit_services.archive_blockers(process) if process else [],
            checklist_preview=exit_services.agreement_checklist(access.collaboration)
            or exit_services.default_checklist(),
        ),
    )


@require_POST
@login_required
def exit_start(request, pk):
    access = collaboration_access(request, pk, lead=True)
    try:
        exit_services.exit_start(access=access, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The exit has started. All partners now fill in the final evaluation round."))
    return redirect("workspace:exit", pk)


@require_POST
@login_required
def exit_check(request, pk, index):
    access = collaboration_access(request, pk, write=True)
    try:
        exit_services.exit_check_item(access=access, index=index, done=request.POST.get("done") == "1")
    except (ValidationError, ExitProcess.DoesNotExist):
        messages.error(request, _("This checklist item does not exist."))
    return redirect("workspace:exit", pk)


@require_POST
@login_required
def exit_division(request, pk):
    access = collaboration_access(request, pk, lead=True)
    try:
        exit_services.exit_record_division(access=access, text=request.POST.get("results_division", ""))
    except (ValidationError, ExitProcess.DoesNotExist) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else _("Start the exit first."))
    else:
        messages.success(request, _("The division of the results has been recorded."))
    return redirect("workspace:exit", pk)


@require_POST
@login_required
def exit_archive(request, pk):
    access = collaboration_access(request, pk, lead=True)
    try:
        exit_services.exit_archive(access=access)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The collaboration has been archived. Everything stays readable and can be downloaded.")
        )
    return redirect("workspace:exit", pk)


@require_GET
@login_required
def export_zip(request, pk):
    access = collaboration_access(request, pk)
    if access.participant is None:
        # Observers read along, but the full export is for the partners.
        raise PermissionDenied
    # Made in the background (export_kinds.py): the file at once when just made, else its progress page.
    params = {"collaboration_id": access.collaboration.pk, "organisation_id": access.organisation.pk}
    return export_response(request, kind="workspace_archive", params=params)


def _plan_forms(access, data=None):
    people = collaboration_members(access.collaboration)
    goals = WorkGoal.objects.filter(collaboration=access.collaboration)
    return PlanActionForm(data, organisations=_participating(access), people=people, goals=goals)


@require_GET
@login_required
def plan(request, pk):
    access = collaboration_access(request, pk)
    today = timezone.localdate()
    year, year_error = today.year, None
    if request.GET.get("year"):
        year = parse_int_param(request.GET["year"], minimum=1, maximum=9999)
        if year is None:  # only a typed-in address brings this: the page for this year, saying why
            year, year_error = today.year, _("Choose a year from the list.")
    filter_ = request.GET.get("filter") if request.GET.get("filter") in plan_services.FILTERS else "all"
    overview = plan_services.plan_overview(access, year=year, filter_=filter_, today=today)
    return render(
        request,
        "workspace/plan.html",
        _context(
            access,
            **overview,
            year_error=year_error,
            goal_form=WorkGoalForm(initial={"year": year}),
            action_form=_plan_forms(access),
            filters=[
                ("all", _("All")),
                ("mine", _("Mine")),
                ("organisation", _("My organisation")),
                ("overdue", _("Overdue")),
            ],
        ),
        status=400 if year_error else 200,
    )


@require_POST
@login_required
def plan_goal_add(request, pk):
    access = collaboration_access(request, pk, write=True)
    form = WorkGoalForm(request.POST)
    if form.is_valid():
        try:
            goal = plan_services.work_goal_add(access=access, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The goal has been added."))
            return redirect(f"{reverse('workspace:plan', args=[pk])}?year={goal.year}")
    else:
        messages.error(request, _("Fill in the year and the goal."))
    return redirect("workspace:plan", pk)


@require_POST
@login_required
def plan_action_add(request, pk):
    access = collaboration_access(request, pk, write=True)
    form = _plan_forms(access, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan_services.plan_action_add(
                access=access,
                description=data["description"],
                owner_organisation_id=data["owner_organisation"].pk,
                owner_person_id=data["owner_person"].pk if data["owner_person"] else None,
                due_date=data["due_date"],
                work_goal=data["work_goal"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The action item has been added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("workspace:plan", pk)


@require_POST
@login_required
def plan_action_status(request, pk, action_pk):
    access = collaboration_access(request, pk, write=True)
    action = ActionItem.objects.filter(collaboration=access.collaboration, pk=action_pk).first()
    if action is None:
        raise Http404
    try:
        instrument_services.action_item_set_status(access=access, action=action, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    back = request.POST.get("back", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(back)  # not redirect(): it would try the text as a URL name
    return redirect("workspace:plan", pk)
