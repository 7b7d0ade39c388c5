"""The joint business plan in the JSON API (mounted under /api/v1/business-model).

Every operation reaches the collaboration through ``integrations.api_support.collaboration_access``
(the pages' access helper: participants and observers read, an explorer 403, an outsider 404) and
reads through the pages' own selectors. The same serialisation fills ``business_plan.json`` in the
collaboration's export ZIP (export_plan.py).
"""

from datetime import datetime

from django.http import HttpResponse
from ninja import Query, Router, Schema

from samenwerkwijzer.integrations.api_support import (
    API_AUTH,
    ERRORS,
    PageQuery,
    collaboration_access,
    page_of,
    paginate,
)

from . import rendering_plan, selectors_plan

router = Router(tags=["business model"])


class ApprovalOut(Schema):
    organisation_id: int
    organisation: str
    approved: bool
    approved_by: str
    approved_at: datetime | None


class BudgetYearOut(Schema):
    year: int
    costs: str
    revenues: str
    result: str
    cumulative_result: str


class BudgetLineOut(Schema):
    organisation_id: int
    year: int
    costs: str
    revenues: str


class BudgetOut(Schema):
    years: list[int]
    lines: list[BudgetLineOut]
    totals: list[BudgetYearOut]
    break_even_year: int | None


class VersionSummaryOut(Schema):
    number: int
    made_at: datetime
    made_by: str
    made_by_organisation: str
    note: str
    approved_by: list[str]


class BusinessPlanOut(Schema):
    state: str
    current_version: VersionSummaryOut | None
    approvals: list[ApprovalOut]
    all_approved: bool
    budget: BudgetOut
    frozen_budget: BudgetOut | None


def budget_out(view) -> dict:
    return {
        "years": view.years,
        "lines": view.as_data()["lines"],
        "totals": [
            {
                "year": t.year,
                "costs": str(t.costs),
                "revenues": str(t.revenues),
                "result": str(t.result),
                "cumulative_result": str(t.cumulative),
            }
            for t in view.result.totals
        ],
        "break_even_year": view.result.break_even_year,
    }


def version_out(version) -> dict:
    return {
        "number": version.number,
        "made_at": version.created_at,
        "made_by": version.author_name,
        "made_by_organisation": version.author_organisation_name,
        "note": version.note,
        "approved_by": [a.organisation_name for a in version.approvals.all()],
    }


def plan_out(access) -> dict:
    plan = selectors_plan.get_plan(access)
    status = selectors_plan.plan_status(access, plan)
    return {
        "state": status.state,
        "current_version": version_out(status.version) if status.version else None,
        "approvals": [
            {
                "organisation_id": p.organisation_id,
                "organisation": p.name,
                "approved": p.approval is not None,
                "approved_by": p.approval.user_name if p.approval else "",
                "approved_at": p.approval.created_at if p.approval else None,
            }
            for p in status.parties
        ],
        "all_approved": status.all_approved,
        "budget": budget_out(selectors_plan.live_budget(access, plan)),
        "frozen_budget": budget_out(selectors_plan.frozen_budget(status.version.data)) if status.version else None,
    }


@router.get(
    "/collaborations/{int:pk}/business-plan",
    response={200: BusinessPlanOut, **ERRORS},
    auth=API_AUTH,
    url_name="business_plan",
    summary="The joint business plan: current version, approvals, budget with totals and break-even year",
)
def business_plan(request, pk: int):
    return plan_out(collaboration_access(request, pk))


@router.get(
    "/collaborations/{int:pk}/business-plan/versions",
    response={200: page_of(VersionSummaryOut), **ERRORS},
    auth=API_AUTH,
    url_name="business_plan_versions",
    summary="The business plan's versions, newest first",
)
def business_plan_versions(request, pk: int, page: Query[PageQuery]):
    access = collaboration_access(request, pk)
    return paginate(selectors_plan.versions_of(access), page, serialise=version_out)


@router.get(
    "/collaborations/{int:pk}/business-plan/versions/{int:number}/pdf",
    response={200: None, **ERRORS},
    auth=API_AUTH,
    url_name="business_plan_pdf",
    summary="A version of the business plan as PDF",
)
def business_plan_pdf(request, pk: int, number: int):
    access = collaboration_access(request, pk)
    version = selectors_plan.get_version_for_access(access, number)
    response = HttpResponse(rendering_plan.render_pdf(version=version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="businessplan-versie-{version.number}.pdf"'
    return response
