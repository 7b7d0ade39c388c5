"""Median time to render the PDF of a full demo agreement; written to docs/benchmarks.md.

The agreement is built in a transaction that is rolled back, so the database is left as it was.
"""

import os
import platform
import statistics
import time
from pathlib import Path

import weasyprint
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from samenwerkwijzer.agreements import demo, rendering
from samenwerkwijzer.agreements.access import get_document_for_access
from samenwerkwijzer.agreements.models import DocumentKind
from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.lib.benchmark_docs import write_section
from samenwerkwijzer.organisations.models import Membership, Organisation

TARGET_SECONDS = 1.5


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure the median render time of the full demo agreement PDF and record it in docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"))
        parser.add_argument("--no-write", action="store_true", help="Only print the result.")

    def handle(self, *args, **options):
        runs = max(1, options["runs"])
        with translation.override(settings.LANGUAGE_CODE):
            timings, pages, size = self._measure(runs)
        median = statistics.median(timings[1:] or timings)
        self.stdout.write(
            f"agreement PDF: median {median:.3f} s over {len(timings[1:] or timings)} runs "
            f"(first run {timings[0]:.3f} s), {pages} pages, {size // 1024} kB"
        )
        if not options["no_write"]:
            write_section("agreements", report(median, timings, runs, pages, size), Path(options["output"]))
            self.stdout.write(f"written to {options['output']}")

    def _measure(self, runs):
        result = {}
        try:
            with transaction.atomic():
                document = self._demo_agreement()
                version = document.current_version
                timings = []
                for _run in range(runs + 1):  # the first, cold run is reported apart
                    started = time.perf_counter()
                    pdf = rendering.render_pdf(
                        document=document, version=version, frozen_at=timezone.now(), frozen_by="Benchmark"
                    )
                    timings.append(time.perf_counter() - started)
                result.update(timings=timings, pdf=pdf)
                raise _Rollback
        except _Rollback:
            pass
        pdf = result["pdf"]
        return result["timings"], rendering.page_count(pdf), len(pdf)

    def _demo_agreement(self):
        User = get_user_model()
        people = []
        for index, name in enumerate(("Bakkerij Benchmark", "Transport Benchmark")):
            kvk = next(
                f"{n:08d}"
                for n in range(99990000 + index * 100, 99999999)
                if not Organisation.objects.filter(kvk_number=f"{n:08d}").exists()
            )
            organisation = Organisation.objects.create(
                name=name, kvk_number=kvk, legal_form="41", sbi_codes=["10710"], size_class="5-9", pc4="3621"
            )
            user = User.objects.create_user(
                email=f"benchmark-{index}-{kvk}@example.org", full_name=f"Benchmark {index}"
            )
            Membership.objects.create(user=user, organisation=organisation, role="admin", is_authorised_signatory=True)
            people.append((user, organisation))
        collaboration = collaboration_services.collaboration_create(
            user=people[0][0],
            organisation=people[0][1],
            name="Broodroute Benchmark",
            purpose="Samen vers brood elke ochtend vóór 7 uur bezorgen.",
            ambition_level="tactical",
            duration_kind="structural",
            planned_end_date=None,
        )
        Participant.objects.create(collaboration=collaboration, organisation=people[1][1])
        accesses = [
            get_collaboration_for_user(user, collaboration.pk, write=True, preferred_organisation_id=org.pk)
            for user, org in people
        ]
        demo.write_document(accesses=accesses, kind=DocumentKind.AGREEMENT)
        return get_document_for_access(accesses[0], DocumentKind.AGREEMENT)


def report(median, timings, runs, pages, size) -> str:
    verdict = "within" if median <= TARGET_SECONDS else "OVER"
    return "\n".join(
        [
            "## Agreement PDF",
            "",
            "`python manage.py benchmark_agreement_pdf --runs "
            f"{runs}` renders the PDF of the full demo agreement (all nine sections, two parties) with "
            "WeasyPrint, exactly as when the lead puts a version up for signing. The first run warms up fonts "
            "and styles and is reported apart; the median is over the runs after it.",
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| median render time | {median:.3f} s ({verdict} the target of {TARGET_SECONDS} s) |",
            f"| first (cold) run | {timings[0]:.3f} s |",
            f"| fastest / slowest | {min(timings[1:] or timings):.3f} s / {max(timings[1:] or timings):.3f} s |",
            f"| runs | {len(timings[1:] or timings)} |",
            f"| pages, size | {pages}, {size // 1024} kB |",
            f"| machine | {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"WeasyPrint {weasyprint.__version__} |",
            f"| load average (1 min) when measured | {os.getloadavg()[0]:.1f} (other work on the same cores slows it) |",
            f"| measured on | {timezone.localdate().isoformat()} |",
        ]
    )
