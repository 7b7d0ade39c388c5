"""Sealing benchmark: render an agreement PDF and seal it with timestamp and validation info.

Per agreement, as when the last partner signs: the frozen PDF (WeasyPrint, PDF/A-3u, tagged),
the signature page, the seal with an RFC 3161 timestamp, CRLs/OCSP in the DSS and a document
timestamp (PAdES B-LTA), against the local test PKI (certomancer's TSA, OCSP and CRLs,
testsupport/pki.py) over loopback. Median and p95 after one warm-up run, written to
docs/benchmarks.md between ``<!-- seal:start -->`` and ``<!-- seal:end -->``.

Run: ``make benchmark-seal`` or ``.venv/bin/python scripts/benchmark_seal.py --runs 15``.
It uses a temporary SQLite database and PKI folder; nothing of the installation is touched.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def measure(runs: int) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)

    from django.utils import timezone, translation

    from samenwerkwijzer.agreements import rendering, sealing
    from samenwerkwijzer.agreements.models import SigningEvent
    from samenwerkwijzer.agreements.tests.factories import signed_agreement
    from testsupport.factories import make_personas

    freeze = signed_agreement(make_personas())  # a fully signed agreement, through the real services
    events = list(
        freeze.events.filter(
            kind__in=[SigningEvent.Kind.FROZEN, SigningEvent.Kind.APPROVED, SigningEvent.Kind.SIGNED]
        ).order_by("created_at", "id")
    )
    signatures = list(freeze.signatures.order_by("created_at", "id"))
    timings, render_timings, levels, sizes = [], [], set(), []
    with translation.override(freeze.language):
        for _run in range(runs + 1):  # the first run warms up fonts, styles and connections
            started = time.perf_counter()
            pdf = rendering.render_pdf(
                document=freeze.document, version=freeze.version, frozen_at=timezone.now(), frozen_by="Benchmark"
            )
            appendix = rendering.render_signature_page(
                freeze=freeze,
                events=events,
                signatures=signatures,
                certificate_sha256=sealing.certificate_sha256(),
                certificate_subject=sealing.certificate_subject(),
            )
            rendered = time.perf_counter()
            sealed = sealing.seal_pdf(pdf, appendix, reason="Benchmark")
            timings.append(time.perf_counter() - started)
            render_timings.append(rendered - started)
            levels.add(sealing.facts_of(sealed).pades_level)
            sizes.append(len(sealed))
    measured = timings[1:]
    seal_timings = [total - render for total, render in zip(timings[1:], render_timings[1:], strict=True)]
    return {
        "render_median": statistics.median(render_timings[1:]),
        "seal_median": statistics.median(seal_timings),
        "median": statistics.median(measured),
        "p95": p95(measured),
        "first": timings[0],
        "fastest": min(measured),
        "slowest": max(measured),
        "runs": len(measured),
        "levels": sorted(levels),
        "size": sizes[-1],
        "pages": rendering.page_count(sealed),
    }


def report(result: dict, runs: int) -> str:
    from importlib.metadata import version

    import weasyprint

    verdict = "within" if result["median"] <= TARGET_SECONDS else "OVER"
    return "\n".join(
        [
            "## Sealing an agreement (PAdES B-LTA)",
            "",
            f"`make benchmark-seal` (`.venv/bin/python scripts/benchmark_seal.py --runs {runs}`) measures, per "
            "agreement, what happens when the last partner signs: rendering the frozen PDF of the demo agreement "
            "(PDF/A-3u, tagged) and the signature page with WeasyPrint, then sealing with pyHanko — the seal with "
            "an RFC 3161 timestamp, CRLs and OCSP responses in the document security store and a document "
            "timestamp (PAdES B-LTA). The TSA, OCSP responder and CRLs are the local test PKI "
            "(certomancer, testsupport/pki.py) over loopback, so a real TSA's network latency comes on top. "
            "One warm-up run is not counted.",
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| median per agreement (render + seal) | {result['median']:.3f} s "
            f"({verdict} the target of {TARGET_SECONDS:.0f} s incl. the PDF render) |",
            f"| p95 | {result['p95']:.3f} s |",
            f"| of which rendering the two PDFs (median) | {result['render_median']:.3f} s |",
            f"| of which sealing: timestamp, CRLs/OCSP, document timestamp (median) | {result['seal_median']:.3f} s |",
            f"| fastest / slowest | {result['fastest']:.3f} s / {result['slowest']:.3f} s |",
            f"| warm-up run (not counted) | {result['first']:.3f} s |",
            f"| runs | {result['runs']} |",
            f"| level reached | PAdES {', '.join(result['levels'])} |",
            f"| sealed file | {result['pages']} pages, {result['size'] // 1024} kB |",
            f"| machine | {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"WeasyPrint {weasyprint.__version__}, pyHanko {version('pyHanko')} |",
            f"| load average (1 min) when measured | {os.getloadavg()[0]:.1f} (other work on the same cores slows it) |",
            f"| measured on | {datetime.now(UTC).date().isoformat()} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="Only print the result.")
    args = parser.parse_args()
    runs = max(1, args.runs)

    sys.path.insert(0, str(ROOT))
    from samenwerkwijzer.lib.benchmark_docs import write_section
    from testsupport.pki import start_pki

    with tempfile.TemporaryDirectory(prefix="benchmark-seal-") as folder:
        pki = start_pki(Path(folder) / "pki")
        try:
            os.environ.update(pki.seal_environment())
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'benchmark.sqlite3'}"
            os.environ["VAR_DIR"] = str(Path(folder) / "var")
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenwerkwijzer.settings")
            result = measure(runs)
        finally:
            pki.stop()
    print(
        f"render + seal: median {result['median']:.3f} s, p95 {result['p95']:.3f} s over {result['runs']} runs "
        f"(warm-up {result['first']:.3f} s; render {result['render_median']:.3f} s, seal {result['seal_median']:.3f} s), "
        f"PAdES {', '.join(result['levels'])}, load {os.getloadavg()[0]:.1f}"
    )
    if not args.no_write:
        write_section("seal", report(result, runs), Path(args.output))
        print(f"written to {args.output}")


if __name__ == "__main__":
    main()
