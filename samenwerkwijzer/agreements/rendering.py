"""PDF (WeasyPrint, from the same template as the screen) and DOCX (python-docx) output."""

import io
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.lib import formatting

from . import content
from .models import Document, Version

DOCUMENT_CSS = "agreements/document.css"

# File names are Dutch whatever the interface language ("intentieverklaring-versie-2-concept.pdf").
FILE_NAMES = {"letter_of_intent": "intentieverklaring", "agreement": "samenwerkingsovereenkomst"}


def file_stem(kind: str) -> str:
    return FILE_NAMES.get(str(kind), "document")


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(filename=finders.find(DOCUMENT_CSS))


def document_context(*, document: Document, version: Version | None, data: dict, **extra) -> dict:
    """What the shared document template needs, on screen and in the PDF."""
    collaboration = document.collaboration
    return {
        "doc": content.build(document.kind, data, collaboration_name=collaboration.name),
        "kind": document.kind,
        "kind_slug": document.slug,
        "collaboration": collaboration,
        "version": version,
        "intro": intro_text(document.kind),
        **extra,
    }


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


# Archival and accessible output, from WeasyPrint's own options: PDF/A-3u (fonts embedded, text
# mapped to Unicode, XMP metadata, sRGB output intent) and a structure tree (tagged PDF, document
# language from <html lang>). No PDF/A validator runs here: this is what WeasyPrint writes, not a
# checked conformance claim (docs/deployment.md, "PDF/A and accessibility").
PDF_OPTIONS = {"pdf_variant": "pdf/a-3u", "pdf_tags": True}


def html_to_pdf(html: str) -> bytes:
    """A PDF from HTML with the documents' stylesheet (the agreement's and the business plan's)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf(stylesheets=[_stylesheet()], **PDF_OPTIONS)


def render_pdf(*, document: Document, version: Version, frozen_at=None, frozen_by: str = "") -> bytes:
    """The PDF of a version: a draft, or (with ``frozen_at``) the copy put up for signing."""
    if frozen_at is not None:
        status = _("Version %(number)s, put up for approval and signing on %(date)s by %(name)s.") % {
            "number": version.number,
            "date": f"{formatting.format_date(frozen_at, long=True)}, {formatting.format_time(frozen_at)}",
            "name": frozen_by,
        }
    else:
        status = _("Draft of version %(number)s, not signed.") % {"number": version.number}
    context = document_context(
        document=document, version=version, data=version.data, status_line=status, draft=frozen_at is None
    )
    return html_to_pdf(render_to_string("agreements/document/pdf.html", context))


def render_signature_page(*, freeze, events, signatures, certificate_sha256: str, certificate_subject: str) -> bytes:
    """The page appended when sealing: every approval and signature, with the document hash."""
    context = {
        "freeze": freeze,
        "document_title": content.document_title(freeze.document.kind),
        "collaboration": freeze.document.collaboration,
        "events": events,
        "signatures": signatures,
        "certificate_sha256": certificate_sha256,
        "certificate_subject": certificate_subject,
        "sealed_at": timezone.now(),
    }
    return html_to_pdf(render_to_string("agreements/document/signature_page.html", context))


def render_docx(*, document: Document, version: Version | None, data: dict) -> bytes:
    from docx import Document as DocxDocument
    from docx.shared import Pt

    rendered = content.build(document.kind, data, collaboration_name=document.collaboration.name)
    docx = DocxDocument()
    docx.styles["Normal"].font.name = "Arial"
    docx.styles["Normal"].font.size = Pt(10.5)
    docx.core_properties.title = f"{rendered.title} · {rendered.collaboration_name}"
    docx.add_paragraph(rendered.collaboration_name)
    docx.add_heading(rendered.title, level=0)
    if version is not None:
        docx.add_paragraph(_("Draft of version %(number)s, not signed.") % {"number": version.number})
    docx.add_paragraph(intro_text(document.kind))
    for section in rendered.sections:
        docx.add_heading(f"{section.number}. {section.title}", level=1)
        for block in section.blocks:
            docx_block(docx, block)
    docx.add_heading(_("Signatures"), level=1)
    for party in rendered.parties:
        paragraph = docx.add_paragraph()
        paragraph.add_run(_("On behalf of %(name)s") % {"name": party.get("name", "")}).bold = True
        docx.add_paragraph(f"{_('Name')}: {party.get('signatory_name', '')}")
        docx.add_paragraph(f"{_('Date')}: ____________________    {_('Signature')}: ____________________")
    note = docx.add_paragraph()
    note.add_run(rendered.disclaimer).italic = True
    footer = docx.sections[0].footer.paragraphs[0]
    if version is not None:
        footer.text = _("Version %(number)s · content fingerprint (SHA-256 of the version data): %(hash)s") % {
            "number": version.number,
            "hash": version.content_sha256,
        }
    output = io.BytesIO()
    docx.save(output)
    return output.getvalue()


def docx_block(docx, block) -> None:
    """One content block (paragraph, list or table) into a DOCX (the agreement's and the business plan's)."""
    if block.kind == "paragraph":
        if block.label:
            docx.add_paragraph().add_run(block.label).bold = True
        for line in block.text.splitlines() or [""]:
            docx.add_paragraph(line)
    elif block.kind == "facts":
        if block.label:
            docx.add_paragraph().add_run(block.label).bold = True
        table = docx.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in block.items:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(label), str(value)
    elif block.kind == "table":
        if block.label:
            docx.add_paragraph().add_run(block.label).bold = True
        table = docx.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
            cell.text = str(header)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in block.rows:
            for cell, value in zip(table.add_row().cells, row, strict=False):
                cell.text = str(value)
    elif block.kind == "list":
        for item in block.items:
            docx.add_paragraph(str(item), style="List Bullet")


def intro_text(kind) -> str:
    if kind == "letter_of_intent":
        return _("The parties named below declare that they intend to work together as described in this letter.")
    return _("The parties named below agree to work together as described in this agreement.")
