"""Complementarity levels of the partner search: how well a directory entry's offers and needs fit
the wanted profile, as a few levels read best first (``search.run``), each a test on two bit masks."""

import itertools
from functools import lru_cache

from django.db.models import F

from . import matching
from .planning import Stats, _stats_cache


def subsets(mask: int, size: int) -> list[int]:
    bits = [1 << index for index in range(8) if mask & (1 << index)]
    return sorted(sum(combo) for combo in itertools.combinations(bits, size))


@lru_cache(maxsize=1024)
def levels_cached(needs: int, offers: int, generation):
    """Every (a, b) level with an estimate of its share of rows.

    The share only sizes the bands, so the two masks are treated as independent (their
    marginal counts: 2 x 256 sums instead of every pair); the result stays exact.
    """
    stats = _stats_cache["stats"]
    total = max(sum(stats.offers_marginal.values()), 1)
    need_share: dict[int, float] = {}
    for their_offers, count in stats.offers_marginal.items():
        a = (their_offers & needs).bit_count()
        need_share[a] = need_share.get(a, 0) + count / total
    offer_share: dict[int, float] = {}
    for their_needs, count in stats.needs_marginal.items():
        b = (their_needs & offers).bit_count()
        offer_share[b] = offer_share.get(b, 0) + count / total
    levels = [
        (matching.W_NEED * a + matching.W_OFFER * b, (a, b), share_a * share_b)
        for a, share_a in need_share.items()
        for b, share_b in offer_share.items()
    ]
    levels.sort(key=lambda level: -level[0])
    return levels


def levels_for(profile: matching.Profile, stats: Stats) -> list[tuple[float, tuple[int, int] | None, float]]:
    """Complementarity levels, best first: (points, (needs met, offers wanted), share of rows).

    A level is the set of rows that offer exactly ``a`` of the categories I need and need
    exactly ``b`` of those I bring; in SQL that is a test on two bit masks (see ``level_filter``).
    """
    if not profile.needs and not profile.offers:
        return [(0.0, None, 1.0)]
    return levels_cached(profile.needs, profile.offers, stats.generation)


def level_filter(qs, profile: matching.Profile, level: tuple[int, int]):
    a, b = level
    if profile.needs:
        qs = qs.alias(_their_offers=F("mask_pair").bitrightshift(8).bitand(profile.needs)).filter(
            _their_offers__in=subsets(profile.needs, a)
        )
    if profile.offers:
        qs = qs.alias(_their_needs=F("mask_pair").bitand(profile.offers)).filter(
            _their_needs__in=subsets(profile.offers, b)
        )
    return qs
