from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenwerkwijzer.collaborations.access import CollaborationAccess, get_collaboration_for_request
from samenwerkwijzer.collaborations.models import DurationKind
from samenwerkwijzer.lib.bilingual import language_of
from samenwerkwijzer.lib.forms import apply_validation_error

from . import advice, presentation, selectors, services
from .forms import ChooseForm, ComparisonForm, IntakeForm
from .knowledge import get_knowledge

# How many saved advices the collaboration page lists.
HISTORY_LENGTH = 10


def collaboration_access(request, pk, **kwargs) -> CollaborationAccess:
    return get_collaboration_for_request(request, pk, **kwargs)


def _language() -> str:
    return language_of(get_language())


def _guide_context(language: str) -> dict:
    knowledge = get_knowledge()
    return {
        "guide_title": knowledge.guide_title,
        "guide_publisher": knowledge.guide_publisher,
        "closing_advice": presentation.closing_advice(knowledge, language),
    }


def _ranking_context(ranking: list[advice.RankedForm], language: str, intake: advice.Intake) -> dict:
    knowledge = get_knowledge()
    presented = presentation.present_ranking(ranking, knowledge, language)
    best = [item.form for item in presented if not item.blocked][:3]
    return {
        "ranking": presented,
        "compare_query": urlencode([("selected", form) for form in best]),
        "unmet": presentation.unmet_hard_wishes(intake, ranking, knowledge, language),
    }


# Guide 5.2 calls a collaboration that "langere tijd gaat duren" structural, and names no length;
# we take a planned project of a year or more as a longer time. A shorter project is not assumed to
# be incidental: the partners answer that themselves.
LONGER_TIME_DAYS = 365


def duration_from_collaboration(collaboration) -> str | None:
    """The intake's duration as far as the collaboration tells it; None when the partners must answer."""
    if collaboration.duration_kind == DurationKind.STRUCTURAL:
        return "structural"
    end = collaboration.planned_end_date
    if end is not None and (end - collaboration.created_at.date()).days >= LONGER_TIME_DAYS:
        return "structural"
    return None


def intake_query(intake: advice.Intake) -> str:
    """The intake as a query string for the advice forms (unticked boxes left out, as a browser does)."""
    pairs = []
    for name, value in intake.to_dict().items():
        if isinstance(value, bool):
            if value:
                pairs.append((name, "on"))
        elif value is not None:
            pairs.append((name, str(value)))
    return urlencode(pairs)


def intake_summary(intake: advice.Intake) -> list[tuple[str, str]]:
    """The answers of an intake as (question, answer) in the active language."""
    form = IntakeForm()
    summary = []
    for name, value in intake.to_dict().items():
        field = form.fields[name]
        if name in advice.BOOLEAN_FIELDS:
            summary.append((str(field.label), _("yes") if value else _("no")))
        elif value is None:
            summary.append((str(field.label), _("no answer")))
        elif hasattr(field, "choices"):
            summary.append((str(field.label), str(dict(field.choices).get(value, value))))
        else:
            summary.append((str(field.label), str(value)))
    return summary


@require_GET
def comparison(request):
    """Two to eight legal forms side by side on the guide's six rows."""
    language = _language()
    knowledge = get_knowledge()
    submitted = "selected" in request.GET or "compare" in request.GET
    form = ComparisonForm(
        request.GET if submitted else None, language=language, initial={"selected": list(knowledge.forms)}
    )
    if not submitted:
        selected = list(knowledge.forms)
    elif form.is_valid():
        selected = form.cleaned_data["selected"]
    else:
        selected = []
    context = {
        "form": form,
        "table": presentation.comparison(knowledge, selected, language) if selected else None,
        "general": presentation.general_texts(knowledge, language),
        **_guide_context(language),
    }
    return render(request, "legalforms/comparison.html", context)


@require_GET
def advice_page(request):
    """The public intake and the ranked advice; works without JavaScript (a GET form)."""
    language = _language()
    submitted = IntakeForm.is_submitted(request.GET)
    form = IntakeForm(request.GET if submitted else None)
    context = {"form": form, **_guide_context(language)}
    if submitted and form.is_valid():
        intake = form.intake()
        context.update(_ranking_context(advice.rank(intake, get_knowledge().profiles), language, intake))
        context["intake_query"] = intake_query(intake)
        if request.user.is_authenticated:
            context["save_in"] = selectors.collaborations_to_save_in(request.user)
    return render(request, "legalforms/advice.html", context)


@require_GET
@login_required
def collaboration_legal_form(request, pk):
    """The legal form the collaboration chose, with the advice behind it; for members and observers."""
    access = collaboration_access(request, pk)
    language = _language()
    knowledge = get_knowledge()
    choice = selectors.latest_legal_form_choice(access.collaboration)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "choice": choice,
        "history": selectors.advice_history(access.collaboration).select_related("created_by")[:HISTORY_LENGTH],
        "form_names": {key: form.name.get(language) for key, form in knowledge.forms.items()},
        **_guide_context(language),
    }
    if choice is not None:
        context["facts"] = presentation.comparison(knowledge, [choice.form], language).rows
        context["intake_summary"] = intake_summary(choice.advice.get_intake())
        context.update(_ranking_context(choice.advice.get_ranking(), language, choice.advice.get_intake()))
    return render(request, "legalforms/collaboration.html", context)


def _eligible(ranking: list[advice.RankedForm]) -> list[str]:
    return [item.form for item in ranking if not item.blocked]


@require_http_methods(["GET", "POST"])
@login_required
def collaboration_advice(request, pk):
    """Fill in the intake for a collaboration, see the ranking, and save it with the chosen form."""
    access = collaboration_access(request, pk, write=True)
    language = _language()
    knowledge = get_knowledge()
    ranking = None
    choose_form = None
    if request.method == "POST":
        intake_form = IntakeForm(request.POST)
        if intake_form.is_valid():
            intake = intake_form.intake()
            ranking = advice.rank(intake, knowledge.profiles)
            choose_form = ChooseForm(request.POST, language=language, options=_eligible(ranking))
            if choose_form.is_valid():
                try:
                    services.legal_form_advice_save(
                        access=access, intake=choose_form.intake(), chosen_form=choose_form.cleaned_data["chosen_form"]
                    )
                except ValidationError as error:
                    apply_validation_error(choose_form, error)
                else:
                    messages.success(request, _("The advice and your choice have been saved in the collaboration."))
                    return redirect("legalforms:collaboration", pk)
    else:
        submitted = IntakeForm.is_submitted(request.GET)
        latest = selectors.latest_legal_form_choice(access.collaboration)
        duration = duration_from_collaboration(access.collaboration)
        initial = IntakeForm.initial_for(latest.advice.get_intake() if latest else None, duration=duration)
        intake_form = IntakeForm(request.GET if submitted else None, initial=initial)
        if submitted and intake_form.is_valid():
            intake = intake_form.intake()
            ranking = advice.rank(intake, knowledge.profiles)
            eligible = _eligible(ranking)
            if eligible:
                choose_form = ChooseForm(
                    initial={**IntakeForm.initial_for(intake), "chosen_form": eligible[0]},
                    language=language,
                    options=eligible,
                )
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "form": intake_form,
        "choose_form": choose_form,
        **_guide_context(language),
    }
    if ranking is not None:
        context.update(_ranking_context(ranking, language, intake))
    return render(request, "legalforms/collaboration_advice.html", context)
