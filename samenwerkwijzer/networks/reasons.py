"""Why the app proposes a member: the facts are stored with the proposal, the words are made when shown.

``reason_facts`` keeps what the solver knew (as JSON-safe values), so the page can say it again in the
reader's language later; ``reason_text`` turns the facts into one readable line, e.g. "Heeft Fotografie,
12 dagen beschikbaar, 8 km van de opdracht, minder dagen op opdrachten gehad in het afgelopen jaar".
"""

from statistics import mean

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenwerkwijzer.lib.formatting import format_money, format_number

from .solver import LOWEST_COST, Candidate


def reason_facts(
    candidate: Candidate,
    *,
    expertise_names: list[str],
    candidates: dict[int, Candidate],
    objective: str,
    is_bringer: bool,
) -> dict:
    """The facts behind proposing ``candidate`` for ``expertise_names``, compared with the others who
    could have filled the same expertises."""
    peers = [c.recent_days for c in candidates.values() if c.expertise_ids & candidate.expertise_ids]
    return {
        "expertises": sorted(expertise_names),
        "capacity_days": candidate.capacity_days,
        "distance_km": None if candidate.distance_km is None else round(candidate.distance_km, 1),
        "recent_days": candidate.recent_days,
        "fewer_recent": len(peers) > 1 and candidate.recent_days < mean(peers),
        "day_rate": None if candidate.day_rate is None else str(candidate.day_rate),
        "show_rate": objective == LOWEST_COST,
        "is_bringer": is_bringer,
    }


def reason_text(facts: dict) -> str:
    parts = [_("Has %(expertises)s") % {"expertises": get_text_list(facts["expertises"], _("and"))}]
    days = facts["capacity_days"]
    parts.append(ngettext("%(days)s day available", "%(days)s days available", days) % {"days": days})
    if facts["distance_km"] is None:
        parts.append(_("distance unknown (no postcode area)"))
    else:
        parts.append(_("%(km)s km from the work") % {"km": format_number(facts["distance_km"])})
    if facts["show_rate"] and facts["day_rate"] is not None:
        parts.append(_("day rate %(rate)s") % {"rate": format_money(facts["day_rate"])})
    if facts["fewer_recent"]:
        parts.append(_("fewer days on assignments in the past year than others"))
    if facts["is_bringer"]:
        parts.append(_("brought in the assignment and takes part"))
    return ", ".join(parts)
