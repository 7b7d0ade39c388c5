"""The business plan as PDF (WeasyPrint, the agreements' helper and stylesheet, from the same template
as the screen) and as DOCX (python-docx, with the agreements' block writer)."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samenwerkwijzer.agreements import rendering as agreement_rendering
from samenwerkwijzer.lib import formatting

from . import assemble
from .models import PlanVersion
from .selectors_plan import frozen_budget


def status_line(version: PlanVersion) -> str:
    return _("Version %(number)s, made on %(date)s by %(name)s.") % {
        "number": version.number,
        "date": formatting.format_date(version.created_at, long=True),
        "name": version.author_name,
    }


def break_even_text(budget_view) -> str:
    if not budget_view.filled:
        return _("The budget has not been filled in yet.")
    year = budget_view.result.break_even_year
    if year is None:
        return _("Within the years of this budget the collaboration does not break even.")
    return _("Break-even year: %(year)s (the first year in which the cumulative result is zero or more).") % {
        "year": year
    }


def document_context(*, version: PlanVersion) -> dict:
    """What the plan's document template needs, on screen and in the PDF."""
    budget_view = frozen_budget(version.data)
    return {
        "parts": assemble.build(version.data),
        "doc_budget": budget_view,
        "break_even": break_even_text(budget_view),
        "collaboration_name": version.data.get("collaboration_name", ""),
        "status_line": status_line(version),
        "plan_version": version,
    }


def render_pdf(*, version: PlanVersion) -> bytes:
    html = render_to_string("businessmodel/plan_pdf.html", document_context(version=version))
    return agreement_rendering.html_to_pdf(html)


def _budget_rows(budget_view) -> list[list[str]]:
    return [
        [
            str(total.year),
            formatting.format_money(total.costs),
            formatting.format_money(total.revenues),
            formatting.format_money(total.result),
            formatting.format_money(total.cumulative),
        ]
        for total in budget_view.result.totals
    ]


def budget_headers() -> list[str]:
    return [_("Year"), _("Costs"), _("Revenues"), _("Result"), _("Cumulative result")]


def render_docx(*, version: PlanVersion) -> bytes:
    from docx import Document as DocxDocument
    from docx.shared import Pt

    context = document_context(version=version)
    docx = DocxDocument()
    docx.styles["Normal"].font.name = "Arial"
    docx.styles["Normal"].font.size = Pt(10.5)
    docx.core_properties.title = f"{_('Business plan')} · {context['collaboration_name']}"
    docx.add_paragraph(context["collaboration_name"])
    docx.add_heading(_("Business plan"), level=0)
    docx.add_paragraph(context["status_line"])
    for number, part in enumerate(context["parts"], start=1):
        docx.add_heading(f"{number}. {part.title}", level=1)
        docx.add_paragraph().add_run(part.source).italic = True
        for block in part.blocks:
            agreement_rendering.docx_block(docx, block)
        for missing in part.missing:
            docx.add_paragraph(missing)
    docx.add_heading(f"{len(context['parts']) + 1}. {_('Budget')}", level=1)
    budget_view = context["doc_budget"]
    if budget_view.filled:
        table_block = assemble.Content("table", headers=budget_headers(), rows=_budget_rows(budget_view))
        agreement_rendering.docx_block(docx, table_block)
    docx.add_paragraph(context["break_even"])
    output = io.BytesIO()
    docx.save(output)
    return output.getvalue()
