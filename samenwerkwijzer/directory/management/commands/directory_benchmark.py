"""Measure the partner search at scale and write the table to docs/benchmarks.md.

Not a test: run it by hand on a scratch database (it empties the directory tables),
once per database, e.g.

    VAR_DIR=/tmp/bench-sqlite nice python manage.py directory_benchmark --sizes 100000 1000000 --wipe
    DATABASE_URL=postgres://... nice python manage.py directory_benchmark --sizes 100000 1000000 --wipe

Each run stores its figures in ``var/directory-benchmark.json`` (keyed by database and N)
and rewrites the section between ``<!-- directory:start -->`` and ``<!-- directory:end -->``
of the output file with every stored result.
"""

import json
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from samenwerkwijzer.directory import levels, matching, search
from samenwerkwijzer.directory.benchmark import Generator, load_directory
from samenwerkwijzer.directory.models import DirectoryEntry

START, END = "<!-- directory:start -->", "<!-- directory:end -->"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Benchmark the directory import and search (writes docs/benchmarks.md)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000])
        parser.add_argument("--profiles", type=int, default=200)
        parser.add_argument(
            "--passes", type=int, default=3, help="time every profile this often and keep its median (machine noise)"
        )
        parser.add_argument("--output", default="docs/benchmarks.md")
        parser.add_argument("--data-dir", default=str(Path(settings.VAR_DIR) / "benchmark"))
        parser.add_argument("--wipe", action="store_true", help="confirm that the directory tables may be emptied")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="measure the directory as it is loaded (one size; e.g. after directory_name_benchmark --wipe)",
        )
        parser.add_argument("--no-baseline", action="store_true", help="skip the brute-force baseline")
        parser.add_argument(
            "--results",
            default=str(Path(settings.VAR_DIR) / "directory-benchmark.json"),
            help="JSON file that collects the figures of every run (share it between the SQLite and PostgreSQL runs)",
        )
        parser.add_argument("--report-only", action="store_true", help="only rewrite the table from the stored figures")

    def handle(self, *args, **options):
        results_path = Path(options["results"])
        stored = json.loads(results_path.read_text()) if results_path.exists() else {}
        if options["report_only"]:
            self.write_markdown(Path(options["output"]), stored, options)
            return
        if options["wipe"] == options["keep"]:
            raise CommandError(
                "Say --wipe (this empties the directory tables: a scratch database) or --keep (measure what is loaded)."
            )
        if options["keep"] and len(options["sizes"]) != 1:
            raise CommandError("--keep measures one size: the one that is loaded.")
        vendor = connection.vendor
        data_dir = Path(options["data_dir"])
        for size in options["sizes"]:
            import_s = stored.get(f"{vendor}:{size}", {}).get("import_s")
            if options["wipe"]:
                report = load_directory(size, data_dir, say=self.stderr.write)
                self.stderr.write(
                    f"  import: {report.seconds:.1f} s ({report.created:,} created, {len(report.errors)} bad)"
                )
                import_s = round(report.seconds, 1)
            result = self.measure(
                size, options["profiles"], passes=options["passes"], baseline=not options["no_baseline"]
            )
            result.update({"import_s": import_s, "measured_at": datetime.now(UTC).isoformat()})
            stored[f"{vendor}:{size}"] = result
            results_path.write_text(json.dumps(stored, indent=2))
            self.stderr.write(f"  {json.dumps(result)}")
        self.write_markdown(Path(options["output"]), stored, options)

    def measure(self, size, count, *, passes, baseline):
        profiles = Generator(seed=7).profiles(count)
        for profile, offset in profiles[:10]:  # warm the statistics and the connection
            search.run(profile, limit=20, offset=offset)
        runs = [[] for _profile in profiles]
        for _pass in range(passes):
            # Each pass starts without the distances and levels of earlier passes, as a new searcher would.
            search.distances_from.cache_clear()
            levels.levels_cached.cache_clear()
            for index, (profile, offset) in enumerate(profiles):
                started = time.perf_counter()
                page = search.run(profile, limit=20, offset=offset)
                runs[index].append(((time.perf_counter() - started) * 1000, page))
        timings = [statistics.median(ms for ms, _page in profile_runs) for profile_runs in runs]
        pages = [profile_runs[0][1] for profile_runs in runs]
        strategies = {}
        for page in pages:
            kind = page.strategy.split(":")[0]
            strategies[kind] = strategies.get(kind, 0) + 1
        result = {
            "n": size,
            "profiles": count,
            "passes": passes,
            "p50_ms": round(percentile(timings, 0.50), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "p99_ms": round(percentile(timings, 0.99), 1),
            "max_ms": round(max(timings), 1),
            "strategies": strategies,
        }
        if baseline:
            self.stderr.write("  loading every row for the brute-force baseline ...")
            rows = [
                matching.Row(
                    id=pk,
                    pc4=pc4,
                    size=size_class,
                    chain=chain,
                    mask_pair=mask_pair,
                    sbi_codes=tuple(sbi.split(";")),
                    specialisms=tuple(tags.split(";")) if tags else (),
                )
                for pk, pc4, size_class, chain, mask_pair, sbi, tags in DirectoryEntry.objects.values_list(
                    "pk", "pc4", "size_class", "chain", "mask_pair", "sbi_codes", "specialisms"
                ).iterator(chunk_size=20000)
            ]
            brute, same = [], 0
            for (profile, offset), page in zip(profiles, pages, strict=True):
                started = time.perf_counter()
                distances = search.distances_from(profile.pc4).km if profile.pc4 else None
                total, best = matching.brute_force(profile, rows, distances, want=offset + 20)
                brute.append((time.perf_counter() - started) * 1000)
                expected = [(row_id, round(value, 1)) for row_id, value in best[offset:]]
                got = [(r.entry_id, r.score) for r in page.results]
                same += expected == got and min(total, search.TOTAL_CAP) == page.total
            del rows
            result.update(
                {
                    "baseline_p50_ms": round(percentile(brute, 0.50), 1),
                    "baseline_p95_ms": round(percentile(brute, 0.95), 1),
                    "speedup_p50": round(percentile(brute, 0.50) / percentile(timings, 0.50), 1),
                    "speedup_p95": round(percentile(brute, 0.95) / percentile(timings, 0.95), 1),
                    "identical_results": f"{same}/{count}",
                }
            )
        return result

    def write_markdown(self, path: Path, stored: dict, options):
        lines = [
            START,
            "## Partner search (directory)",
            "",
            "Produced by `nice python manage.py directory_benchmark --sizes 100000 1000000 --wipe "
            "--results var/directory-benchmark.json` (once on SQLite, once with `DATABASE_URL` pointing at a "
            "scratch PostgreSQL 15 database with its default settings) on a 2-core virtual machine whose speed "
            "drifts by 10-20 % between runs. Search: 200 varied wanted-partner profiles "
            "(`directory/benchmark.py`), 20 results a page, wall time of `search.run` including every database "
            "query; every profile is timed in three passes (distances and levels not cached from an earlier "
            "pass) and its median kept. Baseline: the same profiles answered by "
            "scoring every row in Python, with all rows already in memory (loading them is not counted, which "
            "favours the baseline). *Identical* counts the profiles whose page and total equal the baseline's. "
            "Design: [directory-search.md](directory-search.md).",
            "",
            "| database | N | import | search p50 | p95 | p99 | baseline p50 | baseline p95 | faster (p50 / p95) "
            "| identical | strategies |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for key in sorted(stored, key=lambda k: (k.split(":")[0], int(k.split(":")[1]))):
            r = stored[key]
            strategies = ", ".join(f"{name} {n}" for name, n in sorted(r["strategies"].items()))
            lines.append(
                f"| {key.split(':')[0]} | {r['n']:,} | {r['import_s'] or '-'} s | {r['p50_ms']} ms | {r['p95_ms']} ms | "
                f"{r['p99_ms']} ms | {r.get('baseline_p50_ms', '-')} ms | {r.get('baseline_p95_ms', '-')} ms | "
                f"{r.get('speedup_p50', '-')}x / {r.get('speedup_p95', '-')}x | {r.get('identical_results', '-')} "
                f"| {strategies} |"
            )
        lines += [
            "",
            "Goals (p95 <= 50 ms at 1M, >= 20x the baseline, p95 at 1M <= 2x p95 at 100k, import of 1M <= 120 s):",
            "",
        ]
        for vendor in sorted({key.split(":")[0] for key in stored}):
            small, large = stored.get(f"{vendor}:100000"), stored.get(f"{vendor}:1000000")
            if not (small and large):
                continue
            checks = [
                ("p95 at 1M", large["p95_ms"] <= 50, f"{large['p95_ms']} ms"),
                ("vs baseline (p50, p95)", min(large.get("speedup_p50", 0), large.get("speedup_p95", 0)) >= 20,
                 f"{large.get('speedup_p50')}x, {large.get('speedup_p95')}x"),
                ("1M vs 100k (p95)", large["p95_ms"] <= 2 * small["p95_ms"], f"{large['p95_ms'] / small['p95_ms']:.2f}x"),
                ("import of 1M", large["import_s"] <= 120, f"{large['import_s']} s"),
            ]  # fmt: skip
            summary = "; ".join(f"{name} {value} {'met' if ok else 'NOT met'}" for name, ok, value in checks)
            lines.append(f"- {vendor}: {summary}.")
        national = [key for key in stored if int(key.split(":")[1]) > 1_000_000]
        if national:
            lines += ["", "Goals of issue #21 at national scale (p95 <= 50 ms, 1M -> 4M p95 grows <= 1.5x):", ""]
        for key in sorted(national):
            vendor, r = key.split(":")[0], stored[key]
            said = [f"p95 {r['p95_ms']} ms {'met' if r['p95_ms'] <= 50 else 'NOT met'}"]
            if stored.get(f"{vendor}:1000000"):
                growth = r["p95_ms"] / stored[f"{vendor}:1000000"]["p95_ms"]
                said.append(f"1M -> {r['n']:,} (p95) {growth:.2f}x {'met' if growth <= 1.5 else 'NOT met'}")
            lines.append(f"- {vendor}, {r['n']:,}: " + "; ".join(said) + ".")
        lines += ["", END]
        section = "\n".join(lines)
        text = path.read_text() if path.exists() else "# Benchmarks\n"
        if START in text and END in text:
            before, rest = text.split(START, 1)
            text = before + section + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        self.stdout.write(f"Wrote {path}")
