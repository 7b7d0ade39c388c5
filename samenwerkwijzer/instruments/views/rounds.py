"""Opening, answering, revealing and closing rounds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.organisations.models import Organisation

from .. import selectors, services
from ..access import (
    answer_changes_for,
    get_round_for_access,
    instrument_or_404,
    own_answer_set,
    self_check_shares_for,
    submission_status,
)
from ..forms import ActionItemForm, AnswerForm, CloseRoundForm, ConclusionForm
from . import collaboration_access


def _first_message(error: ValidationError) -> str:
    return error.messages[0]


@require_GET
@login_required
def overview(request, pk):
    access = collaboration_access(request, pk)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "overview": selectors.instruments_overview(access),
        "trend": selectors.checker_trend(access),
        "shares_count": len(self_check_shares_for(access)),
    }
    return render(request, "instruments/overview.html", context)


@require_POST
@login_required
def round_open(request, pk, instrument):
    access = collaboration_access(request, pk, lead=True)
    instrument_or_404(instrument)
    try:
        round_ = services.round_open(access=access, instrument_key=instrument)
    except ValidationError as error:
        messages.error(request, _first_message(error))
        return redirect("instruments:overview", pk)
    messages.success(request, _("The round has been opened. Every organisation can now answer, unseen by the others."))
    return redirect("instruments:round_detail", pk, round_.pk)


# An unsaved conclusion, kept for the writer when somebody else saved first.
CONCLUSION_CONFLICT_SESSION_KEY = "instruments_conclusion_conflict"


def _round_context(access, round_, *, form=None, conflict=None) -> dict:
    instrument = round_.definition
    status = submission_status([round_])[round_.pk]
    own = own_answer_set(access, round_)
    editable = bool(own and access.can_write and not own.is_submitted() and not round_.is_revealed())
    if editable and form is None:
        form = AnswerForm(instrument=instrument, answers=own.answers)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "round": round_,
        "instrument": instrument,
        "status": status,
        "own": own,
        "form": form if editable else None,
        "waiting_for": [s["organisation_name"] for s in status if not s["submitted"]],
        "can_remind": access.can_write and not round_.is_revealed() and any(not s["submitted"] for s in status),
        "can_close": access.is_lead and access.can_write and not round_.is_revealed(),
    }
    if own and not editable and not round_.is_revealed():
        context["own_answers"] = [(item, item.display(own.answers.get(item.id))) for item in instrument.items]
    if round_.is_revealed():
        context.update(selectors.round_results(access, round_))
        if instrument.conclusions and access.can_write:
            organisations = _participating_organisations(access)
            for row in context.get("texts", []):
                initial = {
                    "text": row.conclusion.text if row.conclusion else "",
                    "seen": services.conclusion_seen(row.conclusion),
                }
                if conflict and conflict["round"] == round_.pk and conflict["item_id"] == row.item.id:
                    # Their version is shown beside the field; the writer's own text stays in it.
                    row.conflict = True
                    initial["text"] = conflict["text"]
                row.conclusion_form = ConclusionForm(prefix=f"conclusion-{row.item.id}", initial=initial)
                row.action_form = ActionItemForm(prefix=f"action-{row.item.id}", organisations=organisations)
    return context


def _participating_organisations(access):
    return Organisation.objects.filter(participations__collaboration=access.collaboration).order_by("name")


@require_GET
@login_required
def round_detail(request, pk, round_pk):
    access = collaboration_access(request, pk)
    round_ = get_round_for_access(access, round_pk)
    conflict = request.session.pop(CONCLUSION_CONFLICT_SESSION_KEY, None)
    return render(request, "instruments/round_detail.html", _round_context(access, round_, conflict=conflict))


@require_POST
@login_required
def round_answer(request, pk, round_pk):
    """Save a draft (the form's autosave via htmx, or the "save" button) or submit."""
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    form = AnswerForm(request.POST, instrument=round_.definition)
    submitting = "submit" in request.POST
    if form.is_valid():
        try:
            if submitting:
                revealed = services.round_submit(access=access, round=round_, answers=form.answers())
            else:
                services.answers_save(access=access, round=round_, answers=form.answers())
        except ValidationError as error:
            form.add_item_errors(error.message_dict)
        else:
            if request.htmx:
                return render(request, "instruments/_saved.html", {"saved": True})
            if not submitting:
                messages.success(request, _("Your draft has been saved. Only your own organisation sees it."))
            elif revealed:
                messages.success(request, _("Everyone has submitted: the answers are now side by side."))
            else:
                messages.success(
                    request, _("Your answers have been submitted. They stay hidden until every partner has submitted.")
                )
            return redirect("instruments:round_detail", pk, round_.pk)
    if request.htmx:
        return render(request, "instruments/_saved.html", {"saved": False, "form": form})
    round_.refresh_from_db()
    context = _round_context(access, round_, form=form)
    if context["form"] is None:
        # The form is gone (submitted meanwhile, or revealed): say why nothing was saved.
        context["refused"] = form.general_errors or [_("Your answers could not be saved.")]
    return render(request, "instruments/round_detail.html", context, status=400)


@require_GET
@login_required
def round_history(request, pk, round_pk):
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    instrument = round_.definition
    changes = [
        {
            "change": change,
            "item": instrument.item(change.item_id),
            "old": instrument.item(change.item_id).display(change.old_value) if instrument.item(change.item_id) else "",
            "new": instrument.item(change.item_id).display(change.new_value) if instrument.item(change.item_id) else "",
        }
        for change in answer_changes_for(access, round_)
    ]
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "round": round_,
        "instrument": instrument,
        "changes": changes,
    }
    return render(request, "instruments/round_history.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def round_close(request, pk, round_pk):
    access = collaboration_access(request, pk, lead=True)
    round_ = get_round_for_access(access, round_pk)
    if round_.is_revealed():
        messages.info(request, _("This round has already been revealed."))
        return redirect("instruments:round_detail", pk, round_.pk)
    form = CloseRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_close_early(access=access, round=round_, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The round has been closed and the submitted answers revealed."))
            return redirect("instruments:round_detail", pk, round_.pk)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "round": round_,
        "instrument": round_.definition,
        "form": form,
        "waiting_for": [s["organisation_name"] for s in submission_status([round_])[round_.pk] if not s["submitted"]],
    }
    return render(request, "instruments/round_close.html", context)


@require_POST
@login_required
def round_remind(request, pk, round_pk):
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    try:
        count = services.round_remind(access=access, round=round_, base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, _("A reminder has been sent to %(count)s people.") % {"count": count})
    return redirect("instruments:round_detail", pk, round_.pk)


@require_POST
@login_required
def conclusion_save(request, pk, round_pk):
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    item_id = request.POST.get("item_id", "")
    form = ConclusionForm(request.POST, prefix=f"conclusion-{item_id}")
    if not form.is_valid():
        messages.error(request, _("Keep the conclusion to at most 4000 characters."))
    else:
        try:
            services.conclusion_save(
                access=access,
                round=round_,
                item_id=item_id,
                text=form.cleaned_data["text"],
                seen=form.cleaned_data["seen"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "conflict":  # errors about a field carry no code
                request.session[CONCLUSION_CONFLICT_SESSION_KEY] = {
                    "round": round_.pk,
                    "item_id": item_id,
                    "text": form.cleaned_data["text"],
                }
            messages.error(request, _first_message(error))
        else:
            messages.success(request, _("The joint conclusion has been saved."))
    return redirect(_anchor(pk, round_.pk, item_id))


@require_POST
@login_required
def action_create(request, pk, round_pk):
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    item_id = request.POST.get("item_id", "")
    form = ActionItemForm(request.POST, prefix=f"action-{item_id}", organisations=_participating_organisations(access))
    if not form.is_valid():
        messages.error(request, _("The action item was not added: %(problem)s") % {"problem": _form_problem(form)})
    else:
        try:
            services.action_item_create(
                access=access,
                round=round_,
                item_id=item_id,
                description=form.cleaned_data["description"],
                owner_organisation_id=form.cleaned_data["owner_organisation"].pk,
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            messages.error(
                request, _("The action item was not added: %(problem)s") % {"problem": _first_message(error)}
            )
        else:
            messages.success(request, _("The follow-up action is on the collaboration's action list."))
    return redirect(_anchor(pk, round_.pk, item_id))


def _form_problem(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return ""


def _anchor(pk, round_pk, item_id) -> str:
    url = reverse("instruments:round_detail", args=[pk, round_pk])
    return f"{url}#q-{item_id}" if item_id.replace("_", "").isalnum() else url


@require_POST
@login_required
def agenda_add(request, pk, round_pk):
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    item_id = request.POST.get("item_id", "")
    try:
        services.agenda_proposal_add(access=access, round=round_, item_id=item_id)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, _("The statement is on the agenda for the next meeting."))
    return redirect(_anchor(pk, round_.pk, item_id))
