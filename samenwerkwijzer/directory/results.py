"""What a search returns, and its reasons in words (profile search and name search alike)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import matching
from .models import CATEGORY_LABELS, CHAIN_LABELS, DirectoryEntry


@dataclass
class Result:
    entry_id: int
    kvk_number: str
    name: str
    score: float
    distance_km: float | None
    reasons: list[matching.Reason]
    ring: int | None
    via: list[str]
    entry: DirectoryEntry | None = None
    profile_score: float | None = None  # with a name query: the profile's points (``score`` is the name's)


@dataclass
class Page:
    total: int
    results: list[Result]
    strategy: str
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def result_for(entry: DirectoryEntry, profile: matching.Profile, *, score: float, km, rings, first_reasons=()):
    """One result of a page: the entry with its profile reasons (after ``first_reasons``)."""
    ring, via = rings.get(entry.pk, (None, []))
    reasons = matching.explain(
        profile,
        mask_pair=entry.mask_pair,
        km=km,
        sbi_codes=entry.sbi_list,
        size=entry.size_class,
        chain=entry.chain,
        specialisms=entry.specialism_list,
        ring=ring,
        via=via,
    )
    return Result(
        entry_id=entry.pk,
        kvk_number=entry.kvk_number,
        name=entry.name,
        score=round(score, 1),
        distance_km=round(km, 1) if km is not None else None,
        reasons=[*first_reasons, *reasons],
        ring=ring,
        via=via,
        entry=entry,
    )


def reason_text(reason: matching.Reason) -> str:
    values = reason.values
    if reason.kind == "they_offer":
        return _("you need %(category)s — they offer it") % {"category": CATEGORY_LABELS[values["category"]].lower()}
    if reason.kind == "they_need":
        return _("they need %(category)s — you bring it") % {"category": CATEGORY_LABELS[values["category"]].lower()}
    if reason.kind == "sector":
        if values["code"] == values["wanted"]:
            return _("sector %(code)s as wanted") % values
        return _("sector %(code)s within your %(wanted)s") % values
    if reason.kind == "distance":
        return _("%(km)s km") % values
    if reason.kind == "size":
        return _("size fits (%(size)s working persons)") % values
    if reason.kind == "chain":
        return _("position in the chain fits (%(chain)s)") % {"chain": CHAIN_LABELS[values["chain"]]}
    if reason.kind == "specialism":
        return _("specialism: %(specialism)s") % values
    if reason.kind == "name":
        if values["found"] == values["total"]:
            found = ngettext("the word you typed", "all %(total)d words you typed", values["total"]) % values
        else:
            found = _("%(found)d of the %(total)d words you typed") % values
        typo = (
            ngettext(" (%(typo)d with a typo)", " (%(typo)d with a typo)", values["typo"]) % values
            if values["typo"]
            else ""
        )
        if values["trade_name"]:
            return _("trade name “%(name)s”: %(found)s%(typo)s") % {
                "name": values["name"],
                "found": found,
                "typo": typo,
            }
        return _("name: %(found)s%(typo)s") % {"found": found, "typo": typo}
    if reason.kind == "ring1":
        return _("you know each other")
    if reason.kind == "ring2":
        return _("via %(names)s") % {"names": ", ".join(values["via"])}
    return reason.kind
