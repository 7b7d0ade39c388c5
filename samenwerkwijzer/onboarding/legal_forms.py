"""The plain-language legal-form picker of the guided start, and how it maps onto the KvK codes
an organisation stores (``reference/data/kvk_rechtsvormcodes_2cijferig.csv``)."""

from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.reference import catalog

OTHER = "other"

# (key, label, one-line explanation, the KvK code stored, the KvK codes that read back as this choice)
PICKER = [
    ("eenmanszaak", _("Sole proprietorship (eenmanszaak)"), _("You run the business on your own account; you are liable with your private assets."), "01", {"01", "02"}),
    ("vof", _("General partnership (vof)"), _("Two or more partners run a business together; each is liable for all debts."), "11", {"11"}),
    ("maatschap", _("Professional partnership (maatschap)"), _("Professionals, such as doctors or accountants, share costs and work together."), "07", {"07"}),
    ("cv", _("Limited partnership (cv)"), _("Like a vof, with silent partners who only bring in money."), "21", {"21", "22"}),
    ("bv", _("Private limited company (bv)"), _("A legal entity owned by shareholders; the company itself is liable."), "41", {"41", "42"}),
    ("nv", _("Public limited company (nv)"), _("Like a bv, but its shares can be traded freely."), "51", {"51", "52", "53", "54"}),
    ("cooperatie", _("Cooperative (coöperatie)"), _("An association that runs a business for the benefit of its members."), "61", {"61", "62", "63", "64", "65", "66"}),
    ("vereniging", _("Association (vereniging)"), _("Members with a common goal; it may not share profit among them."), "71", {"71", "72"}),
    ("stichting", _("Foundation (stichting)"), _("A legal entity with a purpose and a board, without members."), "74", {"74"}),
]  # fmt: skip
WITHOUT_LEGAL_PERSONALITY = ("eenmanszaak", "vof", "maatschap", "cv")
WITH_LEGAL_PERSONALITY = ("bv", "nv", "cooperatie", "vereniging", "stichting")

CODE_OF = {key: code for key, _label, _hint, code, _codes in PICKER}
# Words in the Handelsregister's name of a legal form, most specific first.
REGISTRY_WORDS = [
    ("commanditaire", "cv"),
    ("onder firma", "vof"),
    ("maatschap", "maatschap"),
    ("eenmanszaak", "eenmanszaak"),
    ("besloten vennootschap", "bv"),
    ("naamloze vennootschap", "nv"),
    ("coöperatie", "cooperatie"),
    ("cooperatie", "cooperatie"),
    ("vereniging", "vereniging"),
    ("stichting", "stichting"),
]


def choices() -> list[tuple[str, str]]:
    return [(key, label) for key, label, *_rest in PICKER] + [(OTHER, _("Something else"))]


def options() -> list[dict]:
    return [{"key": key, "label": label, "hint": hint} for key, label, hint, *_rest in PICKER]


def other_choices() -> list[tuple[str, str]]:
    return [("", _("Choose a legal form"))] + [(form.code, form.description) for form in catalog.legal_forms().values()]


def to_code(kind: str, other: str = "") -> str:
    """The KvK code to store for a choice in the picker."""
    return other if kind == OTHER else CODE_OF[kind]


def from_code(code: str) -> tuple[str, str]:
    """The picker's choice (and the "other" code) for a stored KvK code."""
    for key, _label, _hint, _code, codes in PICKER:
        if code in codes:
            return key, ""
    return (OTHER, code) if code else ("", "")


def from_registry(name: str) -> tuple[str, str]:
    """The picker's choice for the Handelsregister's name of a legal form (e.g. "Besloten Vennootschap")."""
    text = (name or "").lower()
    if not text:
        return "", ""
    for word, key in REGISTRY_WORDS:
        if word in text:
            return key, ""
    for form in catalog.legal_forms().values():
        if form.description.lower() == text:
            return OTHER, form.code
    return OTHER, ""
