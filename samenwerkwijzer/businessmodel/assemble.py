"""The business plan's content, gathered from what the collaboration already decided (guide ch. 4.1, 6).

``gather(collaboration)`` collects the raw facts as JSON (what a new version freezes):
- the Business Model Canvas: the notes per block;
- the SMART goals and planning, the contributions and the split of costs and revenues: the
  agreement as it stands (the version signed last, else the current draft);
- the legal form chosen in the newest saved legal-form advice;
- the risks and how to meet them: basic questions 7 and 8, ONLY from a revealed round of the ten
  basic questions (the blind rule: an answer nobody revealed never reaches the plan).

``build(data)`` turns those facts into parts for the screen, the PDF and the DOCX: each part says
where it comes from and what is still missing (with where to fill it in).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from samenwerkwijzer.agreements import content as agreement_content
from samenwerkwijzer.agreements import selectors as agreement_selectors
from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.instruments.selectors import revealed_basic_questions
from samenwerkwijzer.legalforms.knowledge import get_knowledge
from samenwerkwijzer.legalforms.selectors import latest_legal_form_choice

from .models import Block, CanvasNote

Content = agreement_content.Block

TEXT_SECTIONS = [
    ("summary", gettext_lazy("Summary")),
    ("market", gettext_lazy("Market and customers")),
    ("organisation", gettext_lazy("Organisation")),
]
TEXT_MAX_LENGTH = 4000


@dataclass
class Part:
    key: str
    title: str
    source: str
    blocks: list = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    link: str = ""  # where the missing part is filled in (only when a collaboration is given)
    link_label: str = ""


def organisations_of(collaboration) -> list[dict]:
    """The participating organisations (explorers do not take part in the plan), by name."""
    participants = (
        Participant.objects.filter(collaboration=collaboration)
        .exclude(role=Participant.Role.EXPLORER)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return [{"id": p.organisation_id, "name": p.organisation.name} for p in participants]


def _canvas(collaboration) -> dict:
    notes = CanvasNote.objects.filter(canvas__collaboration=collaboration).order_by("block", "position", "pk")
    blocks: dict[str, list] = {}
    for note in notes:
        blocks.setdefault(note.block, []).append({"text": note.text, "organisation_name": note.organisation_name})
    return {"blocks": blocks}


def _agreement(collaboration) -> dict:
    data = agreement_selectors.agreement_data(collaboration)
    if data is None:
        return {"state": "", "goals": {}, "planning": {}, "contributions": {}, "benefits": {}}
    return {
        "state": "signed" if agreement_selectors.agreement_is_signed(collaboration) else "draft",
        **{key: data.get(key, {}) for key in ("goals", "planning", "contributions", "benefits")},
    }


def _legal_form(collaboration) -> dict:
    choice = latest_legal_form_choice(collaboration)
    return {"form": choice.form} if choice else {}


def _risks(collaboration) -> dict:
    answers = revealed_basic_questions(collaboration)  # only a revealed round; {} before any reveal
    return {"risks": answers.get(7, {}), "mitigation": answers.get(8, {})} if answers else {}


def gather(collaboration) -> dict:
    """Everything the plan is assembled from, as JSON: what a new version freezes (without the budget)."""
    return {
        "collaboration_name": collaboration.name,
        "organisations": organisations_of(collaboration),
        "canvas": _canvas(collaboration),
        "agreement": _agreement(collaboration),
        "legal_form": _legal_form(collaboration),
        "risks": _risks(collaboration),
    }


# --- Parts for screen, PDF and DOCX -----------------------------------------------------


def _has_text(value) -> bool:
    return bool(str(value or "").strip())


def _agreement_source(state: str) -> str:
    if state == "signed":
        return _("From the collaboration agreement, the version signed by all parties.")
    if state == "draft":
        return _("From the collaboration agreement as it stands now (not yet signed by all parties).")
    return _("From the collaboration agreement, which has not been started yet.")


def _canvas_part(data) -> Part:
    blocks_data = data.get("canvas", {}).get("blocks", {})
    blocks, empty = [], []
    for block in Block:
        notes = blocks_data.get(block.value, [])
        if notes:
            items = [
                f"{n['text']} ({n['organisation_name']})" if n.get("organisation_name") else n["text"] for n in notes
            ]
            blocks.append(Content("list", label=str(block.label), items=items))
        else:
            empty.append(str(block.label))
    missing = []
    if not blocks:
        missing.append(_("The Business Model Canvas is still empty: fill it in together."))
    elif empty:
        missing.append(_("Still empty on the canvas: %(blocks)s.") % {"blocks": ", ".join(empty)})
    return Part(
        "canvas", _("Business model"), _("From the Business Model Canvas of the collaboration."), blocks, missing
    )


def _goals_part(data) -> Part:
    agreement = data.get("agreement", {})
    blocks = agreement_content.BUILDERS["goals"](agreement) + agreement_content.BUILDERS["planning"](agreement)
    missing = []
    if not agreement.get("goals", {}).get("items"):
        missing.append(_("The SMART goals have not been filled in yet: fill them in in the agreements."))
    if not agreement.get("planning", {}).get("items"):
        missing.append(_("The planning has not been filled in yet: fill it in in the agreements."))
    return Part("goals", _("Goals and planning"), _agreement_source(agreement.get("state", "")), blocks, missing)


def _contributions_part(data) -> Part:
    agreement = data.get("agreement", {})
    section = agreement.get("contributions", {})
    filled = any(
        _has_text(row.get(name))
        for row in section.get("parties", [])
        for name in ("summary", "money", "hours_per_month", "knowledge", "means")
    )
    blocks = agreement_content.BUILDERS["contributions"](agreement) if filled else []
    missing = [] if filled else [_("The contributions have not been filled in yet: fill them in in the agreements.")]
    return Part("contributions", _("Contributions"), _agreement_source(agreement.get("state", "")), blocks, missing)


def _benefits_part(data) -> Part:
    agreement = data.get("agreement", {})
    section = agreement.get("benefits", {})
    filled = any(_has_text(value) for key, value in section.items() if key != "parties") or any(
        _has_text(row.get(name)) for row in section.get("parties", []) for name in ("cost_share", "revenue_share")
    )
    blocks = agreement_content.BUILDERS["benefits"](agreement) if filled else []
    missing = (
        [] if filled else [_("The benefits and burdens have not been filled in yet: fill them in in the agreements.")]
    )
    return Part("benefits", _("Benefits and burdens"), _agreement_source(agreement.get("state", "")), blocks, missing)


def _legal_form_part(data) -> Part:
    key = data.get("legal_form", {}).get("form", "")
    legal_form = get_knowledge().forms.get(key) if key else None
    source = _("From the newest saved legal-form advice.")
    if legal_form is None:
        return Part(
            "legal_form",
            _("Legal form"),
            source,
            [],
            [_("No legal form has been chosen yet: the legal-form advice helps you choose.")],
        )
    return Part(
        "legal_form",
        _("Legal form"),
        source,
        [Content("facts", items=[(_("Legal form chosen"), legal_form.name.get(get_language()))])],
    )


def _risks_part(data) -> Part:
    risks = data.get("risks", {})
    source = _("From the revealed answers to the ten basic questions (questions 7 and 8).")
    blocks = []
    if risks.get("risks"):
        blocks.append(Content("facts", label=_("Risks the partners see"), items=sorted(risks["risks"].items())))
    if risks.get("mitigation"):
        blocks.append(
            Content("facts", label=_("How the partners want to meet them"), items=sorted(risks["mitigation"].items()))
        )
    missing = (
        []
        if blocks
        else [
            _("There are no revealed answers about risks yet: answer the ten basic questions together and reveal them.")
        ]
    )
    return Part("risks", _("Risks"), source, blocks, missing)


def _text_parts(texts: dict) -> list[Part]:
    parts = []
    for key, title in TEXT_SECTIONS:
        text = str(texts.get(key, "") or "").strip()
        if text:
            parts.append(Part(key, str(title), _("Written for this plan."), [Content("paragraph", text=text)]))
    return parts


LINKS = {
    "canvas": ("businessmodel:canvas", (), gettext_lazy("To the canvas")),
    "goals": ("agreements:edit", ("agreement", "goals"), gettext_lazy("To the goals in the agreement")),
    "contributions": (
        "agreements:edit",
        ("agreement", "contributions"),
        gettext_lazy("To the contributions in the agreement"),
    ),
    "benefits": ("agreements:edit", ("agreement", "benefits"), gettext_lazy("To the benefits and burdens")),
    "legal_form": ("legalforms:collaboration", (), gettext_lazy("To the legal-form advice")),
    "risks": ("instruments:overview", (), gettext_lazy("To the ten basic questions")),
}


def build(data: dict, *, collaboration_pk: int | None = None) -> list[Part]:
    """The plan's parts in reading order: its own texts first, then what was decided elsewhere.

    With ``collaboration_pk`` each part with something missing links to where it is filled in (the
    screen); without it (PDF, DOCX) it only says what is missing.
    """
    parts = [
        *_text_parts(data.get("texts", {})),
        _canvas_part(data),
        _goals_part(data),
        _contributions_part(data),
        _benefits_part(data),
        _legal_form_part(data),
        _risks_part(data),
    ]
    if collaboration_pk is not None:
        for part in parts:
            if part.missing and part.key in LINKS:
                name, args, label = LINKS[part.key]
                part.link, part.link_label = reverse(name, args=[collaboration_pk, *args]), str(label)
    return parts


def missing_count(parts: list[Part]) -> int:
    return sum(len(p.missing) for p in parts)


def plan_goals(data: dict) -> list[dict]:
    """The plan's SMART goals (description and deadline), for the yearly work plan."""
    return [
        {"description": g.get("description", "").strip(), "deadline": g.get("deadline") or ""}
        for g in data.get("agreement", {}).get("goals", {}).get("items", [])
        if str(g.get("description", "")).strip()
    ]
