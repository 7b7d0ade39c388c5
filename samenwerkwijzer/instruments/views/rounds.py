"""Opening, answering, revealing and closing rounds."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.lib.request_memo import request_memo
from samenwerkwijzer.organisations.models import Organisation

from .. import definitions, draft_merge, results_cache, selectors, services
from ..access import (
    answer_changes_for,
    get_round_for_access,
    instrument_or_404,
    own_answer_set,
    self_check_shares_for,
    submission_status,
)
from ..forms import ActionItemForm, AnswerForm, CloseRoundForm, ConclusionForm, SubmitCheckForm, conflict_message
from ..request_reads import rounds_by_collaboration
from . import collaboration_access


def _first_message(error: ValidationError) -> str:
    return error.messages[0]


@require_GET
@login_required
def overview(request, pk):
    access = collaboration_access(request, pk)
    with request_memo():  # the overview and the trend read the collaboration's rounds once
        rounds = rounds_by_collaboration([access.collaboration.pk])[access.collaboration.pk]
        checker_rounds = [r for r in rounds if r.instrument == definitions.CHECKER and r.revealed_at is not None]
        context = {
            "access": access,
            "collaboration": access.collaboration,
            "overview": selectors.instruments_overview(access),
            "trend": selectors.checker_trend(access, sorted(checker_rounds, key=lambda r: r.number)),
            "shares_count": len(self_check_shares_for(access)),
        }
    return render(request, "instruments/overview.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def round_open(request, pk, instrument):
    """GET: what starting a round means, with one button (the to-do list links here); POST: start it."""
    access = collaboration_access(request, pk, lead=True)
    definition = instrument_or_404(instrument)
    if request.method == "GET":
        context = {
            "access": access,
            "collaboration": access.collaboration,
            "instrument": definition,
            "organisations": [
                p.organisation
                for p in access.collaboration.participants.exclude(role="explorer").select_related("organisation")
            ],
        }
        return render(request, "instruments/round_open.html", context)
    try:
        round_ = services.round_open(access=access, instrument_key=instrument)
    except ValidationError as error:
        messages.error(request, _first_message(error))
        return redirect("instruments:overview", pk)
    messages.success(request, _("The round has been opened. Every organisation can now answer, unseen by the others."))
    return redirect("instruments:round_detail", pk, round_.pk)


# The one form that saves every conclusion box of a round page (the boxes refer to it by id).
CONCLUSIONS_FORM_ID = "conclusions-form"


def _round_context(access, round_, *, form=None, request=None) -> dict:
    """The round page's context; with ``request`` (a plain GET) a revealed round's results come as
    ``results_html``, the shared fragment (results_cache.py), instead of their context."""
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
        "can_remind": access.can_write
        and not access.is_explorer
        and not round_.is_revealed()
        and any(not s["submitted"] for s in status),
        "can_close": access.is_lead and access.can_write and not round_.is_revealed(),
    }
    if own and not editable and not round_.is_revealed():
        context["own_answers"] = [(item, item.display(own.answers.get(item.id))) for item in instrument.items]
    if round_.is_revealed() and request is not None:
        context["results_html"] = results_cache.results_html(
            request, access, round_, lambda: _results_context(access, round_)
        )
    elif round_.is_revealed():
        context.update(_results_context(access, round_))
    return context


def _results_context(access, round_) -> dict:
    """What the results section shows: the same for every reader once revealed, plus the forms of
    those who can write (the only per-reader part; results_cache.py keys on it)."""
    context = selectors.round_results(access, round_)
    if round_.definition.conclusions and access.can_write and not access.is_explorer:
        organisations = _participating_organisations(access)
        for row in context.get("texts", []):
            initial = {
                "text": row.conclusion.text if row.conclusion else "",
                "seen": services.conclusion_seen(row.conclusion),
                "original": row.conclusion.text if row.conclusion else "",
            }
            row.conclusion_form = ConclusionForm(
                prefix=f"conclusion-{row.item.id}", initial=initial, form_id=CONCLUSIONS_FORM_ID
            )
            row.action_form = ActionItemForm(prefix=f"action-{row.item.id}", organisations=organisations)
    return context


def _participating_organisations(access):
    # Explorers are not (yet) partners: they own no action.
    return Organisation.objects.filter(
        participations__collaboration=access.collaboration, participations__role__in=["lead", "partner"]
    ).order_by("name")


@require_GET
@login_required
def round_detail(request, pk, round_pk):
    access = collaboration_access(request, pk, explorer=True)  # an explorer: its own match check only
    round_ = get_round_for_access(access, round_pk)
    return render(request, "instruments/round_detail.html", _round_context(access, round_, request=request))


@require_POST
@login_required
def round_answer(request, pk, round_pk):
    """Save a draft (the form's autosave via htmx, or the "save" button). "Check and submit" saves
    the draft too and leads to the check page; only that page submits."""
    access = collaboration_access(request, pk, write=True, explorer=True)
    round_ = get_round_for_access(access, round_pk)
    form = AnswerForm(request.POST, instrument=round_.definition)
    if form.is_valid():
        try:
            saved = services.answers_save(access=access, round=round_, answers=form.answers(), base=form.posted_base())
        except ValidationError as error:
            form.add_item_errors(error.message_dict)
        else:
            if request.htmx:
                conflicts = [(conflict.item, conflict_message(conflict)) for conflict in saved.conflicts]
                context = {"saved": True, "conflicts": conflicts, "base": draft_merge.encode(saved.base)}
                return render(request, "instruments/_saved.html", context)
            if saved.conflicts:
                return _answers_with_conflicts(request, access, round_, form, saved)
            if "submit" in request.POST:
                return redirect("instruments:round_check", pk, round_.pk)
            messages.success(request, _("Your draft has been saved. Only your own organisation sees it."))
            return redirect("instruments:round_detail", pk, round_.pk)
    if request.htmx:
        return render(request, "instruments/_saved.html", {"saved": False, "form": form})
    round_.refresh_from_db()
    context = _round_context(access, round_, form=form)
    if context["form"] is None:
        # The form is gone (submitted meanwhile, or revealed): say why nothing was saved.
        context["refused"] = form.general_errors or [_("Your answers could not be saved.")]
    return render(request, "instruments/round_detail.html", context, status=400)


def _answers_with_conflicts(request, access, round_, posted: AnswerForm, saved):
    """The round page after "save" found questions a colleague changed meanwhile: every saved answer,
    and at those questions the writer's own answer with the colleague's beside it. Its base is the
    saved answers, so saving this page again replaces the colleague's answers knowingly."""
    answers = dict(saved.answer_set.answers)
    typed = posted.answers()
    for conflict in saved.conflicts:
        answers.pop(conflict.item.id, None)
        if conflict.item.id in typed:
            answers[conflict.item.id] = typed[conflict.item.id]
    form = AnswerForm(instrument=round_.definition, answers=answers)
    form.initial["answers_base"] = draft_merge.page_base(saved.answer_set.answers, round_.definition.items)
    form.add_conflicts(saved.conflicts)
    return render(request, "instruments/round_detail.html", _round_context(access, round_, form=form), status=409)


@require_http_methods(["GET", "POST"])
@login_required
def round_check(request, pk, round_pk):
    """Check your answers: the saved draft per question, what is still empty, and the one
    irreversible step. Submitting needs the confirmation this page sends along."""
    access = collaboration_access(request, pk, write=True, explorer=True)
    round_ = get_round_for_access(access, round_pk)
    own = own_answer_set(access, round_)
    if own is None or own.is_submitted() or round_.is_revealed():
        messages.info(request, _("There is nothing (left) to submit for your organisation in this round."))
        return redirect("instruments:round_detail", pk, round_.pk)
    form = SubmitCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            form.add_error(None, _("Check your answers on this page first, then submit them with the button below."))
        else:
            try:
                revealed = services.round_submit_checked(
                    access=access, round=round_, fingerprint=form.cleaned_data["checked"]
                )
            except ValidationError as error:
                # Problems with single questions are listed per question below; say the rest here.
                general = error.message_dict.get("__all__", [_("Some answers still need your attention.")])
                form.add_error(None, general[0])
            else:
                if revealed:
                    messages.success(request, _("Everyone has submitted: the answers are now side by side."))
                else:
                    messages.success(
                        request,
                        _("Your answers have been submitted. They stay hidden until every partner has submitted."),
                    )
                return redirect("instruments:round_detail", pk, round_.pk)
        own.refresh_from_db()
    answers = own.answers or {}
    instrument = round_.definition
    problems = instrument.validate_answers(answers, complete=True)
    detail = reverse("instruments:round_detail", args=[pk, round_.pk])
    rows = [
        {
            "item": item,
            "answer": item.display(answers.get(item.id)),
            "problem": problems.get(item.id),
            "change_url": f"{detail}#q-{item.id}",
        }
        for item in instrument.items
    ]
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "round": round_,
        "instrument": instrument,
        "own": own,
        "rows": rows,
        "problems": [row for row in rows if row["problem"]],
        "unanswered": sum(1 for row in rows if not row["answer"]),
        "form": form,
        "fingerprint": services.answers_fingerprint(answers),
    }
    status = 400 if form.errors else 200
    return render(request, "instruments/round_check.html", context, status=status)


@require_GET
@login_required
def round_history(request, pk, round_pk):
    access = collaboration_access(request, pk, write=True, explorer=True)
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
        count = services.round_remind(access=access, round=round_, base_url=settings.SITE_URL)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, _("A reminder has been sent to %(count)s people.") % {"count": count})
    return redirect("instruments:round_detail", pk, round_.pk)


@require_POST
@login_required
def conclusion_save(request, pk, round_pk):
    """Save every conclusion box posted: the page's one button posts them all, an autosave (htmx) one.

    Boxes the writer did not change are left alone; when one box is refused, none is saved and the
    page comes back with everything typed and the error next to its box."""
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    forms = {
        item.id: ConclusionForm(request.POST, prefix=f"conclusion-{item.id}", form_id=CONCLUSIONS_FORM_ID)
        for item in round_.definition.items
        if f"conclusion-{item.id}-text" in request.POST
    }
    saved = None
    if all(form.is_valid() for form in forms.values()):
        changes = {
            item_id: (form.cleaned_data["text"], form.cleaned_data["seen"])
            for item_id, form in forms.items()
            if form.changed()
        }
        try:
            saved = services.conclusions_save(access=access, round=round_, conclusions=changes)
        except ValidationError as error:
            _conclusion_errors(round_, forms, error, restart=not request.htmx)
    if request.htmx:
        return _conclusion_status(request, forms, saved)
    if saved is not None:
        if saved:
            messages.success(request, _("The joint conclusions have been saved."))
        else:
            messages.info(request, _("Nothing had changed, so there was nothing to save."))
        return redirect("instruments:round_detail", pk, round_.pk)
    round_.refresh_from_db()
    context = _round_context(access, round_)
    for row in context.get("texts", []):
        if row.item.id in forms and getattr(row, "conclusion_form", None) is not None:
            row.conclusion_form = forms.pop(row.item.id)
            row.conflict = getattr(row.conclusion_form, "conflict", False)
    context["conclusion_errors"] = [
        row for row in context.get("texts", []) if getattr(row, "conclusion_form", None) and row.conclusion_form.errors
    ]
    # Boxes the page no longer shows (the round is not revealed): say why nothing was saved.
    context["refused"] = [message for form in forms.values() for message in form.errors.get("text", [])]
    return render(request, "instruments/round_detail.html", context)


def _conclusion_errors(round_, forms, error: ValidationError, *, restart: bool) -> None:
    """Put a refused save's errors next to their boxes. With ``restart`` (the page comes back), a box
    somebody else saved meanwhile starts anew from their version, shown beside it: saving again
    after combining the two is no longer refused. An autosave only says it was refused."""
    for item_id, errors in error.error_dict.items():
        form = forms[item_id]
        if restart and any(e.code == "conflict" for e in errors):
            current = round_.conclusions.filter(item_id=item_id).first()
            data = form.data.copy()
            data[form.add_prefix("seen")] = services.conclusion_seen(current)
            data[form.add_prefix("original")] = current.text if current else ""
            form = ConclusionForm(data, prefix=form.prefix, form_id=CONCLUSIONS_FORM_ID)
            form.is_valid()
            form.conflict = True
            forms[item_id] = form
        for e in errors:
            form.add_error("text", e)


def _conclusion_status(request, forms, saved):
    """The autosave of one box: its status, and its new starting point when it was saved."""
    item_id, form = next(iter(forms.items()), ("", None))
    if saved is not None and form is not None:
        text = form.cleaned_data["text"]
        seen = services.conclusion_seen(saved.get(item_id)) if item_id in saved else form.cleaned_data["seen"]
        form = ConclusionForm(prefix=form.prefix, form_id=CONCLUSIONS_FORM_ID, initial={"seen": seen, "original": text})
    context = {"form": form, "saved": saved is not None and form is not None, "now": timezone.now()}
    return render(request, "instruments/_conclusion_status.html", context)


@require_POST
@login_required
def action_create(request, pk, round_pk):
    """Add a follow-up action to a question; a refused one comes back open, in view, as typed."""
    access = collaboration_access(request, pk, write=True)
    round_ = get_round_for_access(access, round_pk)
    item_id = request.POST.get("item_id", "")
    form = ActionItemForm(request.POST, prefix=f"action-{item_id}", organisations=_participating_organisations(access))
    if form.is_valid():
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
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The follow-up action is on the collaboration's action list."))
            return redirect(_anchor(pk, round_.pk, item_id))
    round_.refresh_from_db()
    context = _round_context(access, round_)
    rows = [row for row in context.get("texts", []) if row.item.id == item_id and getattr(row, "action_form", None)]
    if not rows:  # no such question on the page: nothing to keep the input in
        messages.error(request, _("The action item was not added: %(problem)s") % {"problem": _form_problem(form)})
        return redirect(_anchor(pk, round_.pk, item_id))
    rows[0].action_form = form
    rows[0].action_open = True
    return render(request, "instruments/round_detail.html", context)


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
