"""Search by name, alone or with the profile filters (docs/directory-search.md, "Search by name").

Order: the name score (``names.score``) first, then the profile score (``matching``), then the
distance, then the row id. The profile's filters (sector, specialism, size, chain, radius, ring)
are filters here as in the profile search.

The text index pre-selects (``name_index``): for every query word the rows in which that word
scores more than 0, exactly. The search reads, from the best possible name score down:

A. rows that hold every query word as a whole word (name score 100, the maximum): when they fill
   the page, nothing else can come before them;
B. rows in which every query word scores (AND): each scores at least 60, while a row in which
   some word does not score gets at most 100 * (n - 1) / n; when the page's last row of B scores
   more than that, the page is complete;
C. otherwise every row in which any word scores (OR).

Each step reads its rows whole (at most ``READ_CAP`` at a time, in id order) and scores them in
Python, so the answer is the same as scoring every row of the directory (the tests check this
against a full scan).
"""

from __future__ import annotations

import heapq

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef
from django.db.models.expressions import RawSQL

from . import matching, name_index, names
from .models import DirectoryEntry, DirectorySbi, DirectorySpecialism
from .results import Page, Result

READ_CAP = 5000  # rows read per query; more are read in further id windows
TOTAL_CAP = 1000


def _with_name(qs, groups: list[list[str]], *, every: bool):
    """Only rows that hold, per group, any of its substrings (every group, or any group)."""
    if connection.vendor == "sqlite":
        return qs.filter(
            pk__in=RawSQL(  # noqa: S611 (constant table names; the expression is a parameter)
                f"SELECT rowid FROM {name_index.FTS_TABLE} WHERE {name_index.FTS_TABLE} MATCH %s",  # noqa: S608
                [name_index.fts_expression(groups, every=every)],
            )
        )
    column = f'"{name_index.ENTRY_TABLE}"."name_search"'
    clauses = ["(" + " OR ".join([f"{column} LIKE %s"] * len(group)) + ")" for group in groups]
    sql = (" AND " if every else " OR ").join(clauses)
    patterns = [f"%{pattern}%" for group in groups for pattern in group]
    return qs.filter(RawSQL(sql, patterns, BooleanField()))  # noqa: S611 (constant SQL; the patterns are parameters)


class _Ranking:
    """The best ``want`` rows seen, by (name score desc, profile score desc, distance, id)."""

    def __init__(self, query: names.NameQuery, profile: matching.Profile, scorer, rings, want: int):
        self.query, self.profile, self.scorer, self.rings, self.want = query, profile, scorer, rings, want
        self.items: dict[int, tuple] = {}

    def consider(self, rows) -> None:
        for row_id, pc4, mask_pair, specialisms, text in rows:
            if row_id in self.items:
                continue
            name_points = names.score(self.query.words, text).score
            if name_points <= 0:
                continue
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

    def last_name_score(self) -> float | None:
        ranked = self.ranked()
        return ranked[-1][-2] if len(ranked) >= self.want else None


COLUMNS = ("id", "pc4", "mask_pair", "specialisms", "name_search")


def _read_all(qs, ranking: _Ranking) -> None:
    """Every row of ``qs``, in id windows of ``READ_CAP``."""
    after = 0
    while True:
        rows = list(qs.filter(pk__gt=after).order_by("pk").values_list(*COLUMNS)[:READ_CAP])
        ranking.consider(rows)
        if len(rows) < READ_CAP:
            return
        after = rows[-1][0]


def _count(qs) -> int:
    return qs.order_by().values("pk")[:TOTAL_CAP].count()


def filtered(profile: matching.Profile, rings: dict, radius):
    """The entries the profile's filters leave (the name is not looked at here)."""
    from .search import sbi_q

    qs = DirectoryEntry.objects.all()
    if profile.sizes:
        qs = qs.filter(size_class__in=sorted(profile.sizes))
    if profile.chains:
        qs = qs.filter(chain__in=sorted(profile.chains))
    if radius is not None:
        qs = qs.filter(pc4__one_of=radius)
    if profile.sbi:
        qs = qs.filter(Exists(DirectorySbi.objects.filter(sbi_q(profile.sbi), entry_id=OuterRef("pk"))))
    if profile.specialisms:
        qs = qs.filter(
            Exists(DirectorySpecialism.objects.filter(tag__in=sorted(profile.specialisms), entry_id=OuterRef("pk")))
        )
    if profile.ring:
        qs = qs.filter(pk__in=[entry_id for entry_id, (ring, _via) in rings.items() if ring == profile.ring])
    return qs


def run(query: names.NameQuery, profile: matching.Profile, *, limit: int, offset: int, rings: dict) -> Page:
    from .search import distances_from

    want = offset + limit
    distances = distances_from(profile.pc4) if profile.pc4 else None
    radius = distances.nearest(profile.max_km) if distances is not None and profile.max_km is not None else None
    base = filtered(profile, rings, radius)
    scorer = matching.Scorer(profile, distances.km if distances is not None else None)
    ranking = _Ranking(query, profile, scorer, rings, want)
    typos = name_index.typo_words(query.words)
    groups = [name_index.word_patterns(word, typos[word]) for word in query.words]
    whole_words = [[f" {word} "] for word in query.words]
    total = _count(_with_name(base, groups, every=False))
    profile_scores = bool(profile.pc4 or profile.needs or profile.offers or profile.specialisms or rings)

    # A. Every word as a whole word: the highest name score there is.
    exact = _with_name(base, whole_words, every=True)
    if not profile_scores:
        # Among equal scores the lowest ids come first: the first ``want`` of them are the page.
        rows = list(exact.order_by("pk").values_list(*COLUMNS)[:want])
        ranking.consider(rows)
        if len(rows) == want:
            return _page(query, profile, ranking, total, "name-exact", limit, offset, rings)
    else:
        _read_all(exact, ranking)
        if len(ranking.items) >= want:
            return _page(query, profile, ranking, total, "name-exact", limit, offset, rings)
    # B. Every word scores: at least 60 each; a row missing a word gets at most (n - 1) / n.
    _read_all(_with_name(base, groups, every=True), ranking)
    bound = 100 * (len(query.words) - 1) / len(query.words)
    last = ranking.last_name_score()
    if last is not None and last > bound:
        return _page(query, profile, ranking, total, "name-every", limit, offset, rings)
    # C. Any word scores.
    if len(query.words) > 1:
        _read_all(_with_name(base, groups, every=False), ranking)
    return _page(query, profile, ranking, total, "name-any", limit, offset, rings)


def _page(query, profile, ranking: _Ranking, total, strategy, limit, offset, rings) -> Page:
    ranked = ranking.ranked()[offset : offset + limit]
    entries = DirectoryEntry.objects.select_related("organisation").in_bulk([item[3] for item in ranked])
    results = []
    for item in ranked:
        row_id, name_points, km = item[3], item[-2], item[-1]
        value = -item[1]
        entry = entries[row_id]
        ring, via = rings.get(row_id, (None, []))
        shown, match = names.best_name(query.words, [entry.name, *entry.trade_name_list])
        reasons = [
            matching.Reason(
                "name",
                {
                    "name": shown,
                    "trade_name": shown != entry.name,
                    "found": match.exact + match.prefix + match.typo,
                    "typo": match.typo,
                    "total": match.total,
                },
            ),
            *matching.explain(
                profile,
                mask_pair=entry.mask_pair,
                km=km,
                sbi_codes=entry.sbi_list,
                size=entry.size_class,
                chain=entry.chain,
                specialisms=entry.specialism_list,
                ring=ring,
                via=via,
            ),
        ]
        results.append(
            Result(
                entry_id=row_id,
                kvk_number=entry.kvk_number,
                name=entry.name,
                score=name_points,
                distance_km=round(km, 1) if km is not None else None,
                reasons=reasons,
                ring=ring,
                via=via,
                entry=entry,
                profile_score=round(value, 1),
            )
        )
    return Page(total=total, results=results, strategy=strategy, limit=limit, offset=offset)


def scan(query: names.NameQuery, profile: matching.Profile, *, want: int, rings: dict) -> list[tuple[int, float]]:
    """The brute-force answer for tests and the benchmark: score every row the filters leave."""
    from .search import distances_from

    distances = distances_from(profile.pc4) if profile.pc4 else None
    radius = distances.nearest(profile.max_km) if distances is not None and profile.max_km is not None else None
    scorer = matching.Scorer(profile, distances.km if distances is not None else None)
    ranking = _Ranking(query, profile, scorer, rings, want)
    _read_all(filtered(profile, rings, radius), ranking)
    return [(item[3], item[-2]) for item in ranking.ranked()]
