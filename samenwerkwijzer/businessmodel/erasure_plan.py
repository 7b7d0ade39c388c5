"""Deleting a person's data from the business plan (privacy/registry.py).

A version the person made keeps its content but loses their name; the budget lines they last
changed lose the link to them. An approval stays with their name: it records what the partners
agreed to (art. 17(3)(e) AVG/GDPR), as the agreement's approvals do.
"""

from django.utils.translation import gettext as _

from samenwerkwijzer.privacy.pseudonym import former_user
from samenwerkwijzer.privacy.registry import Kept, register_erasure

from .models import BudgetLine, PlanApproval, PlanVersion


def describe(user) -> list[Kept]:
    return [
        Kept(
            what=_("Your name with your approval of version %(number)s of the business plan of '%(collaboration)s'")
            % {"number": approval.version.number, "collaboration": approval.version.plan.collaboration.name},
            why=_(
                "Evidence of what the partners agreed (art. 17(3)(e) GDPR: establishing, exercising or defending "
                "legal claims)."
            ),
        )
        for approval in PlanApproval.objects.filter(user=user).select_related("version__plan__collaboration")
    ]


def erase(user) -> list[Kept]:
    kept = describe(user)
    PlanVersion.objects.filter(author=user).update(author=None, author_name=former_user())
    BudgetLine.objects.filter(updated_by=user).update(updated_by=None)
    return kept


register_erasure("business_plan", erase, describe)
