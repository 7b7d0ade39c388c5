"""The scheduled jobs: the foundation lists its own, each domain app registers its jobs from its own
``jobs.py`` (core/jobs.py never imports a domain app), and they run in the documented order."""

import ast
from pathlib import Path

from samenwerkwijzer.core import jobs

DOMAIN_APPS = ("agreements", "workspace", "instruments", "networks", "directory", "registry", "legalforms")


def test_every_job_is_registered_once_in_the_order_the_digest_needs():
    assert [name for name, _job in jobs.JOBS] == [
        "evaluation rounds opened",
        "round reminders",
        "meeting reminders",
        "pitfall warnings",
        "overdue action items announced",
        "daily digests",
        "signed agreements sealed",
        "archive timestamps renewed",
        "webhook retries queued",
        "retention clean-up queued",
        "abandoned tasks queued again",
    ]
    owners = {name: job.__module__ for name, job in jobs.JOBS}
    assert owners["evaluation rounds opened"] == "samenwerkwijzer.workspace.jobs"
    assert owners["signed agreements sealed"] == "samenwerkwijzer.agreements.jobs"


def test_the_jobs_module_of_the_foundation_imports_no_domain_app():
    tree = ast.parse(Path(jobs.__file__).read_text())
    imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
    assert imported  # it does import the foundation's own
    assert not [m for m in imported if m.split(".")[1:2] and m.split(".")[1] in DOMAIN_APPS]


def test_registering_a_name_again_replaces_it_and_keeps_the_order(monkeypatch):
    monkeypatch.setattr(jobs, "JOBS", list(jobs.JOBS))
    monkeypatch.setattr(jobs, "_order", dict(jobs._order))

    def early(*, now):
        return 0

    jobs.register_job("round reminders", early, order=5)
    names = [name for name, _job in jobs.JOBS]
    assert names[0] == "round reminders" and names.count("round reminders") == 1
    assert dict(jobs.JOBS)["round reminders"] is early
