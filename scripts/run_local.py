"""``make run``: the web server and the background-task worker together, as one command.

    .venv/bin/python scripts/run_local.py 127.0.0.1:8000

Starts ``manage.py runserver`` and ``manage.py db_worker`` (django-tasks' database worker: webhook
deliveries, the personal-data download, the retention clean-up). Ctrl+C stops both; when one of
them stops by itself, the other is stopped too and the exit status is the first one's.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(address: str) -> int:
    manage = [sys.executable, "manage.py"]
    return run_together(
        {
            "web server": [*manage, "runserver", "--noreload", address],
            "worker": [*manage, "db_worker", "--no-reload", "--no-startup-delay"],
        }
    )


def run_together(commands: dict[str, list[str]]) -> int:
    """Run ``commands`` until one stops (its exit status is returned) or Ctrl+C/SIGTERM (0);
    then stop the others."""
    processes = {name: subprocess.Popen(command, cwd=REPO) for name, command in commands.items()}
    # Ctrl+C, and SIGTERM from a process manager, end the loop (also when started in the background).
    previous = {number: signal.signal(number, interrupted) for number in (signal.SIGINT, signal.SIGTERM)}
    status = 0
    try:
        while True:
            stopped = [(name, p.returncode) for name, p in processes.items() if p.poll() is not None]
            if stopped:
                name, status = stopped[0]
                print(f"The {name} stopped (exit status {status}); stopping the rest.", file=sys.stderr)
                break
            time.sleep(0.5)
    except KeyboardInterrupt:
        status = 0
    finally:
        stop(processes.values())
        for number, handler in previous.items():
            signal.signal(number, handler)
    return status


def interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()  # both stop cleanly on SIGTERM: the worker finishes its task first
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1]))
