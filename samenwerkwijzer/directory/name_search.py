"""Search by name, alone or with the profile filters (docs/directory-search.md, "Search by name").

Which rows: those in which the most of the query's words score (in the name or a trade name; a
word "scores" when ``names.score`` gives it points: the whole word, the start of a word, or one
typo away). When some rows hold every word, only those; when none does, those that hold all but
one; and so on. Order: the name score (``names.score``, the best single name), then the profile
score (``matching``), then the distance, then the row id. The profile's filters (sector,
specialism, size, chain, radius, ring) filter here as in the profile search.

The text index pre-selects (``name_index``): for every query word exactly the rows in which it
scores; "at least m of the n words" is the OR of the ANDs of every m of them. The search counts
the rows with every word (up to 1,000, the total), then with one fewer, until there are any; then

A. without a profile that orders (no postcode, offers/needs or specialisms) and with every word
   there: the rows holding every word as a whole word are read in id order until a page of them
   scores 100 in one name: nothing else can come before them;
B. otherwise every row of that level is read (in id windows of ``READ_CAP``) and scored in Python.

So the page is the same as scoring every row of the directory (tests check this against
``scan``, which does exactly that).
"""

from __future__ import annotations

import heapq
import itertools

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef
from django.db.models.expressions import RawSQL

from . import matching, name_index, names
from .models import DirectoryEntry, DirectorySbi, DirectorySpecialism
from .results import Page, Result

READ_CAP = 5000  # rows read per query; more are read in further id windows
TOTAL_CAP = 1000


def _with_fts(qs, expression: str):
    return qs.filter(
        pk__in=RawSQL(  # noqa: S611 (constant table names; the expression is a parameter)
            f"SELECT rowid FROM {name_index.FTS_TABLE} WHERE {name_index.FTS_TABLE} MATCH %s",  # noqa: S608
            [expression],
        )
    )


def _like_sql(groups: list[list[str]], *, every: bool) -> tuple[str, list[str]]:
    column = f'"{name_index.ENTRY_TABLE}"."name_search"'
    clauses = ["(" + " OR ".join([f"{column} LIKE %s"] * len(group)) + ")" for group in groups]
    return (" AND " if every else " OR ").join(clauses), [f"%{pattern}%" for group in groups for pattern in group]


def _with_name(qs, groups: list[list[str]], *, every: bool):
    """Only rows that hold, per group, any of its substrings (every group, or any group)."""
    if connection.vendor == "sqlite":
        return _with_fts(qs, name_index.fts_expression(groups, every=every))
    sql, params = _like_sql(groups, every=every)
    return qs.filter(RawSQL(sql, params, BooleanField()))  # noqa: S611 (constant SQL; the patterns are parameters)


class _Ranking:
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


def _level_groups(groups: list[list[str]], level: int) -> list[list[list[str]]]:
    """Every choice of ``level`` of the word groups."""
    return [list(chosen) for chosen in itertools.combinations(groups, level)]


def _with_level(qs, groups: list[list[str]], level: int):
    """Rows in which at least ``level`` of the words score."""
    choices = _level_groups(groups, level)
    if connection.vendor == "sqlite":
        expression = " OR ".join(f"({name_index.fts_expression(chosen, every=True)})" for chosen in choices)
        return _with_fts(qs, expression)
    sql_parts, params = [], []
    for chosen in choices:
        sql, chosen_params = _like_sql(chosen, every=True)
        sql_parts.append(f"({sql})")
        params += chosen_params
    return qs.filter(RawSQL(" OR ".join(sql_parts), params, BooleanField()))  # noqa: S611 (constant SQL; patterns are parameters)


def run(query: names.NameQuery, profile: matching.Profile, *, limit: int, offset: int, rings: dict) -> Page:
    from .search import distances_from

    want = offset + limit
    distances = distances_from(profile.pc4) if profile.pc4 else None
    radius = distances.nearest(profile.max_km) if distances is not None and profile.max_km is not None else None
    base = filtered(profile, rings, radius)
    scorer = matching.Scorer(profile, distances.km if distances is not None else None)
    typos = name_index.typo_words(query.words)
    groups = [name_index.word_patterns(word, typos[word]) for word in query.words]
    level, total, rows = len(groups), 0, base.none()
    while level > 0:
        rows = _with_level(base, groups, level)
        total = _count(rows)
        if total:
            break
        level -= 1
    ranking = _Ranking(query, profile, scorer, rings, want, level)
    if not total:
        return _page(query, profile, ranking, 0, "name-none", limit, offset, rings)
    ordering_profile = bool(profile.pc4 or profile.needs or profile.offers or profile.specialisms)
    if level == len(groups) and not ordering_profile:
        # A. Equal name scores go by the ring bonus, then the id: the ring's rows and the first
        # rows by id that score 100 in one name are the page, when there are enough of them.
        whole_words = _with_name(base, [[f" {word} "] for word in query.words], every=True)
        if rings:
            ranking.consider(whole_words.filter(pk__in=list(rings)).values_list(*COLUMNS))
        after, perfect = 0, 0
        while perfect < want:
            window = list(whole_words.filter(pk__gt=after).order_by("pk").values_list(*COLUMNS)[:READ_CAP])
            for row in window:
                if names.score(query.words, row[4]).score == 100:
                    perfect += 1
                    ranking.consider([row])
                    if perfect == want:
                        break
            if len(window) < READ_CAP:
                break
            after = window[-1][0]
        if perfect >= want:
            return _page(query, profile, ranking, total, "name-exact", limit, offset, rings)
    # B. Every row of the level, scored.
    _read_all(rows, ranking)
    return _page(query, profile, ranking, total, f"name-level-{level}", limit, offset, rings)


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
    every_row = list(filtered(profile, rings, radius).values_list(*COLUMNS).iterator(chunk_size=5000))
    level = max((names.words_found(query.words, row[4]) for row in every_row), default=0)
    ranking = _Ranking(query, profile, scorer, rings, want, level)
    ranking.consider(every_row)
    return [(item[3], item[-2]) for item in ranking.ranked()]
