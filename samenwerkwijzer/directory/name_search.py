"""Search by name, alone or with the profile filters (docs/directory-search.md, "Search by name").

Which rows: those in which the most of the query's words score (in the name or a trade name; a
word "scores" when ``names.score`` gives it points: the whole word, the start of a word, or one
typo away). When some rows hold every word, only those; when none does, those that hold all but
one; and so on. Order: the name score (``names.score``, the best single name), then the profile
score (``matching``), then the distance, then the row id. The profile's filters (sector,
specialism, size, chain, radius, ring) filter here as in the profile search.

The text index pre-selects (``name_index``): for every query word exactly the rows in which it
scores; "at least m of the n words" is the OR of the ANDs of every m of them. The search reads the
rows with every word, or when there are none those with one fewer, and so on:

A. without a profile that orders (no postcode, offers/needs or specialisms) equal name scores go
   by id: the highest score any row can reach follows from the dictionary (each word as a whole
   word, else as the start of a word, else with a typo), and only rows holding each word's best
   terms reach it; those are read in id order until a page of them reaches it;
B. otherwise up to ``READ_CAP`` rows of the level at once: when that is all of them, all are scored;
C. else every row of the level is read, in id windows of ``READ_CAP``, and scored.

So the page is the same as scoring every row of the directory (tests check this against
``scan``, which does exactly that).
"""

from __future__ import annotations

import heapq

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef
from django.db.models.expressions import RawSQL

from . import matching, name_index, names
from .geo import distances_from
from .models import DirectoryEntry, DirectorySbi, DirectorySpecialism
from .planning import load_stats, sbi_q
from .results import Page, result_for

READ_CAP = 5000  # rows read per query; more are read in further id windows
TOTAL_CAP = 1000


def _matching(qs, groups: list[list[name_index.Term]], level: int, *, by_text: bool = False):
    """Only rows in which at least ``level`` of the query words score (the text index decides, or
    with ``by_text`` each row's own name text: the same rows, see ``_profile_first``)."""
    sql, params = (name_index.text_condition if by_text else name_index.condition)(groups, level)
    return qs.filter(RawSQL(sql, params, BooleanField()))  # noqa: S611 (constant SQL; the terms are parameters)


PROFILE_FIRST_UP_TO = 40_000  # rows the profile's filters may leave for reading them first (SQLite)


def _profile_first(profile: matching.Profile, radius, groups, level: int) -> bool:
    """SQLite: read the rows the profile's radius and sector leave (through their own indexes) and
    test the words on each row's name text, rather than every row the text index holds for the
    words, when the filters leave fewer rows than the words: "holding" within 5 km of Amstelveen is
    8,000 rows by postcode against 189,000 by name at 4M (docs/directory-search.md). The rows
    compared are the same either way, so the page is too. The words' count is taken up to the
    filters' estimate only (the text index counts 10 million rows a second)."""
    if connection.vendor != "sqlite" or (radius is None and not profile.sbi):
        return False
    stats = load_stats()
    estimate = sum(stats.pc4.get(pc4, 0) for pc4 in radius) if radius is not None else stats.total
    if profile.sbi:
        in_sector = sum(count for code, count in stats.sbi.items() if code.startswith(tuple(profile.sbi)))
        estimate = min(estimate, estimate * in_sector / max(1, stats.total))
    if estimate > PROFILE_FIRST_UP_TO:
        return False
    return name_index.count_unfiltered(groups, level, int(estimate) + 1) > estimate


class Ranking:
    """The best ``want`` rows seen, by (name score desc, profile score desc, distance, id)."""

    def __init__(self, query: names.NameQuery, profile: matching.Profile, scorer, rings, want: int, level: int):
        self.query, self.profile, self.scorer, self.rings, self.want = query, profile, scorer, rings, want
        self.level = level  # how many query words must score (in any of the names)
        self.items: dict[int, tuple] = {}

    def consider(self, rows) -> None:
        for row_id, pc4, mask_pair, specialisms, text in rows:
            if row_id in self.items:
                continue
            if self.level <= 0 or names.words_found(self.query.words, text) < self.level:
                continue
            name_points = names.score(self.query.words, text).score
            km = self.scorer.km(pc4)
            value = self.scorer(
                mask_pair=mask_pair,
                pc4=pc4,
                specialisms=specialisms.split(";") if specialisms else (),
                ring=self.rings[row_id][0] if row_id in self.rings else None,
            )
            self.items[row_id] = (-name_points, *matching.order_key(value, km, row_id), name_points, km)
        if len(self.items) > 4 * self.want:
            kept = heapq.nsmallest(self.want, self.items.values())
            self.items = {item[3]: item for item in kept}

    def ranked(self) -> list[tuple]:
        return heapq.nsmallest(self.want, self.items.values())


COLUMNS = ("id", "pc4", "mask_pair", "specialisms", "name_search")


def _read_all(qs, ranking: Ranking) -> None:
    """Every row of ``qs``, in id windows of ``READ_CAP``."""
    after = -1
    while True:
        rows = list(qs.filter(pk__gt=after).order_by("pk").values_list(*COLUMNS)[:READ_CAP])
        ranking.consider(rows)
        if len(rows) < READ_CAP:
            return
        after = rows[-1][0]


def filtered(profile: matching.Profile, rings: dict, radius, *, sector_rows_first: bool = False):
    """The entries the profile's filters leave (the name is not looked at here). With
    ``sector_rows_first`` the sector is asked as the ids of its SBI rows within the radius (their
    own index on postcode and code) instead of a check per entry: for reading the filters first."""
    qs = DirectoryEntry.objects.all()
    if profile.sizes:
        qs = qs.filter(size_class__in=sorted(profile.sizes))
    if profile.chains:
        qs = qs.filter(chain__in=sorted(profile.chains))
    if radius is not None and not (profile.sbi and sector_rows_first):
        qs = qs.filter(pc4__one_of=radius)  # (else the sector's rows keep to it: they carry the entry's postcode)
    if profile.sbi and sector_rows_first:
        sector = DirectorySbi.objects.filter(sbi_q(profile.sbi))
        if radius is not None:
            sector = sector.filter(pc4__one_of=radius)
        qs = qs.filter(pk__in=sector.values("entry_id"))
    elif profile.sbi:
        qs = qs.filter(Exists(DirectorySbi.objects.filter(sbi_q(profile.sbi), entry_id=OuterRef("pk"))))
    if profile.specialisms:
        qs = qs.filter(
            Exists(DirectorySpecialism.objects.filter(tag__in=sorted(profile.specialisms), entry_id=OuterRef("pk")))
        )
    if profile.ring:
        qs = qs.filter(pk__in=[entry_id for entry_id, (ring, _via) in rings.items() if ring == profile.ring])
    return qs


def run(query: names.NameQuery, profile: matching.Profile, *, limit: int, offset: int, rings: dict) -> Page:
    want = offset + limit
    distances = distances_from(profile.pc4) if profile.pc4 else None
    radius = distances.nearest(profile.max_km) if distances is not None and profile.max_km is not None else None
    base = filtered(profile, rings, radius)
    scorer = matching.Scorer(profile, distances.km if distances is not None else None)
    typos = name_index.typo_words(query.words)
    groups = name_index.whole_words([name_index.word_terms(word, typos[word]) for word in query.words])
    ordering_profile = bool(profile.pc4 or profile.needs or profile.offers or profile.specialisms)
    if not ordering_profile:
        best = name_index.best_terms(query.words, typos)
        top = name_index.whole_words([best[word][1] for word in query.words if best[word][0] > 0])
        highest = round(100 * sum(best[word][0] for word in query.words) / len(query.words), 1)
        ranking = Ranking(query, profile, scorer, rings, want, len(top))
        if top and _first_best(base, query, rings, ranking, top, highest):
            unfiltered = not (profile.sizes or profile.chains or radius or profile.sbi or profile.ring)
            total = name_index.count_unfiltered(groups, len(top), TOTAL_CAP) if unfiltered else None
            if total is None:
                with name_index.through_the_text_index():
                    total = _matching(base, groups, len(top)).order_by().values("pk")[:TOTAL_CAP].count()
            return _page(query, profile, ranking, total, "name-best", limit, offset, rings)
    for level in range(len(groups), 0, -1):
        strategy = f"name-level-{level}"
        if _profile_first(profile, radius, groups, level):
            rows = _matching(filtered(profile, rings, radius, sector_rows_first=True), groups, level, by_text=True)
            strategy += "-filters-first"
        else:
            rows = _matching(base, groups, level)
        first = list(rows.order_by("pk").values_list(*COLUMNS)[:READ_CAP])
        if not first:
            continue  # no row holds this many of the words: one fewer
        ranking = Ranking(query, profile, scorer, rings, want, level)
        if len(first) < READ_CAP:  # the whole level
            ranking.consider(first)
            total = min(len(first), TOTAL_CAP)
            return _page(query, profile, ranking, total, strategy, limit, offset, rings)
        total = min(TOTAL_CAP, READ_CAP)
        ranking.consider(first)
        _read_all(rows.filter(pk__gt=first[-1][0]), ranking)
        return _page(query, profile, ranking, total, strategy, limit, offset, rings)
    return _page(query, profile, Ranking(query, profile, scorer, rings, want, 0), 0, "name-none", limit, offset, rings)


def _first_best(base, query: names.NameQuery, rings: dict, ranking: Ranking, top, highest: float) -> bool:
    """Without a profile that orders, equal name scores go by the ring bonus, then the id. The
    highest name score any row can reach is known from the dictionary (``name_index.best_terms``),
    and a row reaches it only through each word's best terms: the ring's rows and the first rows
    by id that reach it are the page, when there are enough of them."""
    best_rows = _matching(base, top, len(top))
    if rings:
        ranking.consider(best_rows.filter(pk__in=list(rings)).values_list(*COLUMNS))
    after, found, size = -1, 0, 2 * ranking.want  # windows grow: usually the first one holds the page
    while found < ranking.want:
        window = list(best_rows.filter(pk__gt=after).order_by("pk").values_list(*COLUMNS)[:size])
        for row in window:
            if names.score(query.words, row[4]).score == highest:
                found += 1
                ranking.consider([row])
                if found == ranking.want:
                    break
        if len(window) < size:
            break
        after, size = window[-1][0], min(READ_CAP, size * 4)
    return found >= ranking.want


def _page(query, profile, ranking: Ranking, total, strategy, limit, offset, rings) -> Page:
    ranked = ranking.ranked()[offset : offset + limit]
    entries = DirectoryEntry.objects.select_related("organisation").in_bulk([item[3] for item in ranked])
    results = []
    for item in ranked:
        row_id, name_points, km = item[3], item[-2], item[-1]
        entry = entries[row_id]
        shown, match = names.best_name(query.words, [entry.name, *entry.trade_name_list])
        found = {"found": match.exact + match.prefix + match.typo, "typo": match.typo, "total": match.total}
        reason = matching.Reason("name", {"name": shown, "trade_name": shown != entry.name, **found})
        result = result_for(entry, profile, score=name_points, km=km, rings=rings, first_reasons=[reason])
        result.profile_score = round(-item[1], 1)
        results.append(result)
    return Page(total=total, results=results, strategy=strategy, limit=limit, offset=offset)


def scan(query: names.NameQuery, profile: matching.Profile, *, want: int, rings: dict) -> list[tuple[int, float]]:
    """The brute-force answer for tests and the benchmark: score every row the filters leave."""
    distances = distances_from(profile.pc4) if profile.pc4 else None
    radius = distances.nearest(profile.max_km) if distances is not None and profile.max_km is not None else None
    scorer = matching.Scorer(profile, distances.km if distances is not None else None)
    every_row = list(filtered(profile, rings, radius).values_list(*COLUMNS).iterator(chunk_size=5000))
    level = max((names.words_found(query.words, row[4]) for row in every_row), default=0)
    ranking = Ranking(query, profile, scorer, rings, want, level)
    ranking.consider(every_row)
    return [(item[3], item[-2]) for item in ranking.ranked()]
