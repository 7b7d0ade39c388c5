"""What the searches plan with: the directory's statistics (rows per postcode area, sector, size,
chain position, offers/needs pair and specialism; recounted by every import, adjusted by every
change) and SBI code prefixes as string ranges. Shared by the partner search (``search``) and the
search by name (``name_search``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from samenwerkwijzer.reference import catalog

from . import matching
from .models import DirectoryStat


@dataclass
class Stats:
    generation: str | None
    total: int = 0
    pc4: dict[str, int] = field(default_factory=dict)
    mask: dict[int, int] = field(default_factory=dict)
    size: dict[int, int] = field(default_factory=dict)
    chain: dict[int, int] = field(default_factory=dict)
    sbi: dict[str, int] = field(default_factory=dict)
    tag: dict[str, int] = field(default_factory=dict)
    offers_marginal: dict[int, int] = field(default_factory=dict)
    needs_marginal: dict[int, int] = field(default_factory=dict)


_stats_cache: dict[str, Stats] = {}


def load_stats() -> Stats:
    """The planning statistics, re-read only when an import has refreshed them."""
    # Asked before every search: one plain statement, without the ORM's half millisecond.
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(DirectoryStat._meta.db_table)
        cursor.execute(f"SELECT key FROM {table} WHERE kind = %s ORDER BY id LIMIT 1", ["total"])  # noqa: S608
        row = cursor.fetchone()
    generation = row[0] if row else None
    cached = _stats_cache.get("stats")
    if cached is not None and cached.generation == generation:
        return cached
    stats = Stats(generation=generation)
    for kind, key, count in DirectoryStat.objects.values_list("kind", "key", "count"):
        if kind == "total":
            stats.total = count
        elif kind in ("mask", "size", "chain"):
            getattr(stats, kind)[int(key)] = count
        else:
            getattr(stats, kind)[key] = count
    for pair, count in stats.mask.items():
        their_offers, their_needs = matching.split_pair(pair)
        stats.offers_marginal[their_offers] = stats.offers_marginal.get(their_offers, 0) + count
        stats.needs_marginal[their_needs] = stats.needs_marginal.get(their_needs, 0) + count
    _stats_cache["stats"] = stats
    return stats


def expand_sbi(codes) -> tuple[str, ...]:
    """Wanted codes as digit prefixes: a section letter stands for its divisions; covered codes drop out."""
    known = catalog.sbi_codes()
    prefixes = set()
    for code in codes:
        if code.isdigit():
            prefixes.add(code)
        else:
            prefixes.update(item.code for item in known.values() if item.level == 2 and item.parent_code == code)
    kept = [code for code in prefixes if not any(code != other and code.startswith(other) for other in prefixes)]
    return tuple(sorted(kept))


def sbi_ranges(prefixes) -> list[tuple[str, str]]:
    """The prefixes as string ranges, adjacent ones merged: the divisions 10-33 of section C
    become one range ['10', '34') instead of 24."""
    ranges: list[list[str]] = []
    for low, high in sorted(matching.sbi_range(prefix) for prefix in prefixes):
        while len(high) > 1 and high.endswith(":"):  # '1:' bounds the same digit codes as '2'
            high = high[:-2] + chr(ord(high[-2]) + 1)
        # No digit code lies between '2' and '20': such ranges touch.
        if ranges and low <= ranges[-1][1].ljust(len(low), "0"):
            ranges[-1][1] = max(ranges[-1][1], high)
        else:
            ranges.append([low, high])
    return [(low, high) for low, high in ranges]


def sbi_q(prefixes) -> Q:
    q = Q()
    for low, high in sbi_ranges(prefixes):
        q |= Q(code__gte=low, code__lt=high)
    return q
