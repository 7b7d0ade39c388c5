"""The agreement PDFs are written as PDF/A-3u and tagged (WeasyPrint's own options); the sealed
file keeps that catalogue, with the signature page appended as a form XObject."""

import io

import pytest

from samenwerkwijzer.agreements.models import SealedDocument

from .factories import frozen_agreement, signed_agreement

pytestmark = pytest.mark.once  # no database-specific code: runs once, in the SQLite run


def catalogue(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf)).root


def pdfa_identification(root) -> dict[str, str]:
    """pdfaid:part and pdfaid:conformance from the XMP metadata, as attributes or elements."""
    from xml.etree import ElementTree

    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    pdfaid = "{http://www.aiim.org/pdfa/ns/id/}"
    xml = root["/Metadata"].get_object().data.split(b"?>", 1)[1].rsplit(b"<?", 1)[0]
    tree = ElementTree.fromstring(xml)  # noqa: S314 (a PDF this test just made)
    found = {}
    for description in tree.iter(f"{rdf}Description"):
        for name, value in description.attrib.items():
            if name.startswith(pdfaid):
                found[name.removeprefix(pdfaid)] = value
        for child in description:
            if child.tag.startswith(pdfaid):
                found[child.tag.removeprefix(pdfaid)] = child.text
    return found


def assert_pdfa_3u_and_tagged(pdf: bytes):
    root = catalogue(pdf)
    assert pdfa_identification(root) == {"part": "3", "conformance": "U"}
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert str(root["/Lang"]) == "nl"
    assert "/OutputIntents" in root


def test_the_frozen_pdf_declares_pdfa_and_is_tagged(personas):
    freeze = frozen_agreement(personas)
    assert_pdfa_3u_and_tagged(bytes(freeze.pdf))


def test_the_sealed_pdf_keeps_the_archival_and_tagged_catalogue(personas):
    freeze = signed_agreement(personas)
    sealed = bytes(SealedDocument.objects.get(freeze=freeze).pdf)
    assert sealed.startswith(bytes(freeze.pdf))
    assert_pdfa_3u_and_tagged(sealed)
