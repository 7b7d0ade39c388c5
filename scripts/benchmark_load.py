"""Load benchmark: 20 concurrent logged-in demo users against gunicorn, on SQLite and PostgreSQL.

Writes a table to docs/benchmarks.md (section "load"). Not a test: run it with
`make benchmark` (which calls scripts/benchmark_load.sh). Only loopback traffic.
"""

import argparse
import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from samenwerkwijzer.lib.benchmark_docs import write_section  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(ROOT / ".venv-bench" / "bin" / "locust")
PORT = 8799


def run(cmd, env, **kwargs):
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def start_postgres(workdir: Path) -> tuple[str, callable]:
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    data = workdir / "pg"
    workdir.chmod(0o777)
    as_pg = ["su", "postgres", "-c"]
    subprocess.run([*as_pg, f"{pg_bin}/initdb -D {data} -A trust -U postgres -E UTF8"], check=True, capture_output=True)
    opts = f"-p 55433 -k {workdir} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run([*as_pg, f"{pg_bin}/pg_ctl -D {data} -o '{opts}' -l {workdir}/pg.log -w start"], check=True)
    subprocess.run([*as_pg, f"{pg_bin}/createdb -h 127.0.0.1 -p 55433 bench"], check=True)

    def stop():
        subprocess.run([*as_pg, f"{pg_bin}/pg_ctl -D {data} -m fast stop"], capture_output=True)

    return "postgres://postgres@127.0.0.1:55433/bench", stop


def wait_for_server():
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/live", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


# Measured one at a time in saturate mode, each against the floor of the same run (locustfile.PAGES, plus home).
ONE_PAGE_RUNS = ["dashboard", "participants", "rounds", "work plan"]


def measure(
    database: str,
    env: dict,
    seconds: int,
    users: int,
    workers: int,
    modes: list[str],
    per_page: bool = True,
    only: list[str] | None = None,
) -> list[dict]:
    run([PY, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PY, "manage.py", "createcachetable"], env)
    run([PY, "manage.py", "seed_demo"], env, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "samenwerkwijzer.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    # The background worker beside gunicorn, as in production: it carries out the queued checks.
    worker = subprocess.Popen(
        [PY, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    try:
        wait_for_server()
        with tempfile.TemporaryDirectory() as out:
            runs = [
                (mode, label, cls, {})
                for mode in modes
                for label, cls in (("pages", "CollaborationBrowser"), ("floor", "Floor"))
            ]
            if "browse" in modes:
                runs.append(("browse", "registry", "RegistryChecker", {}))
            if per_page and "saturate" in modes:
                runs += [("saturate", f"page:{page}", "OnePage", {"LOAD_PAGE": page}) for page in ONE_PAGE_RUNS]
            if only:
                runs = [r for r in runs if r[1] in only]
            for mode, label, user_class, extra_env in runs:
                prefix = f"{out}/{mode}-{label.replace(':', '-').replace(' ', '-')}"
                subprocess.run(
                    [
                        LOCUST,
                        "-f",
                        str(ROOT / "benchmarks/locustfile.py"),
                        "--headless",
                        "-u",
                        str(users),
                        "-r",
                        "4",  # logins (Argon2) spread over the first seconds, as people arrive
                        "-t",
                        "10s" if label == "warm-up" else f"{seconds}s",
                        "--host",
                        f"http://127.0.0.1:{PORT}",
                        "--csv",
                        prefix,
                        "--only-summary",
                        # Count from the moment every user is logged in and browsing.
                        "--reset-stats",
                        "--stop-timeout",
                        "5",
                        user_class,
                    ],
                    cwd=ROOT,
                    env={**env, "LOAD_MODE": mode, **extra_env},
                    check=False,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                if label == "warm-up":
                    continue
                with open(f"{prefix}_stats.csv", newline="") as handle:
                    for row in csv.DictReader(handle):
                        if row["Name"] in {"login form", "login", "first page after login"}:
                            continue
                        rows.append({"database": database, "mode": mode, "run": label, **row})
        rows += registry_outcome(database, env)
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    return rows


def registry_outcome(database: str, env: dict) -> list[dict]:
    """How many of the checks the load asked for the worker had carried out, as a pseudo row."""
    script = (
        "import django, json; django.setup()\n"
        "from samenwerkwijzer.registry.models import RegistryCheck\n"
        "print(json.dumps({s: RegistryCheck.objects.filter(status=s).count() for s in ('queued', 'running', 'done', 'failed')}))"
    )
    settings = {**env, "DJANGO_SETTINGS_MODULE": "samenwerkwijzer.settings"}
    output = subprocess.run([PY, "-c", script], cwd=ROOT, env=settings, capture_output=True, text=True, check=True)
    return [
        {"database": database, "mode": "browse", "run": "registry", "Name": "checks", "counts": output.stdout.strip()}
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--only", nargs="+", choices=["pages", "floor", "registry"], help="only these runs (a quick look; not for docs)"
    )
    parser.add_argument("--modes", nargs="+", default=["browse", "saturate"], choices=["browse", "saturate"])
    parser.add_argument(
        "--no-per-page", dest="per_page", action="store_false", help="skip the one-page-at-a-time saturate runs"
    )
    parser.add_argument("--smoke", action="store_true", help="check the script: SQLite only, nothing written to docs")
    args = parser.parse_args()
    if args.smoke:
        args.skip_postgres = True

    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        base_env = {
            **os.environ,
            "VAR_DIR": workdir + "/var",
            "APP_PROFILE": "development",
            "DEBUG": "0",
            # Every check asked for is queued and looked up (offline register), none refused or reused.
            "REGISTRY_CACHE_SECONDS": "0",
            "REGISTRY_RATE_PER_USER": "1000000/h",
            "REGISTRY_RATE_PER_COMPANY": "1000000/h",
        }
        base_env.pop("DATABASE_URL", None)
        if not args.skip_sqlite:
            rows += measure(
                "SQLite", base_env, args.seconds, args.users, args.workers, args.modes, args.per_page, args.only
            )
        if not args.skip_postgres and shutil.which("su"):
            url, stop = start_postgres(Path(workdir))
            try:
                rows += measure(
                    "PostgreSQL",
                    {**base_env, "DATABASE_URL": url},
                    args.seconds,
                    args.users,
                    args.workers,
                    args.modes,
                    args.per_page,
                    args.only,
                )
            finally:
                stop()

    lines = [
        "## Load: 20 logged-in users browsing dashboards and collaboration pages",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} on this 2-core machine (shared with the load generator): gunicorn "
        f"with {args.workers} sync workers, {args.users} concurrent locust users for {args.seconds} s per run, demo "
        "data from `seed_demo`; counting starts once all users have logged in (Argon2 logins are not counted). *browse*: each user opens one page of one of their collaborations "
        "and pauses 0.5-1.5 s before the next, like a person reading (the reliability-check users open one partner's check, "
        "read it for as long and then ask for a new check); *saturate*: no pause, to find the capacity. The floor is the trivial `/health/live` view, "
        "served by the same server in the same run with the same users. "
        "Goals (issue #20): browse p95 ≤ 100 ms, 0 errors, page throughput under saturation ≥ 0.5 x floor.",
        "",
        "Command: `make benchmark` (= `scripts/benchmark_load.sh`, which runs `scripts/benchmark_load.py`).",
        "",
        "| database | mode | run | request | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    outcomes = [r for r in rows if "counts" in r]
    measured = [r for r in rows if r["Name"] != "Aggregated" and "counts" not in r]
    for row in measured:
        lines.append(
            f"| {row['database']} | {row['mode']} | {row['run']} | {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    lines.append("")
    lines.append(
        "Rows with run `page:NAME` come from saturate runs in which every user requests only that page; "
        "each such page's throughput is given below as a multiple of the floor's in the same run."
    )
    lines.append("")
    for database in dict.fromkeys(r["database"] for r in measured):
        for mode in args.modes:
            pages = [r for r in measured if (r["database"], r["mode"], r["run"]) == (database, mode, "pages")]
            floor = [r for r in measured if (r["database"], r["mode"], r["run"]) == (database, mode, "floor")]
            if not pages or not floor:
                continue
            page_rate = sum(float(r["Requests/s"]) for r in pages)
            floor_rate = sum(float(r["Requests/s"]) for r in floor)
            worst_p95 = max(int(float(r["95%"])) for r in pages)
            errors = sum(int(r["Failure Count"]) for r in pages + floor)
            lines.append(
                f"- {database}, {mode}: pages {page_rate:.1f} req/s = {page_rate / floor_rate:.2f} x the floor "
                f"({floor_rate:.1f} req/s); worst page p95 {worst_p95} ms; {errors} errors."
            )
            for row in measured:
                if (row["database"], row["mode"], row["run"]) == (database, mode, f"page:{row['Name']}"):
                    rate = float(row["Requests/s"])
                    lines.append(
                        f"  - {row['Name']} alone: {rate:.1f} req/s = {rate / floor_rate:.2f} x the floor; "
                        f"p95 {row['95%']} ms; {row['Failure Count']} errors."
                    )
    for outcome in outcomes:
        asked = [
            r
            for r in measured
            if (r["database"], r["run"], r["Name"]) == (outcome["database"], "registry", "reliability check (queued)")
        ]
        for row in asked:
            lines.append(
                f"- {outcome['database']}: asking for a reliability check (the request queues it): p95 {row['95%']} ms "
                f"over {row['Request Count']} requests, {row['Failure Count']} errors (goal ≤ 100 ms); the checks after "
                f"the run, by status: {outcome['counts']} (the worker beside gunicorn carried them out)."
            )
    if not (args.smoke or args.only or args.skip_sqlite):  # a partial run never replaces the table
        write_section("load", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
