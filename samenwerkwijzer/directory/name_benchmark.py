"""The name search measured on a loaded directory (``manage.py directory_benchmark --names``).

Queries are drawn from names that are in the directory (``trade_names.name_queries``: one typo, a
dropped word, swapped order, lost accents, an abbreviation, or exact), alone and combined with a
profile's filters (postcode, radius, sector). Two baselines answer a fixed sample of them:

- **Python**: every row the filters leave scored with ``names.score`` (``name_search.scan``); the
  pages must be identical;
- **SQL**: what a developer writes first: one statement that computes the name score in the
  database (a ``CASE`` per query word over the same ``LIKE`` patterns, the whole name text) and
  orders by it with ``LIMIT``, over the same data and indexes. It does not take the best of an
  entry's names apart, so only its speed is compared.
"""

from __future__ import annotations

import random
import statistics
import time

from django.db import connection

from . import matching, name_index, name_search, names, search, trade_names
from .models import DirectoryEntry


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def draw_names(rng: random.Random, count: int) -> list[str]:
    """``count`` names (statutory or trade) of random entries."""
    low = DirectoryEntry.objects.order_by("pk").values_list("pk", flat=True).first()
    high = DirectoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    found: list[str] = []
    while len(found) < count and low is not None:
        entry = DirectoryEntry.objects.filter(pk__gte=rng.randint(low, high)).order_by("pk").first()
        if entry is not None:
            found.append(rng.choice([entry.name, *entry.trade_name_list]))
    return found


def workload(count: int, *, seed: int = 21, mix: str = "benchmark", combined: bool = False):
    """(query, kind, profile, offset) for ``count`` searches."""
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
    texts = trade_names.name_queries(rng, draw_names(rng, count), count, mix=mix)
    profiles = [profile for profile, _offset in search_profiles(count, seed)] if combined else None
    work = []
    for index, (text, kind) in enumerate(texts):
        query, problem = names.parse_query(text)
        if problem:
            continue
        profile = matching.Profile()
        if profiles is not None:
            base = profiles[index]
            profile = matching.Profile(pc4=base.pc4, max_km=base.max_km, sbi=base.sbi)
        work.append((query, kind, profile, 0))
    return work


def search_profiles(count: int, seed: int):
    from .benchmark import Generator

    return Generator(seed=seed).profiles(count)


def sql_baseline(query: names.NameQuery, profile: matching.Profile, want: int) -> list[tuple[int, float]]:
    """One statement: the score computed in the database, ordered by it, ``LIMIT``."""
    typos = name_index.typo_words(query.words)
    cases, case_params, where, where_params = [], [], [], []
    for word in query.words:
        typo_patterns = [f"% {typo} %" for typo in typos[word]]
        typo_sql = " OR ".join(["name_search LIKE %s"] * len(typo_patterns)) or "FALSE"
        cases.append(
            "(CASE WHEN name_search LIKE %s THEN 1.0 WHEN name_search LIKE %s THEN 0.8 "
            f"WHEN {typo_sql} THEN 0.6 ELSE 0 END)"
        )
        case_params += [f"% {word} %", f"% {word}%", *typo_patterns]
        where.append(f"name_search LIKE %s{' OR ' if typo_patterns else ''}{typo_sql if typo_patterns else ''}")
        where_params += [f"% {word}%", *typo_patterns]
    score_sql = f"ROUND(100 * ({' + '.join(cases)}) / {len(query.words)}, 1)"
    filters, filter_params = "", []
    if profile.pc4 and profile.max_km is not None:
        areas = search.distances_from(profile.pc4).nearest(profile.max_km)
        filters = f" AND pc4 IN ({', '.join(['%s'] * len(areas))})" if areas else " AND FALSE"
        filter_params = list(areas)
    sql = (
        f"SELECT id, {score_sql} AS score FROM {name_index.ENTRY_TABLE} "  # noqa: S608 (constant names; values are parameters)
        f"WHERE ({' OR '.join(f'({clause})' for clause in where)}){filters} ORDER BY score DESC, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*case_params, *where_params, *filter_params, want])
        return [(row_id, float(value)) for row_id, value in cursor.fetchall()]


def measure(count: int = 200, *, passes: int = 3, baseline_sample: int = 50, combined: bool = False, mix="benchmark"):
    work = workload(count, mix=mix, combined=combined)
    for query, _kind, profile, offset in work[:10]:  # warm the connection and the statistics
        search.run(profile, limit=20, offset=offset, rings={}, name=query)
    runs: list[list[float]] = [[] for _item in work]
    pages = []
    for pass_index in range(passes):
        search.distances_from.cache_clear()
        for index, (query, _kind, profile, offset) in enumerate(work):
            started = time.perf_counter()
            page = search.run(profile, limit=20, offset=offset, rings={}, name=query)
            runs[index].append((time.perf_counter() - started) * 1000)
            if pass_index == 0:
                pages.append(page)
    timings = [statistics.median(ms) for ms in runs]
    result = {
        "queries": len(work),
        "p50_ms": round(percentile(timings, 0.50), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "strategies": dict(sorted(_count(page.strategy for page in pages).items())),
    }
    if baseline_sample:
        sample = list(range(0, len(work), max(1, len(work) // baseline_sample)))[:baseline_sample]
        python_ms, sql_ms, same = [], [], 0
        for index in sample:
            query, _kind, profile, offset = work[index]
            started = time.perf_counter()
            expected = name_search.scan(query, profile, want=offset + 20, rings={})[offset:]
            python_ms.append((time.perf_counter() - started) * 1000)
            same += expected == [(r.entry_id, r.score) for r in pages[index].results]
            started = time.perf_counter()
            sql_baseline(query, profile, offset + 20)
            sql_ms.append((time.perf_counter() - started) * 1000)
        ours = [timings[index] for index in sample]
        result.update(
            {
                "baseline_sample": len(sample),
                "python_p95_ms": round(percentile(python_ms, 0.95), 1),
                "sql_p95_ms": round(percentile(sql_ms, 0.95), 1),
                "faster_than_sql_p95": round(percentile(sql_ms, 0.95) / percentile(ours, 0.95), 1),
                "identical_results": f"{same}/{len(sample)}",
            }
        )
    return result


def _count(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
