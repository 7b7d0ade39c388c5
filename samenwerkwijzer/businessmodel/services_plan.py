"""Writes of the joint business plan: budget, the plan's own texts, versions, approvals, and
taking the plan's goals over into the yearly work plan.

The plan's versions and approvals are themselves the record of who did what (PlanVersion.author,
PlanApproval.user); a new version needs new approvals from every participating organisation.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.workspace import plan as work_plan
from samenwerkwijzer.workspace.models import WorkGoal

from . import assemble, budget
from .models import BudgetLine, BusinessPlan, PlanApproval, PlanVersion
from .selectors_plan import live_budget, texts_fingerprint

FIRST_START_YEAR_OFFSET = 5  # a budget may start up to five years back …
LAST_START_YEAR_OFFSET = 10  # … and up to ten years ahead


def _require_write(access: CollaborationAccess) -> None:
    if not access.can_write or access.organisation is None:
        raise PermissionDenied


def _plan_for_update(access: CollaborationAccess) -> BusinessPlan:
    plan, _created = BusinessPlan.objects.get_or_create(collaboration=access.collaboration)
    return BusinessPlan.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=plan.pk)


@transaction.atomic
def budget_save(
    *, access: CollaborationAccess, start_year: int, amounts: dict[tuple[int, int], tuple[Decimal, Decimal]]
) -> BusinessPlan:
    """Replace the budget: ``amounts`` maps (organisation id, year index 0 to 5) to (costs, revenues).

    Years after the last year with an amount are left out; the budget keeps at least its start year.
    """
    _require_write(access)
    this_year = timezone.localdate().year
    first, last = this_year - FIRST_START_YEAR_OFFSET, this_year + LAST_START_YEAR_OFFSET
    if not first <= start_year <= last:
        raise ValidationError(
            {"start_year": _("Choose a year between %(first)s and %(last)s.") % {"first": first, "last": last}}
        )
    organisations = {o["id"] for o in assemble.organisations_of(access.collaboration)}
    for (organisation_id, index), (costs, revenues) in amounts.items():
        if organisation_id not in organisations or not 0 <= index < budget.MAX_YEARS:
            raise ValidationError({"__all__": _("The budget names an organisation or year outside the plan.")})
        for name, value in (("costs", costs), ("revenues", revenues)):
            if not budget.ZERO <= value <= budget.MAX_AMOUNT:
                raise ValidationError(
                    {f"{name}_{organisation_id}_{index}": _("Fill in an amount of zero or more, in euro.")}
                )
    used = [index for (_org, index), (c, r) in amounts.items() if c or r]
    count = max(used, default=0) + 1
    plan = _plan_for_update(access)
    BudgetLine.objects.filter(plan=plan).delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            plan=plan,
            organisation_id=organisation_id,
            year=start_year + index,
            costs=costs,
            revenues=revenues,
            updated_by=access.user,
        )
        for organisation_id in sorted(organisations)
        for index in range(count)
        for costs, revenues in [amounts.get((organisation_id, index), (budget.ZERO, budget.ZERO))]
    )
    return plan


@transaction.atomic
def texts_save(*, access: CollaborationAccess, texts: dict[str, str], seen: str) -> BusinessPlan:
    """Save the plan's own short texts. ``seen`` is the fingerprint of the texts the form was opened
    with: when someone saved meanwhile, nothing is overwritten (code "conflict")."""
    _require_write(access)
    plan = _plan_for_update(access)
    if seen != texts_fingerprint(plan.texts):
        raise ValidationError(
            _("Someone else changed the texts after you opened them. Nothing has been saved: compare and try again."),
            code="conflict",
        )
    cleaned = {}
    for key, _title in assemble.TEXT_SECTIONS:
        text = str(texts.get(key, "") or "").strip()
        if len(text) > assemble.TEXT_MAX_LENGTH:
            raise ValidationError({key: _("Use at most %(max)s characters.") % {"max": assemble.TEXT_MAX_LENGTH}})
        if text:
            cleaned[key] = text
    plan.texts = cleaned
    plan.save(update_fields=["texts"])
    return plan


def version_data(access: CollaborationAccess, plan: BusinessPlan) -> dict:
    """What a new version freezes: the assembled content, the plan's texts and the budget."""
    return {
        **assemble.gather(access.collaboration),
        "texts": dict(plan.texts or {}),
        "budget": live_budget(access, plan).as_data(),
    }


@transaction.atomic
def version_create(*, access: CollaborationAccess, base_number: int, note: str = "") -> PlanVersion:
    """Freeze the plan as it stands now as a new version. ``base_number`` is the version the user saw:
    when another version was made meanwhile, nothing is made (code "conflict")."""
    _require_write(access)
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Use at most %(max)s characters.") % {"max": 300}})
    plan = _plan_for_update(access)
    current = plan.current_version.number if plan.current_version else 0
    if base_number != current:
        message = _(
            "Someone else made version %(number)s after you opened this page. Nothing has been made: look at it first."
        ) % {"number": current}
        raise ValidationError({"base_number": ValidationError(message, code="conflict")})
    version = PlanVersion.objects.create(
        plan=plan,
        number=current + 1,
        data=version_data(access, plan),
        base_number=base_number,
        note=note,
        author=access.user,
        author_name=access.user.display_name,
        author_organisation_name=access.organisation.name,
    )
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    return version


@transaction.atomic
def approve(*, access: CollaborationAccess, version: PlanVersion) -> PlanApproval:
    """Approve the current version for the organisation the user acts for."""
    _require_write(access)
    plan = _plan_for_update(access)
    if plan.current_version_id != version.pk:
        message = _("Only the current version can be approved. Look at the newest version first.")
        raise ValidationError({"version": ValidationError(message, code="conflict")})
    organisation = access.organisation
    if organisation.pk not in {o["id"] for o in version.data.get("organisations", [])}:
        raise ValidationError(
            {"version": _("Your organisation did not take part when this version was made: make a new version.")}
        )
    if PlanApproval.objects.filter(version=version, organisation=organisation).exists():
        raise ValidationError({"version": _("Your organisation has already approved this version.")})
    return PlanApproval.objects.create(
        version=version,
        organisation=organisation,
        organisation_name=organisation.name,
        user=access.user,
        user_name=access.user.display_name,
    )


@transaction.atomic
def goals_to_work_plan(*, access: CollaborationAccess, year: int) -> list[WorkGoal]:
    """Add the goals of the plan's current version as goals of the yearly work plan for ``year``:
    the goals without a deadline or with a deadline in that year or later. A goal already in that
    year's work plan (same text) is not added again."""
    _require_write(access)
    plan = BusinessPlan.objects.select_related("current_version").filter(collaboration=access.collaboration).first()
    if plan is None or plan.current_version is None:
        raise ValidationError({"year": _("The business plan has no version yet: make one first.")})
    existing = set(
        WorkGoal.objects.filter(collaboration=access.collaboration, year=year).values_list("title", flat=True)
    )
    added = []
    for goal in assemble.plan_goals(plan.current_version.data):
        deadline_year = int(goal["deadline"][:4]) if goal["deadline"][:4].isdigit() else None
        title = goal["description"][:300]
        if title in existing or (deadline_year is not None and deadline_year < year):
            continue
        added.append(work_plan.work_goal_add(access=access, year=year, title=title))
        existing.add(title)
    return added
