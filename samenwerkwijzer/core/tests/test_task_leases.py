"""Leases of background tasks (lib/tasks.py ``requeue_abandoned``): a task whose worker was killed
mid-task is queued again after TASK_LEASE_SECONDS, runs again and does its work once."""

import json
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samenwerkwijzer.core.tests.task_examples import flaky
from samenwerkwijzer.lib.tasks import requeue_abandoned

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running(*, started_minutes_ago: float, workers: int = 1) -> DBTaskResult:
    """A task row as a worker left it when it was killed mid-task."""
    queued = flaky.enqueue("x", 1)
    DBTaskResult.objects.filter(pk=queued.id).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
        worker_ids=[f"worker-{n}" for n in range(workers)],
    )
    return DBTaskResult.objects.get(pk=queued.id)


@pytest.mark.django_db
def test_a_task_running_past_its_lease_is_queued_again_once(settings, caplog):
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_LEASE_SECONDS = 600
    now = timezone.now()
    killed = running(started_minutes_ago=11)
    busy = running(started_minutes_ago=9)  # within its lease: its worker may well be at it

    with caplog.at_level(logging.WARNING, logger="samenwerkwijzer.lib.tasks"):
        assert requeue_abandoned(now=now) == 1

    killed.refresh_from_db()
    assert (killed.status, killed.started_at) == ("READY", None)
    assert killed.run_after <= timezone.now()
    assert list(DBTaskResult.objects.ready()) == [killed]  # a worker picks it up now
    busy.refresh_from_db()
    assert busy.status == "RUNNING"
    assert "still running after its lease" in caplog.text

    # Another node running the same job at the same moment finds nothing left to do; a worker that
    # claimed the task again in between keeps it.
    assert requeue_abandoned(now=now) == 0
    killed.claim("worker-new")
    assert requeue_abandoned(now=now + timedelta(minutes=5)) == 1  # by then the other one's lease is over
    killed.refresh_from_db()
    assert killed.status == "RUNNING"
    busy.refresh_from_db()
    assert busy.status == "READY"


@pytest.mark.django_db
def test_a_task_abandoned_too_often_fails_instead(settings, caplog):
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_MAX_ATTEMPTS = 3
    poison = running(started_minutes_ago=60, workers=3)

    with caplog.at_level(logging.ERROR, logger="samenwerkwijzer.lib.tasks"):
        assert requeue_abandoned(now=timezone.now()) == 0

    poison.refresh_from_db()
    assert poison.status == "FAILED"
    assert poison.finished_at is not None
    assert "Abandoned by 3 workers" in poison.traceback
    assert "abandoned by 3 workers: marked failed" in caplog.text


def test_the_scheduled_jobs_include_the_lease():
    from samenwerkwijzer.core.jobs import JOBS

    assert ("abandoned tasks queued again", requeue_abandoned) in JOBS


# --- A real worker, killed mid-task --------------------------------------------------------------

# One process: the queue table, the task queued, then the worker (that is killed).
ENQUEUE_AND_WORK = """
from django.core.management import call_command
from samenwerkwijzer.core.tests.task_examples import write_once
call_command("migrate", "django_tasks_database", verbosity=0)
write_once.enqueue({folder!r})
call_command("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1", "--worker-id", "first")
"""

REQUEUE_AND_WORK = """
import io, json
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from samenwerkwijzer.lib.tasks import requeue_abandoned
row = DBTaskResult.objects.get()
report = {"after_kill": row.status, "within_lease": requeue_abandoned(now=timezone.now())}
report["past_lease"] = requeue_abandoned(now=timezone.now() + timedelta(seconds=601))
call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "second", stdout=io.StringIO())
row.refresh_from_db()
report.update(status=row.status, workers=row.worker_ids, value=row.return_value)
print(json.dumps(report))
"""


def manage(*arguments: str) -> list[str]:
    return [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py"), *arguments]


def wait_for(path: Path, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear"
        time.sleep(0.05)


@pytest.mark.once
def test_a_killed_worker_s_task_runs_again_and_does_its_work_once(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "TASK_LEASE_SECONDS": "600",
        "TASK_MAX_ATTEMPTS": "5",
    }
    environment.pop("TASKS_IMMEDIATE", None)

    def shell(code: str) -> str:
        done = subprocess.run(  # noqa: S603 (this Python, the project's manage.py)
            manage("shell", "-c", code),
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    worker = subprocess.Popen(  # noqa: S603 (this Python, the project's manage.py)
        manage("shell", "-c", ENQUEUE_AND_WORK.format(folder=str(folder))),
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(folder / "started", seconds=30)
    finally:
        worker.send_signal(signal.SIGKILL)  # no graceful shutdown: the row stays RUNNING
        worker.wait(timeout=10)
    assert not (folder / "effects").exists()

    (folder / "release").touch()
    report = json.loads(shell(REQUEUE_AND_WORK))

    assert report["after_kill"] == "RUNNING"
    assert report["within_lease"] == 0
    assert report["past_lease"] == 1
    assert report["status"] == "SUCCESSFUL"
    assert report["workers"] == ["first", "second"]
    assert report["value"] == "written"
    assert len((folder / "started").read_text().splitlines()) == 2  # it ran twice...
    assert (folder / "effects").read_text() == "effect\n"  # ...and did its work once
