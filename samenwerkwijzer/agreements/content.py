"""The content of a document version as neutral blocks.

The screen view, the PDF (same template), the DOCX and the plain text used for diffs
are all made from these blocks, so they always say the same thing.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from samenwerkwijzer.lib import formatting

from . import rules
from .models import DocumentKind
from .sections import (
    COST_ARRANGEMENTS,
    DISCLAIMER,
    EVALUATION_FREQUENCIES,
    NON_BINDING_CLAUSE,
    OBLIGATION_KINDS,
    obligation_row,
    sections_for,
)


@dataclass
class Block:
    kind: str  # "paragraph", "facts", "table" or "list"
    label: str = ""
    text: str = ""
    items: list = field(default_factory=list)  # facts: [(label, value)], list: [text]
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)


@dataclass
class RenderedSection:
    key: str
    number: int
    title: str
    blocks: list[Block]
    editable: bool = True


@dataclass(frozen=True)
class EmptySection:
    key: str
    title: str
    required: bool


@dataclass
class RenderedDocument:
    kind: str
    title: str
    collaboration_name: str
    sections: list[RenderedSection]
    parties: list[dict]
    disclaimer: str
    empty_sections: list[EmptySection] = field(default_factory=list)  # left out of the document


# An empty cell of a table that has other content: a dash, never a "not filled in" placeholder.
EMPTY_CELL = "—"


def _value(text) -> str:
    return str(text or "").strip()


def _cell(text) -> str:
    return _value(text) or EMPTY_CELL


def _facts(items) -> list:
    """Only the facts that say something: an empty one is left out of the document."""
    return [(label, value) for label, value in items if str(value or "").strip()]


def _date(value) -> str:
    """A legal document spells the month out: "6 december 2026"."""
    return formatting.format_date(rules.parse_date(value), long=True)


def _money(value) -> str:
    try:
        amount = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        return ""
    return formatting.format_money(amount)


def _percentage(value) -> str:
    """A share as agreed, with as many decimals as were typed: "60 %", "33,33 %"."""
    number = rules.parse_percentage(value)
    if number is None:
        return EMPTY_CELL
    decimals = max(0, -number.normalize().as_tuple().exponent)
    return formatting.format_percent(number, decimals)


def _label(choices, value) -> str:
    return next((str(item[1]) for item in choices if item[0] == value), str(value or ""))


def paragraph(label, text) -> Block | None:
    """A labelled text, or None when nothing was written (then it is left out)."""
    text = _value(text)
    return Block("paragraph", label=str(label), text=text) if text else None


def _blocks(*blocks) -> list[Block]:
    return [block for block in blocks if block is not None and (block.kind != "facts" or block.items)]


def _parties(data) -> list[Block]:
    blocks = []
    for party in data.get("parties", []):
        signatory = party.get("signatory_name", "")
        if signatory and party.get("signatory_role"):
            signatory = f"{signatory} ({party['signatory_role']})"
        blocks.append(
            Block(
                "facts",
                label=party.get("name", ""),
                items=_facts(
                    [
                        (_("KvK number"), _value(party.get("kvk_number"))),
                        (_("Legal form"), _value(party.get("legal_form"))),
                        (_("Address"), _value(party.get("address"))),
                        (_("Represented by"), _value(signatory)),
                    ]
                )
                or [(_("Name"), party.get("name", ""))],
            )
        )
    return blocks


def _goals(data) -> list[Block]:
    section = data.get("goals", {})
    rows = [
        [
            str(i),
            _cell(g.get("description")),
            _cell(g.get("indicator")),
            _cell(g.get("target")),
            _date(g.get("deadline")) or EMPTY_CELL,
        ]
        for i, g in enumerate(section.get("items", []), start=1)
    ]
    return _blocks(
        paragraph(_("Purpose and added value"), section.get("purpose")),
        paragraph(_("Activities"), section.get("activities")),
        Block(
            "table",
            label=_("Goals"),
            headers=["#", _("Goal"), _("Indicator"), _("Target value"), _("Deadline")],
            rows=rows,
        )
        if rows
        else None,
    )


def _planning(data) -> list[Block]:
    rows = [
        [_cell(m.get("description")), _date(m.get("date")) or EMPTY_CELL, _cell(m.get("owner"))]
        for m in data.get("planning", {}).get("items", [])
    ]
    if not rows:
        return []
    return [Block("table", label=_("Milestones"), headers=[_("Milestone"), _("Date"), _("Who")], rows=rows)]


def _contributions(data) -> list[Block]:
    section = data.get("contributions", {})
    blocks = []
    for row in section.get("parties", []):
        blocks.append(
            Block(
                "facts",
                label=row.get("name", ""),
                items=_facts(
                    [
                        (_("In short"), _value(row.get("summary"))),
                        (_("Money"), _money(row.get("money")) if _value(row.get("money")) else ""),
                        (_("Hours per month"), _value(row.get("hours_per_month"))),
                        (_("Knowledge"), _value(row.get("knowledge"))),
                        (_("Means"), _value(row.get("means"))),
                    ]
                ),
            )
        )
    blocks.append(paragraph(_("Settling services partners deliver to each other"), section.get("settlement")))
    return _blocks(*blocks)


def _benefits(data) -> list[Block]:
    section = data.get("benefits", {})
    rows = [
        [row.get("name", ""), _percentage(row.get("cost_share")), _percentage(row.get("revenue_share"))]
        for row in section.get("parties", [])
    ]
    costs = rules.check_split({r.get("organisation_id"): r.get("cost_share") for r in section.get("parties", [])})
    revenue = rules.check_split({r.get("organisation_id"): r.get("revenue_share") for r in section.get("parties", [])})
    rows.append([_("Total"), _percentage(costs.total), _percentage(revenue.total)])
    shares_given = any(
        _value(r.get(name)) for r in section.get("parties", []) for name in ("cost_share", "revenue_share")
    )
    return _blocks(
        Block(
            "table",
            label=_("Division of costs and of revenue and profit"),
            headers=[_("Party"), _("Share of the costs"), _("Share of revenue and profit")],
            rows=rows,
        )
        if shares_given
        else None,
        paragraph(_("Who owns a customer that comes from the collaboration"), section.get("customer_owner")),
        paragraph(_("Approaching that customer outside the collaboration"), section.get("customer_contact")),
        paragraph(_("Customer data and CRM systems"), section.get("crm")),
        paragraph(_("Agreements with suppliers"), section.get("suppliers")),
        paragraph(_("Intellectual property: knowledge, patents and models"), section.get("ip")),
        paragraph(_("When agreements are not kept"), section.get("breach")),
        paragraph(_("Who carries setbacks"), section.get("setbacks")),
    )


def _obligations(data) -> list[Block]:
    blocks = []
    for stored in data.get("obligations", {}).get("parties", []):
        row = obligation_row(stored)
        items = [
            (_label(OBLIGATION_KINDS, kind), row[kind].strip())
            for kind, _kind_label in OBLIGATION_KINDS
            if row[kind].strip()
        ]
        blocks.append(Block("facts", label=row.get("name", ""), items=items))
    return _blocks(*blocks)


def _term(data) -> list[Block]:
    section = data.get("term", {})
    return _blocks(
        Block(
            "facts",
            items=_facts(
                [
                    (_("Start date"), _date(section.get("start_date"))),
                    (_("End date"), _date(section.get("end_date")) or _("indefinite")),
                    (_("Notice"), _value(section.get("notice"))),
                ]
            ),
        ),
        paragraph(_("How a partner leaves the collaboration"), section.get("leave_how")),
        paragraph(_("Consequences for those involved"), section.get("consequences")),
        paragraph(_("Division of the results so far"), section.get("results_division")),
        paragraph(_("Parting when it does not work"), section.get("parting")),
    )


def _evaluation(data) -> list[Block]:
    section = data.get("evaluation", {})
    frequencies = [(key, label) for key, label, _months in EVALUATION_FREQUENCIES]
    return _blocks(
        Block(
            "facts", items=_facts([(_("We evaluate the collaboration"), _label(frequencies, section.get("frequency")))])
        ),
        paragraph(_("How we evaluate"), section.get("notes")),
    )


def _conditions(data) -> list[Block]:
    section = data.get("conditions", {})
    return _blocks(
        paragraph(_("Confidentiality"), section.get("confidentiality")),
        paragraph(_("Digital tools"), section.get("digital_tools")),
        paragraph(_("Disputes"), section.get("disputes")),
        paragraph(_("Legal form"), section.get("legal_form")),
    )


def _intention(data) -> list[Block]:
    section = data.get("intention", {})
    kinds = {"project": _("as a project (for a set term)"), "structural": _("structurally")}
    return _blocks(
        paragraph(_("Intention"), section.get("intention")),
        paragraph(_("Scope"), section.get("scope")),
        Block("facts", items=_facts([(_("We work together"), kinds.get(section.get("duration_kind"), ""))])),
    )


def _next_steps(data) -> list[Block]:
    rows = [
        [_cell(s.get("description")), _date(s.get("date")) or EMPTY_CELL]
        for s in data.get("next_steps", {}).get("items", [])
    ]
    if not rows:
        return []
    return [Block("table", label=_("Next steps"), headers=[_("Step"), _("Date")], rows=rows)]


def _confidentiality(data) -> list[Block]:
    return _blocks(paragraph(_("Confidentiality"), data.get("confidentiality", {}).get("text")))


def _costs(data) -> list[Block]:
    section = data.get("costs", {})
    return _blocks(
        Block("facts", items=_facts([(_("Costs made so far"), _label(COST_ARRANGEMENTS, section.get("arrangement")))])),
        paragraph(_("Explanation"), section.get("notes")),
    )


BUILDERS = {
    "parties": _parties,
    "goals": _goals,
    "planning": _planning,
    "contributions": _contributions,
    "benefits": _benefits,
    "obligations": _obligations,
    "term": _term,
    "evaluation": _evaluation,
    "conditions": _conditions,
    "intention": _intention,
    "next_steps": _next_steps,
    "confidentiality": _confidentiality,
    "costs": _costs,
}


def document_title(kind) -> str:
    if DocumentKind(kind) == DocumentKind.LETTER_OF_INTENT:
        return _("Letter of intent")
    return _("Collaboration agreement")


def build(kind, data: dict, *, collaboration_name: str) -> RenderedDocument:
    """The document's sections, numbered in order. A section with nothing written in it is left out
    (listed in ``empty_sections``): the document never prints a "not filled in" placeholder. A required
    empty section keeps the version from being frozen (``checks.freeze_problems``)."""
    rendered, empty = [], []
    for s in sections_for(kind):
        blocks = [] if rules.is_empty(data.get(s.key)) else BUILDERS[s.key](data)
        if not blocks:
            empty.append(EmptySection(s.key, str(s.title), rules.is_required(str(kind), s.key)))
            continue
        rendered.append(RenderedSection(s.key, len(rendered) + 1, str(s.title), blocks))
    if DocumentKind(kind) == DocumentKind.LETTER_OF_INTENT:
        rendered.append(
            RenderedSection(
                "non_binding",
                len(rendered) + 1,
                _("Not binding"),
                [Block("paragraph", text=str(NON_BINDING_CLAUSE))],
                editable=False,
            )
        )
    return RenderedDocument(
        kind=str(kind),
        title=document_title(kind),
        collaboration_name=collaboration_name,
        sections=rendered,
        parties=list(data.get("parties", [])),
        disclaimer=str(DISCLAIMER),
        empty_sections=empty,
    )


def section_text(section: RenderedSection | None) -> str:
    if section is None:  # an empty section, left out of the document
        return ""
    lines = [f"{section.number}. {section.title}"]
    for block in section.blocks:
        if block.kind == "paragraph":
            lines.append(f"{block.label}:" if block.label else "")
            lines.extend(f"  {line}" for line in block.text.splitlines())
        elif block.kind == "facts":
            if block.label:
                lines.append(f"{block.label}:")
            lines.extend(f"  {label}: {value}" for label, value in block.items)
        elif block.kind == "table":
            lines.append(f"{block.label}:")
            lines.extend("  " + " | ".join(str(cell) for cell in row) for row in block.rows)
        elif block.kind == "list":
            lines.extend(f"  - {item}" for item in block.items)
    return "\n".join(line for line in lines if line != "")


def as_text(document: RenderedDocument) -> str:
    """Plain text of the whole document, line by line: what the diff compares."""
    return "\n\n".join(section_text(s) for s in document.sections)
