"""What the business plan holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import BudgetLine, PlanApproval, PlanVersion


def export(user) -> dict:
    return {
        "businessplan_versies_gemaakt": about(PlanVersion, user, exclude=("data",)),
        "businessplan_goedkeuringen": about(PlanApproval, user),
        "begrotingsregels_bijgewerkt": about(BudgetLine, user),
    }


register_export("business_plan", export)
