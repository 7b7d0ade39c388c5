"""Partner search over the directory, fast at a million rows on SQLite and PostgreSQL.

The score (``matching``) is computed in Python, but only for a bounded set of
candidates. How those are found depends on the profile (see docs/directory-search.md):

1. ``ring``: only direct contacts or contacts of contacts; a handful of rows.
2. ``small``: a selective filter (an SBI code, a specialism, a small radius) leaves
   at most ``SMALL`` rows by the statistics; fetch them through its index and score all.
3. ``blocks``: otherwise walk blocks of (complementarity level x band of postcode
   areas in distance order) from the highest possible score down, keep the best rows,
   and stop as soon as no unseen block can beat the current last place. Exact: the
   result equals scoring every row (the benchmark checks this against a full scan).
"""

from __future__ import annotations

import heapq
import itertools
from functools import cache

from django.db.models import Exists, OuterRef

from samenwerkwijzer.lib.db import planned_for_each_run

from . import matching
from .bounded_reads import count_upto, entry_id_bounds, first_by_id
from .geo import Distances, distances_from  # noqa: F401 (part of this module's interface)
from .levels import level_filter, levels_for
from .models import DirectoryEntry, DirectorySbi, DirectorySpecialism
from .names import NameQuery
from .planning import Stats, _stats_cache, expand_sbi, load_stats, sbi_q, sbi_ranges  # noqa: F401 (also this module's interface)
from .results import Page, Result, reason_text, result_for  # noqa: F401 (Result, reason_text: part of this module's interface)

SMALL = 5000
# Above this an SBI or specialism filter is better checked per row: 200,000 rows, or a fifth of the
# directory when that is more (a specialism in 5 % of the 4M directory still leads).
CHILD_DRIVE_MAX = 200_000
CHILD_DRIVE_SHARE = 0.2
SIZE_DRIVE_MAX = 50_000  # below this the size/chain index is the way in
BAND_MIN_ROWS = 100  # a band should hold about this many matches (or three pages), by the statistics
LEVEL_FETCH_MAX = 4000  # a complementarity level this rare is read whole through the offers/needs index
LEVEL_FETCH_PAIRS = 2000  # ... unless it spans more offers/needs pairs than this
TOTAL_CAP = 1000
MAX_LIMIT = 100


class _Best:
    """The best ``want`` candidates seen so far, by (score desc, distance asc, id asc)."""

    def __init__(self, want: int):
        self.want = want
        self.items: dict[int, tuple] = {}

    def add(self, key: tuple, row_id: int, value: float, km):
        self.items[row_id] = (key, row_id, value, km)

    def trim(self):
        if len(self.items) > self.want * 2:
            kept = heapq.nsmallest(self.want, self.items.values())
            self.items = {item[1]: item for item in kept}

    def kth_score(self) -> float | None:
        if len(self.items) < self.want:
            return None
        return heapq.nsmallest(self.want, self.items.values())[-1][2]

    def ranked(self) -> list[tuple]:
        return heapq.nsmallest(self.want, self.items.values())


def run(
    profile: matching.Profile,
    *,
    limit: int = 20,
    offset: int = 0,
    rings: dict[int, tuple[int, list[str]]] | None = None,
    name: NameQuery | None = None,
) -> Page:
    """Search the directory. ``rings`` maps directory entry ids to (ring, via names) for the searcher;
    with a ``name`` the results are ordered by the name first (``name_search``). Every query is planned
    for its own words and filters (``lib.db.planned_for_each_run``)."""
    with planned_for_each_run():
        return _run(profile, limit=limit, offset=offset, rings=rings, name=name)


def _run(profile, *, limit, offset, rings, name) -> Page:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, TOTAL_CAP - limit))
    want = offset + limit
    rings = rings or {}
    if name is not None:
        from . import name_search

        return name_search.run(name, profile, limit=limit, offset=offset, rings=rings)
    stats = load_stats()
    distances = distances_from(profile.pc4) if profile.pc4 else None

    area_order = distances.nearest(profile.max_km) if distances is not None else None
    radius = area_order if area_order is not None and profile.max_km is not None else None

    base = DirectoryEntry.objects.all()
    if profile.sizes:
        base = base.filter(size_class__in=sorted(profile.sizes))
    if profile.chains:
        base = base.filter(chain__in=sorted(profile.chains))
    sbi_rows = DirectorySbi.objects.filter(sbi_q(profile.sbi)) if profile.sbi else None
    tag_rows = DirectorySpecialism.objects.filter(tag__in=sorted(profile.specialisms)) if profile.specialisms else None

    def with_child_filters(qs, *, drive=None):
        for name, rows in (("sbi", sbi_rows), ("tag", tag_rows)):
            if rows is None:
                continue
            if name == drive:
                qs = qs.filter(pk__in=rows.values("entry_id"))
            else:
                qs = qs.filter(Exists(rows.filter(entry_id=OuterRef("pk"))))
        return qs

    geo = base.filter(pc4__one_of=radius) if radius is not None else base
    columns = ("id", "pc4", "mask_pair", "specialisms")
    best = _Best(want)

    scorer = matching.Scorer(profile, distances.km if distances is not None else None)

    def consider(rows):
        for row_id, pc4, mask_pair, specialisms in rows:
            km = scorer.km(pc4)
            if km is not None and profile.max_km is not None and km > profile.max_km:
                continue  # only when the distance is checked here rather than in SQL
            value = scorer(
                mask_pair=mask_pair,
                pc4=pc4,
                specialisms=specialisms.split(";") if specialisms else (),
                ring=rings[row_id][0] if row_id in rings else None,
            )
            best.add(matching.order_key(value, km, row_id), row_id, value, km)

    # 1. Only the first or the second ring.
    if profile.ring:
        ids = [entry_id for entry_id, (ring, _via) in rings.items() if ring == profile.ring]
        rows = list(with_child_filters(geo.filter(pk__in=ids)).values_list(*columns))
        consider(rows)
        return _page(profile, best, min(len(rows), TOTAL_CAP), "ring", limit, offset, rings, distances)

    # 2. A selective filter: fetch everything it leaves.
    estimates = {}
    if sbi_rows is not None:
        estimates["sbi"] = sum(count for code, count in stats.sbi.items() if code.startswith(profile.sbi))
    if tag_rows is not None:
        estimates["tag"] = sum(stats.tag.get(tag, 0) for tag in profile.specialisms)
    if radius is not None:
        estimates["geo"] = sum(stats.pc4.get(pc4, 0) for pc4 in radius)
    estimates["all"] = stats.total

    def child_query(drive: str, *, within_radius: bool = True):
        """The SBI or specialism rows that pass every filter, straight from their covering indexes."""
        qs = _child_filtered(sbi_rows if drive == "sbi" else tag_rows, profile, radius if within_radius else None)
        for name, rows in (("sbi", sbi_rows), ("tag", tag_rows)):
            if rows is not None and name != drive:
                qs = qs.filter(Exists(rows.filter(entry_id=OuterRef("entry_id"))))
        return qs

    if min(estimates.values()) <= SMALL:
        drive = min(estimates, key=estimates.get)
        if drive in ("sbi", "tag"):
            rows = list(child_query(drive).values_list("entry_id", "pc4", "mask_pair").distinct())
        else:
            rows = list(with_child_filters(geo).values_list("pk", "pc4", "mask_pair"))
        consider(_with_specialisms(rows, profile, driver=drive))
        return _page(profile, best, min(len(rows), TOTAL_CAP), "small", limit, offset, rings, distances)

    # 3. Blocks, best first, until nothing unseen can beat the last place.
    if rings:
        consider(with_child_filters(geo).filter(pk__in=list(rings)).values_list(*columns))
    # The driving table: the entries, or the SBI / specialism rows (which repeat the search
    # columns, with a covering index) when that filter is the narrower way in.
    total_rows = max(stats.total, 1)
    size_selectivity = 1.0
    if profile.sizes:
        size_selectivity *= sum(stats.size.get(size, 0) for size in profile.sizes) / total_rows
    if profile.chains:
        size_selectivity *= sum(stats.chain.get(chain, 0) for chain in profile.chains) / total_rows
    narrow = {
        name: estimates[name]
        for name in ("sbi", "tag")
        if name in estimates and estimates[name] <= max(CHILD_DRIVE_MAX, CHILD_DRIVE_SHARE * total_rows)
    }
    # Child rows carry size and chain themselves; from the entries every sector or specialism
    # would be a probe into a child table. So the size index leads only without such a filter.
    if not narrow and (profile.sizes or profile.chains) and total_rows * size_selectivity <= SIZE_DRIVE_MAX:
        # Rare size classes: start from the size index and check the distance in Python.
        narrow["size"] = total_rows * size_selectivity
    driver = min(narrow, key=narrow.get) if narrow else "entry"
    band_order = area_order
    # The bands already keep to the radius, so block queries carry one short list of areas
    # instead of the radius's long one; the count reads the radius run by run.
    # Block queries read only indexed columns (PostgreSQL answers them from the index alone);
    # specialisms are looked up afterwards for the rows found, when they count.
    columns = (None, "pc4", "mask_pair")
    if driver == "entry":
        filtered, id_field = with_child_filters(base), "pk"
    elif driver == "size":
        filtered, id_field = with_child_filters(base), "pk"
        band_order = None
    else:
        filtered = sbi_rows if driver == "sbi" else tag_rows
        id_field = "entry_id"
        if profile.sizes:
            filtered = filtered.filter(size_class__in=sorted(profile.sizes))
        if profile.chains:
            filtered = filtered.filter(chain__in=sorted(profile.chains))
        for name, rows in (("sbi", sbi_rows), ("tag", tag_rows)):
            if rows is not None and name != driver:
                filtered = filtered.filter(Exists(rows.filter(entry_id=OuterRef("entry_id"))))
    columns = (id_field, *columns[1:])
    needs_distinct = _child_repeats(profile, driver)
    if rings:
        filtered = filtered.exclude(**{f"{id_field}__in": list(rings)})
    selectivity = size_selectivity
    for name in ("sbi", "tag"):
        if name in estimates:
            selectivity *= min(1.0, estimates[name] / total_rows)

    levels = levels_for(profile, stats)
    band_population = estimates["geo"] if radius is not None else sum(stats.pc4.values())
    population_before = [0]  # rows in band_order[:i], extended only as far as the bands reach

    def remaining_population(start: int) -> int:
        while len(population_before) <= start:
            population_before.append(population_before[-1] + stats.pc4.get(band_order[len(population_before) - 1], 0))
        return band_population - population_before[start]

    # Without a distance a block's rows score alike, so its first rows by id are its best; so too
    # with one wanted specialism read from that specialism's own rows (every row has it).
    constant_blocks = distances is None and (
        not profile.specialisms or (driver == "tag" and len(profile.specialisms) == 1)
    )
    id_bounds = cache(entry_id_bounds)  # read once per search, by the first block that needs them
    counter = itertools.count()
    queue = []

    def band(level_index: int, start: int):
        """The next band of postcode areas for a level, sized to hold about ``BAND_MIN_ROWS`` matches
        (or three times ``want``)."""
        if band_order is None:
            # One block per level; the nearest row may be at 0 km.
            return ("all", 0.0 if distances is not None else None, 1) if start == 0 else None
        if start >= len(band_order):
            return None
        _value, _level, fraction = levels[level_index]
        density = max(fraction * selectivity, 1e-9)
        target = max(want * 3, BAND_MIN_ROWS) / density
        end, population = start, 0
        while end < len(band_order) and (population < target or end == start):
            population += stats.pc4.get(band_order[end], 0)
            end += 1
        if population >= remaining_population(start) * 0.5:
            # Most of what is left: one last band, without a long list of areas.
            return ("rest", distances.km[band_order[start]], len(band_order))
        return (band_order[start:end], distances.km[band_order[start]], end)

    whole_levels = _rare_levels(profile, stats, levels, size_selectivity)

    def push(level_index: int, start: int):
        if level_index in whole_levels:
            if start:
                return
            nearest = 0.0 if distances is not None else None  # the searcher's own area
            next_band = ("level", nearest, None)
        else:
            next_band = band(level_index, start)
        if next_band is None:
            return
        areas, min_km, end = next_band
        value = levels[level_index][0]
        upper = value + matching.distance_points(min_km, profile.radius_km)
        upper += profile.max_bonus
        heapq.heappush(queue, (-upper, next(counter), level_index, areas, start, end))

    for index in range(len(levels)):
        push(index, 0)
    blocks = 0
    while queue:
        negative_upper, _seq, level_index, areas, start, end = heapq.heappop(queue)
        kth = best.kth_score()
        if kth is not None and -negative_upper < kth - 1e-6:  # scores are rounded to 6 decimals
            break
        blocks += 1
        _value, level, _fraction = levels[level_index]
        if areas == "level":
            # Read the whole level through the offers/needs index; score every row of it.
            qs = with_child_filters(base).filter(mask_pair__one_of=whole_levels[level_index])
            if radius is not None:
                qs = qs.filter(pc4__one_of=radius)
            if rings:
                qs = qs.exclude(pk__in=list(rings))
            consider(_with_specialisms(list(qs.values_list("pk", "pc4", "mask_pair")), profile))
            best.trim()
            continue
        qs = filtered if level is None else level_filter(filtered, profile, level)
        if areas == "rest":
            if radius is not None:
                qs = qs.filter(pc4__one_of=band_order[start:])
            elif start:
                qs = qs.exclude(pc4__one_of=band_order[:start])
        elif areas != "all":
            qs = qs.filter(pc4__one_of=areas)
        rows = qs.values_list(*columns)
        # An entry with two codes in the wanted range comes twice; scoring keeps it once, but
        # the lowest ids have to be distinct ones.
        if needs_distinct and constant_blocks:
            rows = rows.distinct().order_by(id_field)[:want]
        elif constant_blocks:
            rows = first_by_id(
                rows,
                id_field=id_field,
                bounds=id_bounds(),
                want=want,
                density=max(levels[level_index][2] * selectivity, 1e-6),
            )
        consider(_with_specialisms(list(rows), profile, driver=driver))
        best.trim()
        push(level_index, end)
    counting = [name for name in ("sbi", "tag") if name in estimates]
    if counting:
        # Counted on the narrower child table: with a radius its postcode-first index reads
        # only the rows inside it, where a semi-join from the entries would read the whole sector.
        drive = min(counting, key=estimates.get)
        counted, count_field = child_query(drive, within_radius=False), "entry_id"
    else:
        drive, counted, count_field = "entry", with_child_filters(base), "pk"
    if rings:
        counted = counted.exclude(**{f"{count_field}__in": list(rings)})
    total = _count_capped(counted, count_field, radius, stats, selectivity, distinct=_child_repeats(profile, drive)) + (
        len(rings) and _ring_total(geo, rings, with_child_filters)
    )
    return _page(profile, best, min(total, TOTAL_CAP), f"blocks-{driver}:{blocks}", limit, offset, rings, distances)


def _child_repeats(profile: matching.Profile, drive: str) -> bool:
    """Whether one entry can match several child rows: one specialism, or one full SBI code,
    occurs at most once per entry (unique constraints), and then needs no DISTINCT."""
    if drive == "tag":
        return len(profile.specialisms) > 1
    if drive == "sbi":
        return not (len(profile.sbi) == 1 and len(profile.sbi[0]) == 5)
    return False


def _child_filtered(rows, profile: matching.Profile, radius):
    if profile.sizes:
        rows = rows.filter(size_class__in=sorted(profile.sizes))
    if profile.chains:
        rows = rows.filter(chain__in=sorted(profile.chains))
    if radius is not None:
        rows = rows.filter(pc4__one_of=radius)
    return rows


def _count_capped(rows, id_field: str, radius, stats: Stats, selectivity: float, *, distinct: bool) -> int:
    """How many entries match, up to ``TOTAL_CAP``.

    Within a radius the areas are counted from the nearest outwards, in runs that should hold
    the rest of the cap by the statistics: PostgreSQL plans ``pc4 = ANY(...)`` area by area
    (about 2 ms for 700 areas), and the nearest few areas usually hold the cap already. An
    entry lies in one area, so the counts of the runs add up.
    """
    if radius is None:
        return count_upto(rows, id_field, TOTAL_CAP, distinct=distinct)
    total, start = 0, 0
    while start < len(radius) and total < TOTAL_CAP:
        wanted_rows = (TOTAL_CAP - total) * 2 / max(selectivity, 1e-6)
        end, population = start, 0
        while end < len(radius) and (population < wanted_rows or end == start):
            population += stats.pc4.get(radius[end], 0)
            end += 1
        run = rows.filter(pc4__one_of=radius[start:end])
        total += count_upto(run, id_field, TOTAL_CAP - total, distinct=distinct)
        start = end
    return total


def _rare_levels(profile: matching.Profile, stats: Stats, levels, size_selectivity: float) -> dict[int, list[int]]:
    """The levels few enough rows fall into to read whole: level index -> its offers/needs pairs.

    Such a level would otherwise need bands over much of the country to hold enough rows.
    """
    rare = {}
    for index, (_value, level, fraction) in enumerate(levels):
        if level is None or fraction * stats.total * size_selectivity > LEVEL_FETCH_MAX:
            continue
        a, b = level
        offered = [mask for mask in stats.offers_marginal if (mask & profile.needs).bit_count() == a]
        needed = [mask for mask in stats.needs_marginal if (mask & profile.offers).bit_count() == b]
        if len(offered) * len(needed) > LEVEL_FETCH_PAIRS:
            continue
        pairs = [
            pair for offers in offered for needs in needed if (pair := matching.pair_of(offers, needs)) in stats.mask
        ]
        rare[index] = sorted(pairs)
    return rare


def _with_specialisms(rows: list[tuple], profile: matching.Profile, driver: str = "entry") -> list[tuple]:
    """Block rows come from an index without the entry's specialisms; add them when they count."""
    if not profile.specialisms:
        return [(*row, "") for row in rows]
    if driver == "tag" and len(profile.specialisms) == 1:
        # Read from the rows of the one wanted specialism: every row has it.
        (tag,) = profile.specialisms
        return [(*row, tag) for row in rows]
    tags = dict(DirectoryEntry.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "specialisms"))
    return [(*row, tags[row[0]]) for row in rows]


def _ring_total(geo, rings, with_child_filters) -> int:
    return with_child_filters(geo.filter(pk__in=list(rings))).count()


def _page(profile, best: _Best, total, strategy, limit, offset, rings, distances) -> Page:
    ranked = best.ranked()[offset : offset + limit]
    ids = [item[1] for item in ranked]
    entries = DirectoryEntry.objects.select_related("organisation").in_bulk(ids)
    results = [
        result_for(entries[row_id], profile, score=value, km=km, rings=rings) for _key, row_id, value, km in ranked
    ]
    return Page(total=total, results=results, strategy=strategy, limit=limit, offset=offset)
