"""Reads of the joint business plan: the plan, its versions, approvals and the budget.

Everything is fetched *from* a ``CollaborationAccess`` (collaborations.access), never by id alone.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from samenwerkwijzer.collaborations.access import CollaborationAccess

from . import assemble, budget
from .models import BudgetLine, BusinessPlan, PlanApproval, PlanVersion

EMPTY, APPROVAL, APPROVED = "empty", "approval", "approved"


def get_plan(access: CollaborationAccess) -> BusinessPlan | None:
    return BusinessPlan.objects.select_related("current_version").filter(collaboration=access.collaboration).first()


def get_version_for_access(access: CollaborationAccess, number) -> PlanVersion:
    version = (
        PlanVersion.objects.select_related("plan")
        .filter(plan__collaboration=access.collaboration, number=number)
        .first()
    )
    if version is None:
        raise Http404
    return version


def versions_of(access: CollaborationAccess):
    return (
        PlanVersion.objects.filter(plan__collaboration=access.collaboration)
        .defer("data")
        .prefetch_related("approvals")
        .order_by("-number")
    )


def texts_fingerprint(texts: dict) -> str:
    """What the text form carries: a newer save meanwhile has another fingerprint (a conflict)."""
    return hashlib.sha256(json.dumps(texts or {}, sort_keys=True).encode()).hexdigest()[:16]


# --- Budget -------------------------------------------------------------------------------


@dataclass
class BudgetView:
    """A budget with its per-partner rows, from live lines or a frozen version."""

    start_year: int
    years: list[int]
    organisations: list[dict]  # {"id", "name"}
    amounts: dict  # (organisation_id, year) -> (costs, revenues)
    result: budget.Budget
    filled: bool = False
    rows: list = field(default_factory=list)  # per partner: (name, [(year, costs, revenues)])

    def __post_init__(self):
        self.rows = [
            (
                o["name"],
                [(y, *self.amounts.get((o["id"], y), (budget.ZERO, budget.ZERO))) for y in self.years],
            )
            for o in self.organisations
        ]

    def as_data(self) -> dict:
        return {
            "start_year": self.start_year,
            "years": self.years,
            "lines": [
                {"organisation_id": org_id, "year": year, "costs": str(costs), "revenues": str(revenues)}
                for (org_id, year), (costs, revenues) in sorted(self.amounts.items())
            ],
        }


def _budget_view(start_year, years, organisations, amounts) -> BudgetView:
    lines = [budget.Line(org, year, c, r) for (org, year), (c, r) in amounts.items()]
    return BudgetView(
        start_year=start_year,
        years=years,
        organisations=organisations,
        amounts=amounts,
        result=budget.compute(lines, years),
        filled=any(c or r for c, r in amounts.values()),
    )


def live_budget(access: CollaborationAccess, plan: BusinessPlan | None) -> BudgetView:
    """The budget as it stands now. Without lines it starts in the current year, with three years."""
    organisations = assemble.organisations_of(access.collaboration)
    lines = list(BudgetLine.objects.filter(plan=plan)) if plan else []
    ids = {o["id"] for o in organisations}
    amounts = {(ln.organisation_id, ln.year): (ln.costs, ln.revenues) for ln in lines if ln.organisation_id in ids}
    if lines:
        start = min(ln.year for ln in lines)
        years = list(range(start, max(ln.year for ln in lines) + 1))
    else:
        start = timezone.localdate().year
        years = list(range(start, start + 3))
    return _budget_view(start, years, organisations, amounts)


def frozen_budget(data: dict) -> BudgetView:
    stored = data.get("budget", {})
    years = [int(y) for y in stored.get("years", [])]
    amounts = {
        (line["organisation_id"], int(line["year"])): (Decimal(line["costs"]), Decimal(line["revenues"]))
        for line in stored.get("lines", [])
    }
    return _budget_view(int(stored.get("start_year") or 0), years, data.get("organisations", []), amounts)


# --- Approval status ----------------------------------------------------------------------


@dataclass
class PartyApproval:
    organisation_id: int
    name: str
    approval: PlanApproval | None


@dataclass
class PlanStatus:
    plan: BusinessPlan | None
    version: PlanVersion | None
    parties: list[PartyApproval]
    state: str

    @property
    def all_approved(self) -> bool:
        return self.state == APPROVED

    def party(self, organisation) -> PartyApproval | None:
        if organisation is None:
            return None
        return next((p for p in self.parties if p.organisation_id == organisation.pk), None)


def plan_status(access: CollaborationAccess, plan: BusinessPlan | None = None) -> PlanStatus:
    """Who approved the current version and who has not yet; a new version needs new approvals."""
    plan = plan if plan is not None else get_plan(access)
    version = plan.current_version if plan else None
    if version is None:
        return PlanStatus(plan, None, [], EMPTY)
    approvals = {a.organisation_id: a for a in version.approvals.all()}
    parties = [PartyApproval(o["id"], o["name"], approvals.get(o["id"])) for o in version.data.get("organisations", [])]
    state = APPROVED if parties and all(p.approval for p in parties) else APPROVAL
    return PlanStatus(plan, version, parties, state)
