"""Tasks for the tests of retries and leases (lib/tasks.py): module-level, as django-tasks requires,
and importable by a worker started as its own process."""

import os
import time
from pathlib import Path

from django_tasks import task

from samenwerkwijzer.lib.tasks import TemporaryFailure, retried

# What the tasks did, for the tests in this process (the in-process worker and the ImmediateBackend).
ATTEMPTS: list[tuple[str, int]] = []
GIVEN_UP: list[tuple[str, str]] = []


@task()
def flaky(key: str, succeed_at: int, attempt: int = 1) -> str:
    """Fails with a temporary failure until attempt ``succeed_at``."""
    with retried(flaky, key, succeed_at, attempt=attempt, on_give_up=lambda exc: GIVEN_UP.append((key, str(exc)))):
        ATTEMPTS.append((key, attempt))
        if attempt < succeed_at:
            raise TemporaryFailure(f"attempt {attempt}: the service did not answer")
    return f"done at {attempt}"


@task()
def flaky_without_give_up(key: str, attempt: int = 1) -> None:
    with retried(flaky_without_give_up, key, attempt=attempt, max_attempts=2):
        ATTEMPTS.append((key, attempt))
        raise TemporaryFailure("still down")


@task()
def broken(key: str, attempt: int = 1) -> None:
    """A programming error is not retried."""
    with retried(broken, key, attempt=attempt, on_give_up=lambda exc: GIVEN_UP.append((key, str(exc)))):
        ATTEMPTS.append((key, attempt))
        raise ValueError("a bug, not an outage")


@task()
def write_once(folder: str) -> str:
    """Idempotent: the effect (a line in ``effects``) is written once, however often the task runs.
    It says it started (``started``, one line per run) and waits until ``release`` exists, so a
    test can kill its worker mid-task."""
    here = Path(folder)
    with (here / "started").open("a") as started:
        started.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 30
    while not (here / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    done = here / "done"
    if not done.exists():  # the idempotency guard: done is written after the effect
        with (here / "effects").open("a") as effects:
            effects.write("effect\n")
        done.touch()
    return "written"
