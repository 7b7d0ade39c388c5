"""The match score: pure rules, no Django.

A wanted-partner profile (``Profile``) is compared with one directory row. The score
adds up, in points:

- complementarity, both ways: ``W_NEED`` for every category I need that they offer,
  ``W_OFFER`` for every category they need that I bring;
- proximity: up to ``W_DISTANCE`` at 0 km, falling linearly to 0 at the radius
  (the maximum distance, or ``DEFAULT_RADIUS_KM`` without one);
- specialisms: ``W_SPECIALISM`` per wanted specialism they have;
- the second ring: ``W_RING[1]`` for a direct contact, ``W_RING[2]`` for a contact of a contact.

Sector (SBI), size class and position in the chain are filters: a result always fits
them, and they show up as reasons. Results are ordered by score (high first), then
distance (near first), then the row id, so equal scores always come out the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

CATEGORIES = (
    "vakkennis",
    "personeel",
    "markttoegang",
    "netwerk",
    "productontwikkeling",
    "productiemiddelen",
    "logistiek",
    "financien",
)
CATEGORY_BIT = {slug: 1 << index for index, slug in enumerate(CATEGORIES)}
ALL_CATEGORIES_MASK = (1 << len(CATEGORIES)) - 1

SIZE_CLASSES = ("1", "2-4", "5-9", "10-19", "20-49", "50-99", "100-199", "200-499", "500+")
SIZE_INDEX = {value: index for index, value in enumerate(SIZE_CLASSES)}

CHAIN_POSITIONS = ("toeleverancier", "producent", "groothandel", "detailhandel", "dienstverlener")
CHAIN_INDEX = {value: index for index, value in enumerate(CHAIN_POSITIONS)}

W_NEED = 10.0
W_OFFER = 6.0
W_DISTANCE = 8.0
W_SPECIALISM = 4.0
W_RING = {1: 5.0, 2: 3.0}
DEFAULT_RADIUS_KM = 250.0


def mask_of(slugs: Iterable[str]) -> int:
    mask = 0
    for slug in slugs:
        mask |= CATEGORY_BIT[slug]
    return mask


def slugs_of(mask: int) -> list[str]:
    return [slug for slug in CATEGORIES if mask & CATEGORY_BIT[slug]]


def pair_of(offers: int, needs: int) -> int:
    """One integer for what a row offers and needs: ``offers << 8 | needs``."""
    return (offers << 8) | needs


def split_pair(mask_pair: int) -> tuple[int, int]:
    return mask_pair >> 8, mask_pair & 0xFF


def normalise_specialism(value: str) -> str:
    return " ".join(value.strip().lower().split())


def sbi_range(code: str) -> tuple[str, str]:
    """Codes that start with ``code`` are those in [code, code + 1) in string order."""
    return code, code[:-1] + chr(ord(code[-1]) + 1)


@dataclass(frozen=True)
class Profile:
    """What a searcher wants. ``sbi`` holds codes (digits); sections are expanded by the caller."""

    sbi: tuple[str, ...] = ()
    pc4: str | None = None
    max_km: float | None = None
    sizes: frozenset[int] = frozenset()
    chains: frozenset[int] = frozenset()
    needs: int = 0
    offers: int = 0
    specialisms: frozenset[str] = frozenset()
    ring: int | None = None

    @property
    def radius_km(self) -> float:
        return self.max_km if self.max_km else DEFAULT_RADIUS_KM

    @property
    def max_score(self) -> float:
        """The most a row can score against this profile (every need and offer met, at 0 km,
        every specialism, a direct contact): the scale a score is shown on."""
        return (
            W_NEED * self.needs.bit_count()
            + W_OFFER * self.offers.bit_count()
            + W_DISTANCE
            + self.max_bonus
            + (max(W_RING.values()) if self.ring else 0.0)
        )

    @property
    def max_bonus(self) -> float:
        """The most the specialism term can add."""
        return W_SPECIALISM * len(self.specialisms)


def distance_points(km: float | None, radius_km: float) -> float:
    if km is None or radius_km <= 0:
        return 0.0
    return W_DISTANCE * max(0.0, 1.0 - km / radius_km)


def complementarity(profile: Profile, mask_pair: int) -> float:
    offers, needs = split_pair(mask_pair)
    return W_NEED * (offers & profile.needs).bit_count() + W_OFFER * (needs & profile.offers).bit_count()


def specialism_hits(profile: Profile, specialisms: Iterable[str]) -> list[str]:
    if not profile.specialisms:
        return []
    return sorted(profile.specialisms.intersection(specialisms))


def score(profile: Profile, *, mask_pair: int, km: float | None, specialisms=(), ring: int | None = None) -> float:
    base = complementarity(profile, mask_pair) + distance_points(km, profile.radius_km)
    return _with_bonuses(profile, base, specialisms, ring)


def _with_bonuses(profile: Profile, value: float, specialisms, ring: int | None) -> float:
    if profile.specialisms:
        value += W_SPECIALISM * len(specialism_hits(profile, specialisms))
    if ring:
        value += W_RING[ring]
    return round(value, 6)


class Scorer:
    """``score`` for the many rows one search looks at: the complementarity per offers/needs pair
    and the proximity per postcode area are worked out once. The same sums in the same order, so
    exactly the same floats as ``score``."""

    def __init__(self, profile: Profile, km_by_area):
        self.profile = profile
        self.km_by_area = km_by_area
        self._complementarity: dict[int, float] = {}
        self._proximity: dict[str | None, float] = {}

    def km(self, pc4: str) -> float | None:
        return self.km_by_area[pc4] if self.km_by_area is not None else None

    def __call__(self, *, mask_pair: int, pc4: str, specialisms=(), ring: int | None = None) -> float:
        complementarity_points = self._complementarity.get(mask_pair)
        if complementarity_points is None:
            complementarity_points = self._complementarity[mask_pair] = complementarity(self.profile, mask_pair)
        proximity_points = self._proximity.get(pc4)
        if proximity_points is None:
            proximity_points = self._proximity[pc4] = distance_points(self.km(pc4), self.profile.radius_km)
        return _with_bonuses(self.profile, complementarity_points + proximity_points, specialisms, ring)


def order_key(score_value: float, km: float | None, row_id: int) -> tuple:
    return (-score_value, math.inf if km is None else km, row_id)


def sbi_matches(wanted: Iterable[str], codes: Iterable[str]) -> list[tuple[str, str]]:
    """(their code, my wanted code) for every code of theirs inside a wanted code."""
    found = []
    for code in codes:
        for want in wanted:
            if code.startswith(want):
                found.append((code, want))
                break
    return found


@dataclass(frozen=True)
class Reason:
    """Why a result matches; rendered into words by the caller (``kind`` + ``values``)."""

    kind: str
    values: dict = field(default_factory=dict, hash=False, compare=False)


def explain(
    profile: Profile,
    *,
    mask_pair: int,
    km: float | None,
    sbi_codes: Iterable[str] = (),
    size: int | None = None,
    chain: int | None = None,
    specialisms: Iterable[str] = (),
    ring: int | None = None,
    via: Iterable[str] = (),
) -> list[Reason]:
    offers, needs = split_pair(mask_pair)
    reasons = [Reason("they_offer", {"category": slug}) for slug in slugs_of(offers & profile.needs)]
    reasons += [Reason("they_need", {"category": slug}) for slug in slugs_of(needs & profile.offers)]
    reasons += [Reason("sector", {"code": code, "wanted": want}) for code, want in sbi_matches(profile.sbi, sbi_codes)]
    if km is not None:
        reasons.append(Reason("distance", {"km": round(km)}))
    if profile.sizes and size in profile.sizes:
        reasons.append(Reason("size", {"size": SIZE_CLASSES[size]}))
    if profile.chains and chain in profile.chains:
        reasons.append(Reason("chain", {"chain": CHAIN_POSITIONS[chain]}))
    reasons += [Reason("specialism", {"specialism": tag}) for tag in specialism_hits(profile, specialisms)]
    if ring == 1:
        reasons.append(Reason("ring1"))
    elif ring == 2:
        reasons.append(Reason("ring2", {"via": list(via)}))
    return reasons


@dataclass(frozen=True)
class Row:
    """Everything the brute-force scan needs of one directory row."""

    id: int
    pc4: str
    size: int
    chain: int
    mask_pair: int
    sbi_codes: tuple[str, ...]
    specialisms: tuple[str, ...]


def passes_filters(profile: Profile, row: Row, km: float | None) -> bool:
    if profile.max_km is not None and (km is None or km > profile.max_km):
        return False
    if profile.sizes and row.size not in profile.sizes:
        return False
    if profile.chains and row.chain not in profile.chains:
        return False
    if profile.sbi and not sbi_matches(profile.sbi, row.sbi_codes):
        return False
    return not (profile.specialisms and not profile.specialisms.intersection(row.specialisms))


def brute_force(profile: Profile, rows: Iterable[Row], distances: dict[str, float] | None, *, want: int):
    """The baseline: look at every row. Returns (number of rows that pass the filters, best ``want`` as (id, score))."""
    import heapq

    total = 0
    keyed = []
    for row in rows:
        km = distances.get(row.pc4) if distances is not None else None
        if not passes_filters(profile, row, km):
            continue
        total += 1
        value = score(profile, mask_pair=row.mask_pair, km=km, specialisms=row.specialisms)
        keyed.append((order_key(value, km, row.id), value))
    best = heapq.nsmallest(want, keyed)
    return total, [(key[2], value) for key, value in best]
