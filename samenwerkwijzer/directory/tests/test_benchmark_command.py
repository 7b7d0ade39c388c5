import json

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_benchmark_command_measures_and_writes_its_table(tmp_path):
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\n<!-- directory:start -->\nold\n<!-- directory:end -->\n\nafter\n")
    results = tmp_path / "results.json"
    call_command(
        "directory_benchmark",
        "--sizes", "400", "--profiles", "15", "--passes", "2", "--wipe",
        "--data-dir", str(tmp_path), "--results", str(results), "--output", str(output),
    )  # fmt: skip
    (stored,) = json.loads(results.read_text()).values()
    assert stored["n"] == 400 and stored["passes"] == 2 and stored["identical_results"] == "15/15"
    text = output.read_text()
    assert "old" not in text and text.endswith("after\n") and "| 400 |" in text


def test_the_name_benchmark_measures_both_baselines_and_writes_its_section(tmp_path):
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\n<!-- directory-names:start -->\nold\n<!-- directory-names:end -->\n\nafter\n")
    results = tmp_path / "names.json"
    call_command(
        "directory_name_benchmark",
        "--size", "300", "--queries", "12", "--passes", "1", "--baseline-sample", "4", "--wipe", "--changes", "0",
        "--data-dir", str(tmp_path), "--results", str(results), "--output", str(output),
    )  # fmt: skip
    (stored,) = json.loads(results.read_text()).values()
    for kind in ("name", "combined"):
        assert stored[kind]["queries"] == 12
        assert stored[kind]["identical_results"] == "4/4"  # the same pages as scoring every row
        assert stored[kind]["sql_p95_ms"] > 0
    text = output.read_text()
    assert "\nold\n" not in text and text.endswith("after\n") and f"| {connection.vendor} | 300 |" in text


def test_a_second_name_benchmark_compares_with_the_stored_python_baseline(tmp_path):
    """The Python baseline runs in memory, so the run on the other database reuses its pages (by
    KvK number) and timings instead of scanning every row again; a page that differs still counts."""
    results = tmp_path / "names.json"
    arguments = ["--size", "300", "--queries", "12", "--passes", "1", "--baseline-sample", "4", "--changes", "0",
                 "--data-dir", str(tmp_path), "--results", str(results), "--output", str(tmp_path / "b.md")]  # fmt: skip
    call_command("directory_name_benchmark", "--wipe", *arguments)
    store = tmp_path / "python-baseline-300-name.json"
    ((first_fingerprint, first),) = json.loads(store.read_text()).items()
    assert len(first["pages"]) == 4 and len(first["python_ms"]) == 4

    call_command("directory_name_benchmark", "--keep", "--skip", "combined", *arguments)
    (stored,) = json.loads(results.read_text()).values()
    assert stored["name"]["identical_results"] == "4/4"
    assert stored["name"]["python_baseline_from"].startswith(connection.vendor)
    assert json.loads(store.read_text()) == {first_fingerprint: first}  # reused, not measured again

    first["pages"][0] = first["pages"][0][::-1] if len(first["pages"][0]) > 1 else [["00000000", 1.0]]
    store.write_text(json.dumps({first_fingerprint: first}))
    call_command("directory_name_benchmark", "--keep", "--skip", "combined", *arguments)
    (stored,) = json.loads(results.read_text()).values()
    assert stored["name"]["identical_results"] == "3/4"


def test_the_python_baseline_can_run_after_the_timed_searches(tmp_path):
    """At 4M the timed searches run first (--no-python-baseline) and the hour-long Python baseline
    after them, so nothing else runs while our search is timed; the figures end up together."""
    results = tmp_path / "names.json"
    arguments = ["--size", "300", "--queries", "12", "--passes", "1", "--baseline-sample", "4", "--changes", "0",
                 "--data-dir", str(tmp_path), "--results", str(results), "--output", str(tmp_path / "b.md")]  # fmt: skip
    call_command("directory_name_benchmark", "--wipe", "--no-python-baseline", *arguments)
    (stored,) = json.loads(results.read_text()).values()
    assert "identical_results" not in stored["combined"] and stored["combined"]["sql_p95_ms"] > 0

    call_command("directory_name_benchmark", "--keep", "--python-baseline-only", *arguments)
    (stored,) = json.loads(results.read_text()).values()
    for kind in ("name", "combined"):
        assert stored[kind]["identical_results"] == "4/4" and stored[kind]["sql_p95_ms"] > 0
        assert stored[kind]["python_p95_ms"] > 0 and stored[kind]["queries"] == 12
    assert (tmp_path / "python-baseline-300-combined.json").exists()


def test_the_profile_benchmark_measures_a_loaded_directory_with_keep(tmp_path):
    from samenwerkwijzer.directory.benchmark import load_directory

    load_directory(400, tmp_path, say=lambda _text: None)
    results = tmp_path / "results.json"
    results.write_text(json.dumps({f"{connection.vendor}:400": {"import_s": 1.5}}))
    call_command(
        "directory_benchmark",
        "--sizes", "400", "--profiles", "10", "--passes", "1", "--keep",
        "--data-dir", str(tmp_path), "--results", str(results), "--output", str(tmp_path / "b.md"),
    )  # fmt: skip
    (stored,) = json.loads(results.read_text()).values()
    assert stored["identical_results"] == "10/10" and stored["import_s"] == 1.5  # the import that loaded it


def test_the_benchmark_change_file_is_a_valid_change_file(tmp_path):
    from samenwerkwijzer.directory import changes, name_benchmark
    from samenwerkwijzer.directory.benchmark import Generator
    from samenwerkwijzer.directory.importer import import_csv
    from samenwerkwijzer.directory.models import DirectoryEntry

    Generator().write_csv(tmp_path / "full.csv", 200)
    import_csv(str(tmp_path / "full.csv"))
    name_benchmark.write_change_file(tmp_path / "changes.csv", 200, 100)
    report = changes.apply_changes(str(tmp_path / "changes.csv"))
    assert DirectoryEntry.objects.count() == 200 - 10 + 20  # 10 deregistrations, 20 registrations
    assert (report.read, report.updated, report.deregistered, report.created) == (100, 70, 10, 20)
    assert not report.errors


def test_the_api_run_reports_the_peak_memory_of_the_server_workers():
    """The memory goal is about an app process while it searches: the server's workers, read from
    /proc (their highest VmHWM), not the benchmark process that also imported the data."""
    import os
    import subprocess
    import sys

    from samenwerkwijzer.directory.management.commands.directory_name_benchmark import worker_peak_memory

    worker = subprocess.Popen([sys.executable, "-c", "x = bytearray(60 * 1024 * 1024); import time; time.sleep(3)"])
    try:
        import time

        time.sleep(1.5)
        assert worker_peak_memory(os.getpid()) >= 60
    finally:
        worker.kill()
    assert worker_peak_memory(2**22 + 12345) is None  # no such process
