"""Name suggestions while typing on the search page: the few best name matches for what is typed so far.

The same search as the page's (``search.run`` with the name, the profile's filters and the chosen
network ring), so a suggestion is what submitting the form would show at the top.
"""

from __future__ import annotations

from dataclasses import dataclass

from samenwerkwijzer.reference import catalog

from . import matching, search, selectors
from .names import NameQuery

MIN_LENGTH = 3  # fewer characters match too many names to be of help
LIMIT = 8


@dataclass(frozen=True)
class Suggestion:
    entry_id: int
    name: str
    trade_name: str  # the trade name that matched, when it is not the statutory name; else ""
    pc4: str
    place: str  # the postcode area's place name; "" for an unknown area


def long_enough(query: NameQuery | None) -> bool:
    """Whether there is a name to suggest for: a valid query of at least ``MIN_LENGTH`` characters."""
    return query is not None and len(query.text) >= MIN_LENGTH


def suggest(query: NameQuery | None, profile: matching.Profile, *, searcher_ids) -> list[Suggestion]:
    """Up to ``LIMIT`` entries whose name best matches ``query``; none for a short or missing query."""
    if not long_enough(query):
        return []
    page = search.run(profile, limit=LIMIT, rings=selectors.ring_entries(searcher_ids), name=query)
    areas = catalog.pc4_areas()
    found = []
    for result in page.results:
        matched = result.reasons[0].values
        area = areas.get(result.entry.pc4)
        found.append(
            Suggestion(
                entry_id=result.entry_id,
                name=result.name,
                trade_name=matched["name"] if matched["trade_name"] else "",
                pc4=result.entry.pc4,
                place=area.place_name if area else "",
            )
        )
    return found
