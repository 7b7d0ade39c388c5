"""The canvas as a document: a PDF (A4 landscape, WeasyPrint) and an SVG of the nine blocks.

The PDF is rendered from ``businessmodel/canvas_pdf.html`` with its own stylesheet inlined (no
HTTP request while rendering), with the agreements' archival options (PDF/A-3u, tagged). The SVG
is built here; every text that comes from a person goes through ``xml.sax.saxutils`` escaping.
"""

import textwrap
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samenwerkwijzer.lib.formatting import format_date

from .selectors_canvas import CanvasView

PDF_CSS = "businessmodel/canvas_pdf.css"


@cache
def _pdf_stylesheet() -> str:
    with open(finders.find(PDF_CSS), encoding="utf-8") as handle:
        return handle.read()


def render_pdf(access, view: CanvasView) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint is slow and only PDFs need it

    from samenwerkwijzer.agreements.rendering import PDF_OPTIONS

    blocks = {block.area: block for block in view.blocks}
    html = render_to_string(
        "businessmodel/canvas_pdf.html",
        {
            "collaboration": access.collaboration,
            "canvas": view,
            "b": blocks,
            "today": timezone.localdate(),
            "css": mark_safe(_pdf_stylesheet()),  # noqa: S308 - our own static file
        },
    )
    return HTML(string=html, base_url=None).write_pdf(**PDF_OPTIONS)


# --- SVG ---------------------------------------------------------------------------------------

WIDTH, HEIGHT, MARGIN, TOP = 1400, 990, 20, 80
COLUMN = (WIDTH - 2 * MARGIN) / 5
UPPER = 600  # the five upper columns; cost structure and revenue streams share the rest
LOWER = HEIGHT - TOP - MARGIN - UPPER
FONT, NOTE_FONT, LINE = 15, 13, 17

# (x, y, width, height) of each block, by grid area (selectors_canvas.AREAS).
GEOMETRY = {
    "kp": (0, 0, COLUMN, UPPER),
    "ka": (COLUMN, 0, COLUMN, UPPER / 2),
    "kr": (COLUMN, UPPER / 2, COLUMN, UPPER / 2),
    "vp": (2 * COLUMN, 0, COLUMN, UPPER),
    "cr": (3 * COLUMN, 0, COLUMN, UPPER / 2),
    "ch": (3 * COLUMN, UPPER / 2, COLUMN, UPPER / 2),
    "cs": (4 * COLUMN, 0, COLUMN, UPPER),
    "co": (0, UPPER, 2.5 * COLUMN, LOWER),
    "re": (2.5 * COLUMN, UPPER, 2.5 * COLUMN, LOWER),
}


def _text(x, y, content: str, *, size=NOTE_FONT, weight="normal", fill="#1a1a1a") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" fill="{fill}">'
        f"{escape(content)}</text>"
    )


def _block_svg(block, x, y, width, height) -> list[str]:
    parts = [
        f"<g id={quoteattr('block-' + block.key)}>",
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff" '
        'stroke="#4a4a4a" stroke-width="1.5"/>',
        _text(x + 10, y + 24, block.label, size=FONT, weight="bold"),
    ]
    chars = max(int((width - 24) / (NOTE_FONT * 0.55)), 10)
    cursor, bottom = y + 48, y + height - 10
    for index, note in enumerate(block.notes):
        lines = textwrap.wrap(note.text, chars) or [""]
        badge = f"({note.note.organisation_name})"
        needed = (len(lines) + 1) * LINE + 4
        if cursor + needed > bottom:
            more = len(block.notes) - index
            parts.append(_text(x + 10, cursor, _("… and %(count)s more") % {"count": more}, fill="#4a4a4a"))
            break
        for number, line in enumerate(lines):
            parts.append(_text(x + 10, cursor, ("• " if number == 0 else "  ") + line))
            cursor += LINE
        parts.append(_text(x + 22, cursor, badge, size=11, fill="#4a4a4a"))
        cursor += LINE + 4
    parts.append("</g>")
    return parts


def render_svg(access, view: CanvasView) -> str:
    """The nine-block layout as a standalone SVG (valid XML, every text escaped and wrapped)."""
    title = _("Business Model Canvas · %(name)s") % {"name": access.collaboration.name}
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Arial, Helvetica, sans-serif" role="img" '
        f"aria-label={quoteattr(title)}>",
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(MARGIN, 36, title, size=22, weight="bold"),
        _text(MARGIN, 62, _("As it stands on %(date)s") % {"date": format_date(timezone.localdate())}, size=14),
    ]
    for block in view.blocks:
        x, y, width, height = GEOMETRY[block.area]
        parts += _block_svg(block, MARGIN + x, TOP + y, width, height)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
