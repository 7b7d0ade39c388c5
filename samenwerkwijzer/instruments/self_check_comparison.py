"""Differences to discuss between shared Zelfchecks (guide ch. 2, "Check uw ambitieniveau" and
"Check uw verwachtingen: vraag en aanbod").

Pure rules on plain data: each rule takes the shared answers (one ``Entry`` per organisation) and,
where it compares with the collaboration, the collaboration's own stated ambition level and
duration kind, and returns the flags it raises, in plain words. No database, no requests.

The guide says the partners must agree beforehand on project versus structural; a different level
and a need that no partner offers are points to discuss too (the guide's "vraag en aanbod": comparing
what you offer and what you look for may make a partner who seemed suitable drop out).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import definitions

AMBITION_LEVEL, DURATION_KIND, OFFER_AND_DEMAND = "ambition_level", "duration_kind", "offer_and_demand"
OFFER, NEED = "offer", "need"


@dataclass(frozen=True)
class Entry:
    """One organisation's shared answers."""

    organisation: str
    answers: dict


@dataclass(frozen=True)
class Flag:
    rule: str
    text: str


def _names(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {_('and')} {names[-1]}"


def _label(instrument: definitions.Instrument, item_id: str, value: str) -> str:
    return instrument.item(item_id).option_label(value).lower()


def _by_value(entries: list[Entry], item_id: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for entry in entries:
        value = entry.answers.get(item_id)
        if isinstance(value, str) and value:
            groups.setdefault(value, []).append(entry.organisation)
    return groups


def _differing(instrument, entries, item_id, rule, message) -> list[Flag]:
    groups = _by_value(entries, item_id)
    if len(groups) < 2:
        return []
    parts = "; ".join(f"{_names(names)}: {_label(instrument, item_id, value)}" for value, names in groups.items())
    return [Flag(rule, f"{message} ({parts}).")]


def ambition_levels_differ(instrument: definitions.Instrument, entries: list[Entry]) -> list[Flag]:
    """The organisations chose different ambition levels (operational, tactical, strategic)."""
    return _differing(
        instrument,
        entries,
        AMBITION_LEVEL,
        "ambition_levels_differ",
        _("The organisations want to collaborate at different levels"),
    )


def duration_kinds_differ(instrument: definitions.Instrument, entries: list[Entry]) -> list[Flag]:
    """One wants a project, another a structural collaboration."""
    return _differing(
        instrument,
        entries,
        DURATION_KIND,
        "duration_kinds_differ",
        _("The organisations differ on a project or a structural collaboration"),
    )


def _differs_from_collaboration(instrument, entries, item_id, stated, rule, template) -> list[Flag]:
    if not stated:
        return []
    flags = []
    for entry in entries:
        value = entry.answers.get(item_id)
        if isinstance(value, str) and value and value != stated:
            text = template % {
                "organisation": entry.organisation,
                "own": _label(instrument, item_id, value),
                "stated": _label(instrument, item_id, stated),
            }
            flags.append(Flag(rule, text))
    return flags


def ambition_differs_from_collaboration(
    instrument: definitions.Instrument, entries: list[Entry], stated: str | None
) -> list[Flag]:
    """An organisation's level differs from the level stated for the collaboration."""
    return _differs_from_collaboration(
        instrument,
        entries,
        AMBITION_LEVEL,
        stated,
        "ambition_differs_from_collaboration",
        _(
            "%(organisation)s wants to collaborate at the level %(own)s, while the collaboration states "
            "the level %(stated)s."
        ),
    )


def duration_differs_from_collaboration(
    instrument: definitions.Instrument, entries: list[Entry], stated: str | None
) -> list[Flag]:
    """An organisation's project/structural choice differs from the collaboration's."""
    return _differs_from_collaboration(
        instrument,
        entries,
        DURATION_KIND,
        stated,
        "duration_differs_from_collaboration",
        _("%(organisation)s chose “%(own)s”, while the collaboration states “%(stated)s”."),
    )


def _cells(entry: Entry, column: str) -> set[str]:
    matrix = entry.answers.get(OFFER_AND_DEMAND)
    if not isinstance(matrix, dict):
        return set()
    return {row for row, cells in matrix.items() if isinstance(cells, dict) and column in cells}


def needs_nobody_offers(instrument: definitions.Instrument, entries: list[Entry]) -> list[Flag]:
    """A category an organisation looks for that none of the other organisations offers.

    Only with at least two organisations: with one there is nobody yet to offer anything.
    """
    if len(entries) < 2:
        return []
    item = instrument.item(OFFER_AND_DEMAND)
    flags = []
    for entry in entries:
        offered_by_others = set().union(*(_cells(other, OFFER) for other in entries if other is not entry))
        missing = [row for row in item.rows if row.id in _cells(entry, NEED) - offered_by_others]
        if missing:
            flags.append(
                Flag(
                    "needs_nobody_offers",
                    _("%(organisation)s looks for %(categories)s, but none of the partners offers that.")
                    % {
                        "organisation": entry.organisation,
                        "categories": _names(str(row.label).lower() for row in missing),
                    },
                )
            )
    return flags


def differences(
    instrument: definitions.Instrument,
    entries: list[Entry],
    *,
    ambition_level: str | None = None,
    duration_kind: str | None = None,
) -> list[Flag]:
    """Every difference to discuss, in the order the questions come in the Zelfcheck."""
    return [
        *ambition_levels_differ(instrument, entries),
        *ambition_differs_from_collaboration(instrument, entries, ambition_level),
        *duration_kinds_differ(instrument, entries),
        *duration_differs_from_collaboration(instrument, entries, duration_kind),
        *needs_nobody_offers(instrument, entries),
    ]
