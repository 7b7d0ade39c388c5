"""The one writer behind every CSV download: plain CSV and "Excel (NL)".

Two variants of the same table (issue #18):

- ``Variant.PLAIN`` (``?variant=csv``): UTF-8 without a byte-order mark, ``,`` between columns,
  quoting as RFC 4180 describes it (a cell with the separator, a ``"`` or a line break is quoted,
  ``"`` doubled, rows end in CRLF). For tools and for spreadsheet programs that ask how to read it.
- ``Variant.EXCEL_NL`` (``?variant=excel``): UTF-8 with a byte-order mark and ``;`` between
  columns, the same quoting. Excel with Dutch regional settings reads ``,`` as the decimal comma,
  so it opens a comma-separated file as one column and, without the mark, reads UTF-8 as
  Windows-1252 ("Ã©" for "é"); this variant opens with a double click.

In both, every text cell is neutralised against formulas (CSV injection, OWASP): a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also after leading
whitespace, gets a single quote in front, so a spreadsheet shows the text instead of running it.
Only text is neutralised: an ``int``, ``float`` or ``Decimal`` and a ``Number`` (a number our own
code formatted, see ``Number.of``) are written as they are, so a negative score from a number
field stays the number ``-3``. Numbers cannot carry a formula; everything else (organisation
names, answers, labels, headers) goes through ``neutralise``.

Which variant a URL gives without a ``variant`` parameter is the view's contract (the round export
has always been the Excel (NL) form; tools rely on its bytes); an unknown ``variant`` is a 400.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from . import formatting

PARAMETER = "variant"
CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Variant(StrEnum):
    PLAIN = "csv"
    EXCEL_NL = "excel"


DELIMITERS = {Variant.PLAIN: ",", Variant.EXCEL_NL: ";"}


@dataclass(frozen=True)
class Number:
    """A number formatted by ``lib/formatting`` ("3,5", "-3"): written without neutralising."""

    text: str

    @classmethod
    def of(cls, value: int | float | Decimal, decimals: int = 0) -> "Number":
        return cls(formatting.format_number(value, decimals))


def neutralise(value: str) -> str:
    """``value`` with a ``'`` in front when a spreadsheet would read it as a formula."""
    if value[:1] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _cell(value) -> str | int | float | Decimal:
    if isinstance(value, Number):
        return value.text
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return neutralise("" if value is None else str(value))


def render(rows: Iterable[Sequence], *, header: Sequence, variant: Variant) -> bytes:
    """The table as CSV bytes in ``variant``: ``header`` first, then one line per row."""
    buffer = io.StringIO()
    if variant is Variant.EXCEL_NL:
        buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=DELIMITERS[variant], lineterminator="\r\n")
    writer.writerow([_cell(value) for value in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def variant_from(request: HttpRequest, *, default: Variant) -> Variant | None:
    """The variant the query string asks for, ``default`` without one, ``None`` for an unknown one."""
    value = request.GET.get(PARAMETER)
    if value is None:
        return default
    try:
        return Variant(value)
    except ValueError:
        return None


def csv_response(
    request: HttpRequest, rows: Iterable[Sequence], *, header: Sequence, filename: str, default: Variant
) -> HttpResponse:
    """The download in the variant ``request`` asks for (``default`` without one); 400 for an unknown one."""
    variant = variant_from(request, default=default)
    if variant is None:
        return HttpResponseBadRequest(
            _("This download is available as CSV or for Excel (NL) only."), content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(render(rows, header=header, variant=variant), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
