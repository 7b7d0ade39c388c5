"""``make run`` (scripts/run_local.py): the web server and the worker run together; Ctrl+C stops
both, and when one stops the other is stopped too."""

import importlib.util
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "run_local.py"


@pytest.fixture
def run_local():
    spec = importlib.util.spec_from_file_location("run_local", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sleeper(pid_file: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)",
    ]


def alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(path: Path) -> None:
    deadline = time.monotonic() + 20
    while not (path.exists() and path.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)


def test_when_one_stops_the_other_is_stopped_and_its_status_is_returned(run_local, tmp_path):
    pid_file = tmp_path / "web.pid"
    started = time.monotonic()
    status = run_local.run_together(
        {
            "web server": sleeper(pid_file),
            "worker": [sys.executable, "-c", "import time; time.sleep(2); raise SystemExit(3)"],
        }
    )
    assert status == 3
    assert time.monotonic() - started < 30
    assert not alive(pid_file)


def test_ctrl_c_stops_both(run_local, tmp_path):
    web, worker = tmp_path / "web.pid", tmp_path / "worker.pid"

    def press_ctrl_c():
        wait_for(web)
        wait_for(worker)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=press_ctrl_c, daemon=True).start()
    status = run_local.run_together({"web server": sleeper(web), "worker": sleeper(worker)})
    assert status == 0
    assert not alive(web) and not alive(worker)
    assert signal.getsignal(signal.SIGINT) is not run_local.interrupted  # the caller's handler is back
