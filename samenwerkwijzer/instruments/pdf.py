"""PDF and CSV output of a revealed round.

The PDF is the page's own results template (``instruments/_results.html``) in a
print wrapper, rendered by WeasyPrint. Stylesheets are inlined so no HTTP request
is made while rendering.
"""

import csv
import io
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .models import AnswerSet, Round

STYLESHEETS = ("css/app.css", "instruments/instruments.css")


@cache
def _stylesheets() -> str:
    parts = []
    for name in STYLESHEETS:
        path = finders.find(name)
        if path:
            with open(path, encoding="utf-8") as handle:
                parts.append(handle.read())
    return "\n".join(parts)


def render_round_pdf(context: dict, *, base_url: str) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint is slow and only PDFs need it

    html = render_to_string("instruments/report_pdf.html", {**context, "pdf": True, "css": mark_safe(_stylesheets())})  # noqa: S308 - our own static files
    return HTML(string=html, base_url=base_url).write_pdf()


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def round_csv(round_: Round, answer_sets: list[AnswerSet]) -> str:
    """One row per organisation and question of the revealed round."""
    instrument = round_.definition
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["instrument", "round", "organisation", "item_id", "guide_section", "question", "answer"])
    for answer_set in answer_sets:
        for item in instrument.items:
            value = answer_set.answers.get(item.id)
            shown = str(value) if item.is_score and value is not None else _cell(item.display(value))
            writer.writerow(
                [
                    instrument.key,
                    round_.number,
                    answer_set.organisation.name,
                    item.id,
                    item.guide_section,
                    str(item.label),
                    shown,
                ]
            )
    return buffer.getvalue()
