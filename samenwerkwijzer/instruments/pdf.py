"""PDF and CSV output of a revealed round.

The PDF is the page's own results template (``instruments/_results.html``) in a
print wrapper, rendered by WeasyPrint. Stylesheets are inlined so no HTTP request
is made while rendering.
"""

import csv
import io
from decimal import Decimal
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samenwerkwijzer.lib import formatting

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


CSV_BOM = "\ufeff"  # so a spreadsheet program opens the file as UTF-8


def round_csv(round_: Round, answer_sets: list[AnswerSet]) -> str:
    """One row per organisation and question of the revealed round, for people: headers in the
    active language, numbers and dates in its notation (through ``lib/formatting``), ``;`` between
    columns and a byte-order mark, so a Dutch spreadsheet program opens it as it is."""
    instrument = round_.definition
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            _("Instrument"),
            _("Round"),
            _("Revealed on"),
            _("Organisation"),
            _("Number"),
            _("Section in the guide"),
            _("Question"),
            _("Answer"),
        ]
    )
    title = str(instrument.title)
    shown_on = formatting.format_date(round_.revealed_at)
    for answer_set in answer_sets:
        for position, item in enumerate(instrument.items, start=1):
            value = answer_set.answers.get(item.id)
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                shown = formatting.format_number(value, 0 if float(value).is_integer() else 1)
            else:
                shown = _cell(item.display(value))
            writer.writerow(
                [
                    title,
                    round_.number,
                    shown_on,
                    _cell(answer_set.organisation.name),
                    position,
                    item.guide_section,
                    _cell(str(item.label)),
                    shown,
                ]
            )
    return buffer.getvalue()
