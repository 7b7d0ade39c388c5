"""In-process profile of the heaviest collaboration pages (not a test, not the load benchmark).

For each page: the number of queries of one request (CaptureQueriesContext), the server time of the
Django test client over --runs requests (median and p95; session, middleware and template rendering
included, no network), and with --profile a cProfile of one request (the top functions by
cumulative time). Runs on a fresh test database filled by `seed_demo`, as alice (lead).

    .venv/bin/python scripts/profile_pages.py --runs 50 [--profile] [--page dashboard]
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenwerkwijzer.settings")


def pages(collaboration_pk: int) -> dict[str, str]:
    from django.urls import reverse

    return {
        "floor (/health/live)": reverse("core:health_live"),
        "dashboard": reverse("collaborations:dashboard", args=[collaboration_pk]),
        "participants": reverse("collaborations:participants", args=[collaboration_pk]),
        "rounds": reverse("instruments:overview", args=[collaboration_pk]),
        "work plan": reverse("workspace:plan", args=[collaboration_pk]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one request per page")
    parser.add_argument("--page", action="append", help="only this page (repeatable)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key, e.g. cumulative or tottime")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from samenwerkwijzer.collaborations.models import Collaboration

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", stdout=io.StringIO())
        collaboration = Collaboration.objects.get(name="Broodroute Vechtstreek")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(email="alice@example.org"))
        print(f"{'page':<22} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7} {'KiB':>5}")
        for name, url in pages(collaboration.pk).items():
            if args.page and name not in args.page:
                continue
            client.get(url)  # warm-up: templates compiled and cached, definitions loaded
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            statements = [query["sql"] for query in queries.captured_queries]  # before the next request resets them
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            print(
                f"{name:<22} {response.status_code:>6} {len(statements):>7} {statistics.median(times):>9.1f} "
                f"{p95:>7.1f} {len(response.content) / 1024:>5.0f}"
            )
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                client.get(url)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
                print(out.getvalue())
                for sql in statements:
                    print("   ", sql[:200])
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
