"""The canvas as PDF and SVG, in the collaboration export, and in a person's data download/deletion."""

import io

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from samenwerkwijzer.businessmodel import services_canvas as services
from samenwerkwijzer.businessmodel.models import Block, CanvasChange, CanvasNote
from samenwerkwijzer.collaborations.access import get_collaboration_for_user

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Samen <script>alert("x")</script> & ]]> "sneller" \u2028 ' + "lang " * 30


def add(personas, text, block=Block.VALUE_PROPOSITIONS, user=None):
    user = user or personas.alice
    access = get_collaboration_for_user(user, personas.collaboration.pk, write=True)
    return services.note_add(access=access, block=block, text=text, user=user)


def test_the_pdf_is_a4_landscape_with_the_blocks_and_each_notes_organisation(client, personas):
    from pyhanko.pdf_utils.reader import PdfFileReader

    add(personas, "Vers brood vóór zeven uur")
    client.force_login(personas.olivia)
    response = client.get(reverse("businessmodel:canvas_pdf", args=[personas.collaboration.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfFileReader(io.BytesIO(response.content), strict=False)
    page = reader.root["/Pages"]["/Kids"][0].get_object()
    _x0, _y0, width, height = (float(v) for v in page["/MediaBox"])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    assert "zonnedak-zwaluwstaart" in response["Content-Disposition"]


def test_the_pdf_template_has_the_name_date_blocks_and_organisations(personas):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from samenwerkwijzer.businessmodel import selectors_canvas

    add(personas, "Vers brood vóór zeven uur", user=personas.bob)
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk)
    view = selectors_canvas.canvas_view(access)
    html = render_to_string(
        "businessmodel/canvas_pdf.html",
        {
            "collaboration": personas.collaboration,
            "canvas": view,
            "b": {b.area: b for b in view.blocks},
            "today": timezone.localdate(),
            "css": "",
        },
    )
    assert personas.collaboration.name in html and "Inkomstenstromen" in html
    assert f"({personas.beta.name})" in html and "Vers brood vóór zeven uur" in html


def test_the_svg_is_valid_xml_with_nine_blocks_and_every_text_escaped(client, personas):
    add(personas, HOSTILE)
    for number in range(40):  # more than a block holds: the rest is counted
        add(personas, f"Notitie {number}", block=Block.CHANNELS)
    client.force_login(personas.bob)
    response = client.get(reverse("businessmodel:canvas_svg", args=[personas.collaboration.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    groups = root.findall(f"{SVG}g")
    assert [g.get("id") for g in groups] == [f"block-{b}" for b in Block.values]
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert any("<script>" in t for t in texts)  # kept as text, not markup
    assert b"<script>" not in response.content
    assert any("Alpha Bakkerij" in t or personas.alpha.name in t for t in texts)
    assert any(t.startswith("… en nog") for t in texts)
    assert max(len(t) for t in texts if "Samen" in t or "lang" in t) < 60  # wrapped


def test_the_export_section_holds_the_blocks_notes_and_versions(personas):
    from samenwerkwijzer.businessmodel import api_canvas  # noqa: F401 - registers the section
    from samenwerkwijzer.integrations.exports import SECTIONS

    add(personas, "In de export")
    access = get_collaboration_for_user(personas.olivia, personas.collaboration.pk)
    section = SECTIONS["canvas"](access)
    block = next(b for b in section["blocks"] if b["key"] == Block.VALUE_PROPOSITIONS)
    assert block["notes"][0]["text"] == "In de export" and block["label"] == "Waardepropositie"
    assert section["changes"][0]["action"] == "add" and section["revision"] == 1


def test_a_persons_download_holds_their_notes_and_changes_and_deletion_keeps_the_notes(personas):
    from samenwerkwijzer.businessmodel import erasure, personal_data

    note = add(personas, "Van Bob", user=personas.bob)
    data = personal_data.export(personas.bob)
    assert data["canvasnotities"][0]["text"] == "Van Bob" and data["canvasnotities"][0]["created_by"] == "u"
    assert data["canvaswijzigingen"][0]["after"] == "Van Bob"
    assert personal_data.export(personas.alice) == {"canvasnotities": [], "canvaswijzigingen": []}
    assert erasure.describe(personas.bob) == []
    assert erasure.erase(personas.bob) == []
    assert CanvasChange.objects.get().user_name not in ("", personas.bob.display_name)
    assert CanvasNote.objects.get(pk=note.pk).text == "Van Bob"


def test_the_canvas_is_registered_with_the_privacy_registry():
    from samenwerkwijzer.privacy.registry import ERASURES, EXPORTS

    assert "businessmodel_canvas" in EXPORTS and "businessmodel_canvas" in ERASURES
