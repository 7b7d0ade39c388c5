"""The business plan's test helpers: content from the other apps through their real services."""

from samenwerkwijzer.businessmodel import services_plan
from samenwerkwijzer.businessmodel.models import Block, Canvas, CanvasNote
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.legalforms.models import LegalFormAdvice


def access_of(personas, who="alice", **kwargs):
    return get_collaboration_for_user(getattr(personas, who), personas.collaboration.pk, **kwargs)


def add_note(personas, block=Block.VALUE_PROPOSITIONS, text="Zonnedaken in één dag"):
    canvas, _created = Canvas.objects.get_or_create(collaboration=personas.collaboration)
    return CanvasNote.objects.create(
        canvas=canvas, block=block, text=text, organisation=personas.alpha, organisation_name=personas.alpha.name
    )


def choose_legal_form(personas, form="samenwerkingsovereenkomst"):
    return LegalFormAdvice.objects.create(collaboration=personas.collaboration, intake={}, ranking=[], chosen_form=form)


def fill_budget(personas, start_year, rows=None):
    """rows: {organisation: [(costs, revenues) per year]}"""
    from decimal import Decimal

    rows = rows or {
        personas.alpha: [("1000", "200"), ("300", "900"), ("100", "900")],
        personas.beta: [("500", "0"), ("200", "400")],
    }
    amounts = {
        (organisation.pk, index): (Decimal(costs), Decimal(revenues))
        for organisation, years in rows.items()
        for index, (costs, revenues) in enumerate(years)
    }
    return services_plan.budget_save(
        access=access_of(personas, "alice", write=True), start_year=start_year, amounts=amounts
    )


def make_version(personas, who="alice", note=""):
    access = access_of(personas, who, write=True)
    plan = access.collaboration.business_plan if hasattr(access.collaboration, "business_plan") else None
    base = plan.current_version.number if plan and plan.current_version else 0
    return services_plan.version_create(access=access, base_number=base, note=note)
