import io

import pytest
from django.template.loader import render_to_string
from django.test import Client
from docx import Document as DocxDocument

from samenwerkwijzer.agreements import rendering
from samenwerkwijzer.agreements.sections import DISCLAIMER, sections_for

from .factories import AGREEMENT, write_agreement
from .helpers import url

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_pdf_and_the_screen_use_the_same_document_template(personas):
    document = write_agreement(personas)
    version = document.current_version
    context = rendering.document_context(document=document, version=version, data=version.data)
    pdf_html = render_to_string("agreements/document/pdf.html", context)
    screen = client_for(personas.bob).get(url(personas, "document"))
    assert "agreements/document/_document.html" in [t.name for t in screen.templates]
    for section in sections_for(AGREEMENT):
        assert f'id="section-{section.key}"' in pdf_html
        assert f'id="section-{section.key}"' in screen.content.decode()
    # The footer prints the fingerprint of the content; the PDF's own hash cannot be inside itself.
    assert version.content_sha256 in pdf_html
    assert str(DISCLAIMER).split(",")[0] in pdf_html


def test_a_draft_pdf_and_docx_can_be_downloaded(personas):
    document = write_agreement(personas)
    number = document.current_version.number
    client = client_for(personas.olivia)
    pdf = client.get(url(personas, "version_pdf", number))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and rendering.page_count(pdf.content) >= 2
    assert "attachment" in pdf["Content-Disposition"]
    docx = client.get(url(personas, "version_docx", number))
    assert docx.status_code == 200
    parsed = DocxDocument(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in parsed.paragraphs)
    for section in sections_for(AGREEMENT):
        assert str(section.title) in text
    assert str(DISCLAIMER) in text
    assert document.current_version.content_sha256 in parsed.sections[0].footer.paragraphs[0].text
    tables = "\n".join(cell.text for table in parsed.tables for row in table.rows for cell in row.cells)
    assert "60\u00a0%" in tables and "40\u00a0%" in tables  # lib/formatting: no break before %


def test_the_letter_of_intent_says_it_is_not_binding(personas):
    document = write_agreement(personas, kind="letter_of_intent")
    version = document.current_version
    html = render_to_string(
        "agreements/document/pdf.html",
        rendering.document_context(document=document, version=version, data=version.data),
    )
    assert 'id="section-non_binding"' in html
    docx = rendering.render_docx(document=document, version=version, data=version.data)
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(docx)).paragraphs)
    assert "intentieverklaring" in text.lower() or "letter of intent" in text.lower()
    for party in version.data["parties"]:
        assert party["kvk_number"] in "\n".join(
            c.text for t in DocxDocument(io.BytesIO(docx)).tables for r in t.rows for c in r.cells
        )


def test_an_unsaved_document_shows_the_first_draft(personas):
    response = client_for(personas.alice).get(url(personas, "document", kind="letter-of-intent"))
    assert response.status_code == 200
    assert response.context["status"].state == "empty"
    assert personas.beta.name in response.content.decode()
    overview = client_for(personas.olivia).get(f"/agreements/{personas.collaboration.pk}/")
    assert overview.status_code == 200 and len(overview.context["statuses"]) == 2
