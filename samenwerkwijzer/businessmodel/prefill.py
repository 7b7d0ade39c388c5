"""What the canvas can start from: what the partners already wrote elsewhere (issue #19).

- Value propositions ← the added value in each organisation's Zelfcheck, as far as it was shared
  with this collaboration (a Zelfcheck is private to its organisation until shared);
- Key resources ← what the partners offer in vraag & aanbod; Key partners ← what they need there:
  a participating partner that offers it, or a partner still to find;
- Key activities ← the goals in the collaboration agreement;
- Cost structure and Revenue streams ← the split of costs and revenues (lusten en lasten).

The answers of blind instruments (match check, ten basic questions) are never a source. The
functions below are pure: they take plain data and return ``Suggestion(block, text, source)``;
``suggestions_for`` gathers that data through the other apps' own selectors.
"""

from typing import NamedTuple

from django.utils.translation import gettext as _

from .models import Block

SELF_CHECK, OFFER_AND_DEMAND, GOALS, BENEFITS = "self_check", "offer_and_demand", "goals", "benefits"


class Suggestion(NamedTuple):
    block: str
    text: str
    source: str


class SharedSelfCheck(NamedTuple):
    organisation_name: str
    answers: dict


def source_label(source: str) -> str:
    """How a note says where it came from ("prefill:goals" → "from the goals in the agreement")."""
    labels = {
        SELF_CHECK: _("from the shared Zelfcheck"),
        OFFER_AND_DEMAND: _("from demand and offer in the shared Zelfcheck"),
        GOALS: _("from the goals in the agreement"),
        BENEFITS: _("from benefits and burdens in the agreement"),
    }
    kind, _sep, rest = source.partition(":")
    if kind == "prefill":
        return labels.get(rest, "")
    return ""


# Which blocks have something to start from.
PREFILLED_BLOCKS = (
    Block.KEY_PARTNERS,
    Block.KEY_ACTIVITIES,
    Block.KEY_RESOURCES,
    Block.VALUE_PROPOSITIONS,
    Block.COST_STRUCTURE,
    Block.REVENUE_STREAMS,
)


def from_added_value(shares: list[SharedSelfCheck]) -> list[Suggestion]:
    out = []
    for share in shares:
        text = str(share.answers.get("added_value") or "").strip()
        if text:
            out.append(Suggestion(Block.VALUE_PROPOSITIONS, f"{share.organisation_name}: {text}", SELF_CHECK))
    return out


def _offer_and_demand(answers: dict) -> dict:
    value = answers.get("offer_and_demand")
    return value if isinstance(value, dict) else {}


def from_offer_and_demand(shares: list[SharedSelfCheck], categories: dict[str, str]) -> list[Suggestion]:
    """Offers become key resources; needs become key partners (who in the collaboration offers it,
    or a partner still to find). ``categories`` maps a category id to its label, in order."""
    resources, partners = [], []
    for category, label in categories.items():
        offering = []
        for share in shares:
            row = _offer_and_demand(share.answers).get(category)
            if isinstance(row, dict) and "offer" in row:
                offering.append(share.organisation_name)
                detail = str(row.get("offer") or "").strip()
                text = f"{label} ({share.organisation_name})" + (f": {detail}" if detail else "")
                resources.append(Suggestion(Block.KEY_RESOURCES, text, OFFER_AND_DEMAND))
        for share in shares:
            row = _offer_and_demand(share.answers).get(category)
            if not (isinstance(row, dict) and "need" in row):
                continue
            detail = str(row.get("need") or "").strip()
            others = [name for name in offering if name != share.organisation_name]
            if others:
                text = _("%(partners)s for %(category)s, needed by %(organisation)s") % {
                    "partners": ", ".join(others),
                    "category": label.lower(),
                    "organisation": share.organisation_name,
                }
            else:
                text = _("Still to find: a partner for %(category)s, needed by %(organisation)s") % {
                    "category": label.lower(),
                    "organisation": share.organisation_name,
                }
            partners.append(Suggestion(Block.KEY_PARTNERS, text + (f": {detail}" if detail else ""), OFFER_AND_DEMAND))
    return resources + partners


def from_goals(agreement: dict | None) -> list[Suggestion]:
    goals = (agreement or {}).get("goals") or {}
    out = []
    activities = str(goals.get("activities") or "").strip()
    if activities:
        out.append(Suggestion(Block.KEY_ACTIVITIES, activities, GOALS))
    for item in goals.get("items") or []:
        description = str((item or {}).get("description") or "").strip()
        if description:
            out.append(Suggestion(Block.KEY_ACTIVITIES, description, GOALS))
    return out


def from_benefits(agreement: dict | None, *, format_percent) -> list[Suggestion]:
    """One note per block: how costs and how revenues are divided among the partners."""
    from samenwerkwijzer.agreements.rules import parse_percentage

    rows = ((agreement or {}).get("benefits") or {}).get("parties") or []
    out = []
    for block, key, intro in (
        (Block.COST_STRUCTURE, "cost_share", _("Costs divided")),
        (Block.REVENUE_STREAMS, "revenue_share", _("Revenues divided")),
    ):
        parts = []
        for row in rows:
            share = parse_percentage((row or {}).get(key))
            if share is not None and row.get("name"):
                parts.append(f"{row['name']} {format_percent(share)}")
        if parts:
            out.append(Suggestion(block, f"{intro}: {', '.join(parts)}", BENEFITS))
    return out


def shared_self_checks(access) -> list[SharedSelfCheck]:
    """The Zelfchecks shared with this collaboration by its partners (explorers' left out)."""
    from samenwerkwijzer.instruments.access import self_check_shares_for

    partner_ids = {p.organisation_id for p in access.collaboration.participants.all() if p.role != p.Role.EXPLORER}
    return [
        SharedSelfCheck(share.organisation.name, share.answers or {})
        for share in self_check_shares_for(access)
        if share.organisation_id in partner_ids
    ]


def offer_and_demand_categories() -> dict[str, str]:
    from samenwerkwijzer.instruments import definitions

    item = next(i for i in definitions.get_instrument(definitions.ZELFCHECK).items if i.id == "offer_and_demand")
    return {row.id: str(row.label) for row in item.rows}


def suggestions_for(access, *, block: str) -> list[Suggestion]:
    """What the canvas could say in ``block``, from what the collaboration may read elsewhere."""
    from samenwerkwijzer.agreements.selectors import agreement_data
    from samenwerkwijzer.lib.formatting import format_percent

    if block == Block.VALUE_PROPOSITIONS:
        found = from_added_value(shared_self_checks(access))
    elif block in (Block.KEY_RESOURCES, Block.KEY_PARTNERS):
        found = from_offer_and_demand(shared_self_checks(access), offer_and_demand_categories())
    elif block == Block.KEY_ACTIVITIES:
        found = from_goals(agreement_data(access.collaboration))
    elif block in (Block.COST_STRUCTURE, Block.REVENUE_STREAMS):
        found = from_benefits(agreement_data(access.collaboration), format_percent=format_percent)
    else:
        found = []
    return [s for s in found if s.block == block]
