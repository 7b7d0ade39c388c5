"""PDF and CSV output of a revealed round.

The PDF is the page's own results template (``instruments/_results.html``) in a
print wrapper, rendered by WeasyPrint. Stylesheets are inlined so no HTTP request
is made while rendering.
"""

from decimal import Decimal
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samenwerkwijzer.lib import csv_export, formatting

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


def round_csv_table(round_: Round, answer_sets: list[AnswerSet]) -> tuple[list, list[list]]:
    """Header and rows of the round's CSV: one row per organisation and question of the revealed
    round, for people: headers in the active language, numbers and dates in its notation (through
    ``lib/formatting``). ``lib/csv_export`` writes it (plain or Excel (NL), formulas neutralised)."""
    instrument = round_.definition
    header = [
        _("Instrument"),
        _("Round"),
        _("Revealed on"),
        _("Organisation"),
        _("Number"),
        _("Section in the guide"),
        _("Question"),
        _("Answer"),
    ]
    title = str(instrument.title)
    shown_on = formatting.format_date(round_.revealed_at)
    rows = []
    for answer_set in answer_sets:
        for position, item in enumerate(instrument.items, start=1):
            value = answer_set.answers.get(item.id)
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                shown = csv_export.Number.of(value, 0 if float(value).is_integer() else 1)
            else:
                shown = item.display(value)
            rows.append(
                [
                    title,
                    round_.number,
                    shown_on,
                    answer_set.organisation.name,
                    position,
                    item.guide_section,
                    item.label,
                    shown,
                ]
            )
    return header, rows
