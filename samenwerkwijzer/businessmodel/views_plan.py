"""Pages of the joint business plan (guide ch. 4.1 and ch. 6).

Partners edit the budget and the plan's own texts, make numbered versions and approve the current
version for their organisation; observers read; an explorer gets 403, an outsider 404; an
archived collaboration is read-only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.agreements.views import download
from samenwerkwijzer.collaborations.views import collaboration_access
from samenwerkwijzer.lib.forms import apply_validation_error

from . import assemble, rendering_plan, selectors_plan, services_plan
from .forms_plan import ApproveForm, BudgetForm, GoalsToWorkPlanForm, NewVersionForm, PlanTextForm

PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _context(access, **extra) -> dict:
    return {"collaboration": access.collaboration, "access": access, "active": "business_plan", **extra}


def _live(access, plan) -> dict:
    """The plan as it stands now: what a new version would freeze."""
    data = {**assemble.gather(access.collaboration), "texts": dict(plan.texts or {}) if plan else {}}
    parts = assemble.build(data, collaboration_pk=access.collaboration.pk)
    return {"parts": parts, "missing_count": assemble.missing_count(parts)}


@require_GET
@login_required
def plan(request, pk):
    access = collaboration_access(request, pk)
    return _plan_page(request, access)


def _plan_page(request, access, *, version_form=None, status=200):
    plan = selectors_plan.get_plan(access)
    plan_status = selectors_plan.plan_status(access, plan)
    current = plan_status.version
    my_party = plan_status.party(access.organisation)
    budget_view = selectors_plan.live_budget(access, plan)
    return render(
        request,
        "businessmodel/plan.html",
        _context(
            access,
            plan=plan,
            status=plan_status,
            my_party=my_party,
            budget=budget_view,
            budget_text=rendering_plan.break_even_text(budget_view),
            version_form=version_form or NewVersionForm(initial={"base_number": current.number if current else 0}),
            approve_form=ApproveForm(initial={"version": current.number}) if current else None,
            **_live(access, plan),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def budget_edit(request, pk):
    access = collaboration_access(request, pk, write=True)
    plan = selectors_plan.get_plan(access)
    budget_view = selectors_plan.live_budget(access, plan)
    form = BudgetForm(request.POST or None, budget_view=budget_view)
    if request.method == "POST" and form.is_valid():
        try:
            services_plan.budget_save(access=access, start_year=form.cleaned_data["start_year"], amounts=form.amounts())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The budget has been saved."))
            return redirect("businessmodel:plan", pk)
    return render(
        request,
        "businessmodel/plan_budget.html",
        _context(access, form=form, budget=budget_view),
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_text(request, pk):
    access = collaboration_access(request, pk, write=True)
    plan = selectors_plan.get_plan(access)
    texts = dict(plan.texts or {}) if plan else {}
    conflict = None
    if request.method == "POST":
        form = PlanTextForm(request.POST)
        if form.is_valid():
            try:
                services_plan.texts_save(access=access, texts=form.texts(), seen=form.cleaned_data["seen"])
            except ValidationError as error:
                apply_validation_error(form, error)
                if getattr(error, "code", None) == "conflict":
                    conflict = texts  # what is saved now, shown beside what the user typed
                    form.data = form.data.copy()
                    form.data["seen"] = selectors_plan.texts_fingerprint(texts)
            else:
                messages.success(request, _("The texts have been saved."))
                return redirect("businessmodel:plan", pk)
    else:
        form = PlanTextForm(initial={**texts, "seen": selectors_plan.texts_fingerprint(texts)})
    return render(
        request,
        "businessmodel/plan_text.html",
        _context(
            access,
            form=form,
            conflict=[(str(title), conflict.get(key, "")) for key, title in assemble.TEXT_SECTIONS]
            if conflict is not None
            else None,
        ),
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def new_version(request, pk):
    access = collaboration_access(request, pk, write=True)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            version = services_plan.version_create(
                access=access, base_number=form.cleaned_data["base_number"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s has been made. Every partner can now approve it.") % {"number": version.number},
            )
            return redirect("businessmodel:plan", pk)
    return _plan_page(
        request, access, version_form=form, status=409 if form.has_error("base_number", code="conflict") else 400
    )


@require_POST
@login_required
def approve(request, pk):
    access = collaboration_access(request, pk, write=True)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the version to approve."))
        return redirect("businessmodel:plan", pk)
    version = selectors_plan.get_version_for_access(access, form.cleaned_data["version"])
    try:
        services_plan.approve(access=access, version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)s has been approved on behalf of %(organisation)s.")
            % {"number": version.number, "organisation": access.organisation.name},
        )
    return redirect("businessmodel:plan", pk)


@require_GET
@login_required
def versions(request, pk):
    access = collaboration_access(request, pk)
    return render(
        request,
        "businessmodel/plan_versions.html",
        _context(access, versions=selectors_plan.versions_of(access), plan=selectors_plan.get_plan(access)),
    )


@require_GET
@login_required
def version_detail(request, pk, number):
    access = collaboration_access(request, pk)
    version = selectors_plan.get_version_for_access(access, number)
    return render(
        request,
        "businessmodel/plan_version.html",
        _context(
            access,
            version=version,
            is_current=version.plan.current_version_id == version.pk,
            **rendering_plan.document_context(version=version),
        ),
    )


def _filename(access, version, extension: str) -> str:
    return f"{slugify(access.collaboration.name) or 'samenwerking'}-businessplan-versie-{version.number}.{extension}"


@require_GET
@login_required
def plan_pdf(request, pk, number):
    access = collaboration_access(request, pk)
    version = selectors_plan.get_version_for_access(access, number)
    return download(rendering_plan.render_pdf(version=version), PDF, _filename(access, version, "pdf"))


@require_GET
@login_required
def plan_docx(request, pk, number):
    access = collaboration_access(request, pk)
    version = selectors_plan.get_version_for_access(access, number)
    return download(rendering_plan.render_docx(version=version), DOCX, _filename(access, version, "docx"))


@require_POST
@login_required
def goals_to_work_plan(request, pk):
    access = collaboration_access(request, pk, write=True)
    form = GoalsToWorkPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year from the list."))
        return redirect("workspace:plan", pk)
    year = form.cleaned_data["year"]
    try:
        added = services_plan.goals_to_work_plan(access=access, year=year)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if added:
            messages.success(
                request,
                _("Goals of the business plan added to the work plan: %(count)s.") % {"count": len(added)},
            )
        else:
            messages.info(request, _("The work plan already has every goal of the business plan for this year."))
    return redirect(f"{reverse('workspace:plan', args=[pk])}?year={year}")
