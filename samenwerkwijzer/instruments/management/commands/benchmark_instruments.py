"""Measure the server time of the largest revealed-round comparison and record it.

Builds 10 organisations x 17 statements x 8 checker rounds inside a transaction that
is rolled back afterwards, renders the comparison page a number of times with the test
client, and writes the result to its own section of docs/benchmarks.md.
"""

import platform
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.instruments.benchmark import build_large_comparison
from samenwerkwijzer.lib.benchmark_docs import write_section


class Command(BaseCommand):
    help = "Benchmark the revealed-round comparison (10 organisations x 17 statements x 8 rounds)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"))
        parser.add_argument("--no-write", action="store_true", help="Print the result only.")

    def handle(self, *args, runs, output, no_write, **options):
        with transaction.atomic():
            collaboration, lead, round_ = build_large_comparison(prefix="benchmark")
            client = Client()
            client.force_login(lead)
            url = reverse("instruments:round_detail", args=[collaboration.pk, round_.pk])
            client.get(url)  # warm up templates and definitions
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            query_count = len(queries)  # now: the next request clears the query log
            assert response.status_code == 200, response.status_code
            timings = []
            for _run in range(runs):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
        timings.sort()
        result = {
            "median": statistics.median(timings),
            "p95": timings[max(0, round(0.95 * len(timings)) - 1)],
            "min": timings[0],
            "queries": query_count,
            "bytes": len(response.content),
        }
        section = self._section(result, runs)
        self.stdout.write(section)
        if not no_write:
            write_section("instruments", section, Path(output))
            self.stdout.write(self.style.SUCCESS(f"Written to {output}"))

    @staticmethod
    def _section(result: dict, runs: int) -> str:
        database = connection.vendor
        return "\n".join(
            [
                "## Instruments: revealed-round comparison",
                "",
                "The results page of a revealed Samenwerkingschecker round for 10 organisations x 17 statements,",
                "with the trend over 8 rounds (`manage.py benchmark_instruments`; Django test client, so the",
                "time is server time without network; session and page render included).",
                "",
                "| measured | value |",
                "|---|---|",
                f"| median server time | {result['median']:.1f} ms |",
                f"| 95th percentile | {result['p95']:.1f} ms |",
                f"| fastest | {result['min']:.1f} ms |",
                f"| queries per request | {result['queries']} (test limit: 20) |",
                f"| page size | {result['bytes'] / 1024:.0f} KiB |",
                f"| runs | {runs} |",
                f"| database | {database} |",
                f"| machine | {platform.machine()}, Python {platform.python_version()} |",
                f"| measured on | {timezone.localdate():%Y-%m-%d} |",
            ]
        )
