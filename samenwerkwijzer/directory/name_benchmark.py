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

import hashlib
import json
import random
import resource
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from . import matching, name_index, name_search, names, search, trade_names
from .models import DirectoryEntry


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def draw_entries(rng: random.Random, count: int) -> list[DirectoryEntry]:
    """``count`` random entries."""
    low = DirectoryEntry.objects.order_by("pk").values_list("pk", flat=True).first()
    high = DirectoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    found: list[DirectoryEntry] = []
    while len(found) < count and low is not None:
        entry = DirectoryEntry.objects.filter(pk__gte=rng.randint(low, high)).order_by("pk").first()
        if entry is not None:
            found.append(entry)
    return found


def workload(count: int, *, seed: int = 21, mix: str = "benchmark", combined: bool = False):
    """(query, kind, profile, offset) for ``count`` searches. Combined: the name with filters a
    searcher who knows the company would set: a postcode near it (within 5-40 km), often its
    sector (the division of its first SBI code)."""
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
    entries = draw_entries(rng, count)
    chosen = [rng.choice([entry.name, *entry.trade_name_list]) for entry in entries]
    if mix == "benchmark":
        # Each query made from its own entry's name, the kinds in turn (the combined profile is that entry's).
        texts = []
        for index, name in enumerate(chosen):
            kind = trade_names.QUERY_KINDS[index % len(trade_names.QUERY_KINDS)]
            made = trade_names.QUERY_MAKERS[kind](rng, name)
            texts.append((made, kind) if made else (name, "exact"))
    else:
        texts = trade_names.name_queries(rng, chosen, count, mix=mix)
    work = []
    for index, (text, kind) in enumerate(texts):
        query, problem = names.parse_query(text)
        if problem:
            continue
        profile = matching.Profile()
        if combined:
            entry = entries[index % len(entries)]
            sbi = search.expand_sbi([entry.sbi_list[0][:2]]) if rng.random() < 0.6 else ()
            profile = matching.Profile(pc4=entry.pc4, max_km=float(rng.choice((5, 10, 25, 40))), sbi=sbi)
        work.append((query, kind, profile, 0))
    return work


def sql_baseline(query: names.NameQuery, profile: matching.Profile, want: int) -> list[tuple[int, float]]:
    """One statement: the rows in which any word scores (through the same text index), the score
    computed in the database with a ``CASE`` per word, ordered by it, ``LIMIT``."""
    typos = name_index.typo_words(query.words)
    groups = [name_index.word_terms(word, typos[word]) for word in query.words]
    cases, case_params = [], []
    for word in query.words:
        typo_patterns = [f"% {typo} %" for typo in typos[word]]
        typo_sql = " OR ".join(["name_search LIKE %s"] * len(typo_patterns)) or "1 = 0"
        cases.append(
            f"(CASE WHEN name_search LIKE %s THEN 1.0 WHEN name_search LIKE %s THEN 0.8 WHEN {typo_sql} THEN 0.6 ELSE 0 END)"
        )
        case_params += [f"% {word} %", f"% {word}%", *typo_patterns]
    score_sql = f"ROUND(100 * ({' + '.join(cases)}) / {len(query.words)}, 1)"
    where, where_params = name_index.condition(groups, 1)
    filters, filter_params = "", []
    if profile.pc4 and profile.max_km is not None:
        areas = search.distances_from(profile.pc4).nearest(profile.max_km)
        filters = f" AND pc4 IN ({', '.join(['%s'] * len(areas))})" if areas else " AND 1 = 0"
        filter_params = list(areas)
    sql = (
        f"SELECT id, {score_sql} AS score FROM {name_index.ENTRY_TABLE} "  # noqa: S608 (constant names; values are parameters)
        f"WHERE {where}{filters} ORDER BY score DESC, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*case_params, *where_params, *filter_params, want])
        return [(row_id, float(value)) for row_id, value in cursor.fetchall()]


def measure(
    count: int = 200,
    *,
    passes: int = 3,
    baseline_sample: int = 50,
    combined: bool = False,
    mix="benchmark",
    python_baseline: bool = True,
    baseline_store: Path | None = None,
):
    """Time ``count`` queries (median of ``passes``) and compare a sample with the baselines."""
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
        # The process's peak memory so far (before the baseline loads every row).
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if baseline_sample:
        sample = _sample(work, baseline_sample)
        result.update(
            baselines(work, {index: pages[index] for index in sample}, python=python_baseline, store=baseline_store)
        )
        ours = [timings[index] for index in sample]
        result["faster_than_sql_p95"] = round(result["sql_p95_ms"] / percentile(ours, 0.95), 1)
    return result


def python_check(
    count: int = 200, *, baseline_sample: int = 50, combined: bool = False, baseline_store: Path | None = None
) -> dict:
    """Only the Python baseline (nothing timed of our own search): our pages for the sample against
    the rows scored in memory, for a run whose searches were timed without it (``--python-baseline-only``)."""
    work = workload(count, combined=combined)
    pages = {}
    for index in _sample(work, baseline_sample):
        query, _kind, profile, offset = work[index]
        pages[index] = search.run(profile, limit=20, offset=offset, rings={}, name=query)
    return baselines(work, pages, python=True, sql=False, store=baseline_store)


def _sample(work, size: int) -> list[int]:
    return list(range(0, len(work), max(1, len(work) // size)))[:size]


def baselines(work, pages: dict, *, python: bool = True, sql: bool = True, store: Path | None = None) -> dict:
    """Answer the sampled queries (``pages``: our page per index of ``work``) with the baselines.

    The Python baseline runs in memory and does not depend on the database, and at 4M it takes
    about an hour per kind: with ``store`` (a JSON file next to the benchmark CSV) its pages (as
    KvK numbers and scores) and timings are kept, and a later run on the same data and queries,
    e.g. on the other database, compares its pages with them instead of scanning again.
    """
    sample = list(pages)
    python_ms, sql_ms, same = [], [], 0
    fingerprint = _fingerprint([work[index] for index in sample])
    stored = _stored_baseline(store, fingerprint) if python else None
    expected_pages = stored["pages"] if stored else []
    rows = load_rows() if python and not stored else []
    kvk_of = {row[0]: row[8] for row in rows}
    for position, index in enumerate(sample):
        query, _kind, profile, offset = work[index]
        got = [(r.entry_id, r.score) for r in pages[index].results]
        if stored:
            same += stored["pages"][position] == _as_kvk(got)
        elif python:
            started = time.perf_counter()
            expected = scan_rows(query, profile, rows, want=offset + 20)[offset:]
            python_ms.append((time.perf_counter() - started) * 1000)
            same += expected == got
            expected_pages.append([[kvk_of[row_id], value] for row_id, value in expected])
        if sql:
            started = time.perf_counter()
            sql_baseline(query, profile, offset + 20)
            sql_ms.append((time.perf_counter() - started) * 1000)
    del rows, kvk_of
    result: dict = {"baseline_sample": len(sample)}
    if stored:
        python_ms = stored["python_ms"]
        result["python_baseline_from"] = f"{stored['vendor']}, {stored['measured_at'][:10]}"
    elif python and store:
        _store_baseline(store, fingerprint, python_ms, expected_pages)
    if python:
        result["python_p95_ms"] = round(percentile(python_ms, 0.95), 1)
        result["identical_results"] = f"{same}/{len(sample)}"
    if sql:
        result["sql_p95_ms"] = round(percentile(sql_ms, 0.95), 1)
    return result


def write_change_file(path, size: int, count: int, *, seed: int = 31, source_csv=None) -> None:
    """``count`` KVK changes for a directory of ``size`` benchmark rows: 70 % changes of existing
    records, 20 % new registrations, 10 % deregistrations.

    With ``source_csv`` (the directory's own benchmark CSV) a change is what a KVK mutation mostly
    is, one thing about the company: a move (another postcode area, 35 %), a new name or trade
    names (25 %), other activities (SBI codes, 20 %) or another size class (20 %), the rest of the
    record as it is. Without it every changed record is a fresh row under its KvK number (every
    field different: the heavier, less realistic case)."""
    import csv

    from .benchmark import Generator
    from .changes import CHANGE_HEADER_WITH_TRADE_NAMES

    generator = Generator(seed=seed)
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
    indexes = rng.sample(range(size), int(count * 0.8))
    changing = len(indexes) * 7 // 8
    current = _current_rows(source_csv, {f"{10000000 + index:08d}" for index in indexes[:changing]})
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CHANGE_HEADER_WITH_TRADE_NAMES)
        for number in range(count):
            when = f"2026-12-07T{8 + number // 3600 % 10:02d}:{number // 60 % 60:02d}:{number % 60:02d}+01:00"
            if number < changing:
                row = generator.row(indexes[number])
                if source_csv is not None:
                    row = _one_thing_changed(rng, current[row[0]], row)
                writer.writerow([row[0], "change", when, *row[1:]])
            elif number < len(indexes):
                writer.writerow([f"{10000000 + indexes[number]:08d}", "deregistration", when] + [""] * 9)
            else:
                row = generator.row(size + number)
                writer.writerow([row[0], "registration", when, *row[1:]])


def _current_rows(source_csv, numbers: set[str]) -> dict[str, list[str]]:
    import csv

    if source_csv is None:
        return {}
    with open(source_csv, encoding="utf-8", newline="") as handle:
        return {row[0]: row for row in csv.reader(handle) if row[0] in numbers}


def _one_thing_changed(rng: random.Random, current: list[str], other: list[str]) -> list[str]:
    """``current`` (an import row) with one thing taken from ``other``: the postcode area, the name
    and trade names, the SBI codes or the size class."""
    row = list(current)
    draw = rng.random()
    if draw < 0.35:
        row[4] = other[4]
    elif draw < 0.60:
        row[1], row[9] = other[1], other[9]
    elif draw < 0.80:
        row[2] = other[2]
    else:
        row[3] = other[3]
    return row


def during_changes(work, normal_p95: float, change_file: str) -> dict:
    """Run the name searches over and over while ``import_directory --changes`` applies a change
    file in another process; their p95 against ``normal_p95``."""
    import subprocess
    import sys

    from django.conf import settings

    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "import_directory", "--changes", change_file]
    started = time.perf_counter()
    importer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    timings = []
    while importer.poll() is None:
        for query, _kind, profile, offset in work:
            begun = time.perf_counter()
            search.run(profile, limit=20, offset=offset, rings={}, name=query)
            timings.append((time.perf_counter() - begun) * 1000)
            if importer.poll() is not None:
                break
    output = importer.communicate()[0].decode(errors="replace").strip().splitlines()
    p95 = percentile(timings, 0.95) if timings else 0.0
    return {
        "import_s": round(time.perf_counter() - started, 1),
        "import_exit": importer.returncode,
        "import_summary": output[-1] if output else "",
        "searches": len(timings),
        "p95_ms": round(p95, 1),
        "normal_p95_ms": normal_p95,
        "ratio": round(p95 / normal_p95, 2) if normal_p95 else None,
    }


def load_rows() -> list[tuple]:
    """Every row as the in-memory baseline needs it (loading is not counted: it favours the baseline)."""
    return list(
        DirectoryEntry.objects.values_list(
            *name_search.COLUMNS, "sbi_codes", "size_class", "chain", "kvk_number"
        ).iterator(chunk_size=20000)
    )


def _fingerprint(sample) -> str:
    """What the stored Python baseline answered: the sampled queries, profiles and offsets."""
    rows = DirectoryEntry.objects.count()
    text = repr([rows] + [(query.text, repr(profile), offset) for query, _kind, profile, offset in sample])
    return hashlib.sha256(text.encode()).hexdigest()


def _as_kvk(page: list[tuple[int, float]]) -> list[list]:
    numbers = dict(
        DirectoryEntry.objects.filter(pk__in=[row_id for row_id, _value in page]).values_list("pk", "kvk_number")
    )
    return [[numbers[row_id], value] for row_id, value in page]


def _stored_baseline(path: Path | None, fingerprint: str) -> dict | None:
    if path is None or not path.exists():
        return None
    return json.loads(path.read_text()).get(fingerprint)


def _store_baseline(path: Path, fingerprint: str, python_ms: list[float], pages: list) -> None:
    stored = json.loads(path.read_text()) if path.exists() else {}
    stored[fingerprint] = {
        "vendor": connection.vendor,
        "measured_at": datetime.now(UTC).isoformat(),
        "python_ms": python_ms,
        "pages": pages,
    }
    path.write_text(json.dumps(stored))


def scan_rows(query: names.NameQuery, profile: matching.Profile, rows, *, want: int) -> list[tuple[int, float]]:
    """The Python baseline: the profile's filters and ``names.score`` on every row in memory."""
    distances = search.distances_from(profile.pc4) if profile.pc4 else None
    radius = set(distances.nearest(profile.max_km)) if distances and profile.max_km is not None else None
    kept = [
        row[:5]
        for row in rows
        if (radius is None or row[1] in radius)
        and (not profile.sizes or row[6] in profile.sizes)
        and (not profile.chains or row[7] in profile.chains)
        and (not profile.sbi or any(code.startswith(profile.sbi) for code in row[5].split(";")))
        and (not profile.specialisms or profile.specialisms & set(row[3].split(";")))
    ]
    level = max((names.words_found(query.words, row[4]) for row in kept), default=0)
    scorer = matching.Scorer(profile, distances.km if distances is not None else None)
    ranking = name_search.Ranking(query, profile, scorer, {}, want, level)
    ranking.consider(kept)
    return [(item[3], item[-2]) for item in ranking.ranked()]


def _count(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
