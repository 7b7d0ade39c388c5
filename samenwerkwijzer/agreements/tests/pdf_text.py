"""The text of a page of a PDF made by WeasyPrint, for tests that read what a sealed PDF says.

No text-extraction library is installed; pyHanko reads the PDF objects and this maps the glyph
codes of each text operator back to characters through the font's ToUnicode map. Good enough for
WeasyPrint's output (Type0 fonts, Identity-H, ``[<hex> n <hex>] TJ``), not a general extractor.
"""

import io
import re

from pyhanko.pdf_utils.reader import PdfFileReader

_HEX = re.compile(r"<([0-9a-fA-F]+)>")
_TOKEN = re.compile(r"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj")


def _unicode_map(font) -> dict[str, str]:
    cmap = font["/ToUnicode"].get_object().data.decode("latin-1")
    found = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            found[code.lower()] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[f"{code:0{len(low)}x}"] = chr(first + offset)
    return found


def _decode(hex_text: str, mapping: dict[str, str]) -> str:
    return "".join(mapping.get(hex_text[i : i + 4].lower(), "") for i in range(0, len(hex_text), 4))


def _entry(dictionary, key) -> dict:
    """A dictionary entry, resolved (pyHanko resolves indirect objects on item access, not on ``get``)."""
    return dictionary[key] if key in dictionary else {}  # noqa: SIM401 (get() would not resolve)


def _text(data: bytes, resources) -> list[str]:
    fonts = {name[1:]: _unicode_map(font.get_object()) for name, font in _entry(resources, "/Font").items()}
    pieces, mapping = [], {}
    for font_name, array, single in _TOKEN.findall(data.decode("latin-1")):
        if font_name:
            mapping = fonts.get(font_name, {})
        else:
            pieces.append("".join(_decode(code, mapping) for code in _HEX.findall(array or f"<{single}>")))
    for xobject in _entry(resources, "/XObject").values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":  # the sealed copy draws each appended page as a form
            pieces += _text(xobject.data, _entry(xobject, "/Resources"))
    return pieces


def page_text(pdf: bytes, first: int = -1, last: int = -1) -> str:
    """The words on pages ``first`` to ``last`` (counting from 0; negative from the end; by default
    the last page), text runs joined by single spaces."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    count = int(reader.root["/Pages"]["/Count"])
    pieces = []
    for index in range(first % count, last % count + 1):
        page, _resources = reader.find_page_for_modification(index)
        page = page.get_object()
        pieces += _text(page["/Contents"].get_object().data, _entry(page, "/Resources"))
    return " ".join(" ".join(pieces).split())
