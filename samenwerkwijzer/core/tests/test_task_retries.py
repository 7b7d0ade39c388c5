"""Retries of background tasks (lib/tasks.py): on the database backend, as in production, and on the
ImmediateBackend the tests and TASKS_IMMEDIATE use."""

import io
import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samenwerkwijzer.core.tests import task_examples
from samenwerkwijzer.core.tests.task_examples import broken, flaky, flaky_without_give_up
from samenwerkwijzer.lib.tasks import TemporaryFailure, backoff, retried

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def clean_record():
    task_examples.ATTEMPTS.clear()
    task_examples.GIVEN_UP.clear()
    yield
    task_examples.ATTEMPTS.clear()
    task_examples.GIVEN_UP.clear()


def test_the_backoff_doubles_per_attempt_up_to_an_hour(settings):
    settings.TASK_RETRY_BACKOFF_SECONDS = 30
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(20) == timedelta(hours=1)


@pytest.mark.django_db
def test_a_temporary_failure_queues_the_next_attempt_later(settings, django_capture_on_commit_callbacks, caplog):
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_RETRY_BACKOFF_SECONDS = 30
    before = timezone.now()

    with (
        caplog.at_level(logging.WARNING, logger="samenwerkwijzer.lib.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        flaky.call("k", 9, attempt=2)

    again = DBTaskResult.objects.get()
    assert again.status == "READY"
    assert again.args_kwargs == {"args": ["k", 9], "kwargs": {"attempt": 3}}
    assert again.task_path.endswith("task_examples.flaky")
    expected = before + backoff(2)  # 60 s after attempt 2
    assert expected <= again.run_after <= timezone.now() + backoff(2)
    assert task_examples.GIVEN_UP == []
    assert "attempt 2 of 5 failed" in caplog.text


@pytest.mark.django_db
def test_the_last_attempt_gives_up_once_and_queues_nothing(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_MAX_ATTEMPTS = 3

    with django_capture_on_commit_callbacks(execute=True) as queued:
        flaky.call("k", 9, attempt=3)

    assert queued == []
    assert not DBTaskResult.objects.exists()
    assert task_examples.GIVEN_UP == [("k", "attempt 3: the service did not answer")]


@pytest.mark.django_db
def test_without_a_give_up_handler_the_last_attempt_fails_the_task(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_BACKEND
    with django_capture_on_commit_callbacks(execute=True) as queued, pytest.raises(TemporaryFailure):
        flaky_without_give_up.call("k", attempt=2)
    assert queued == []


def test_an_exception_not_listed_is_not_retried():
    calls = []
    with pytest.raises(KeyError), retried(flaky, "k", 1, attempt=1, retry_on=(TimeoutError,)):
        calls.append(1)
        raise KeyError("bug")
    assert calls == [1]


# A real transaction per statement, as in production: the worker closes and reopens its connection.
@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_until_it_succeeds_then_stops(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_RETRY_BACKOFF_SECONDS = 0  # every next attempt is due at once
    first = flaky.enqueue("ok", 3)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())

    assert task_examples.ATTEMPTS == [("ok", 1), ("ok", 2), ("ok", 3)]
    rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [row.args_kwargs["kwargs"].get("attempt", 1) for row in rows] == [1, 2, 3]
    assert str(rows[0].id) == first.id
    assert [row.status for row in rows] == ["SUCCESSFUL"] * 3
    assert rows[-1].return_value == "done at 3"
    assert task_examples.GIVEN_UP == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_gives_up_after_the_last_attempt_exactly_once(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_RETRY_BACKOFF_SECONDS = 0
    settings.TASK_MAX_ATTEMPTS = 4
    flaky.enqueue("down", 99)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())

    assert task_examples.ATTEMPTS == [("down", 1), ("down", 2), ("down", 3), ("down", 4)]
    assert task_examples.GIVEN_UP == [("down", "attempt 4: the service did not answer")]
    assert DBTaskResult.objects.count() == 4
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()  # the failure is recorded by on_give_up


@pytest.mark.django_db(transaction=True)
def test_the_worker_does_not_retry_a_programming_error(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.TASK_RETRY_BACKOFF_SECONDS = 0
    broken.enqueue("bug")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())

    assert task_examples.ATTEMPTS == [("bug", 1)]
    row = DBTaskResult.objects.get()
    assert row.status == "FAILED"
    assert row.exception_class_path == "builtins.ValueError"
    assert task_examples.GIVEN_UP == []


@pytest.mark.django_db
def test_on_the_immediate_backend_the_retries_run_at_once(django_capture_on_commit_callbacks):
    # conftest.py: the ImmediateBackend, which cannot defer: the next attempt runs after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        flaky.enqueue("now", 3)
    assert task_examples.ATTEMPTS == [("now", 1), ("now", 2), ("now", 3)]
    assert not DBTaskResult.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        flaky.enqueue("never", 99)
    assert [a for k, a in task_examples.ATTEMPTS if k == "never"] == [1, 2, 3, 4, 5]
    assert task_examples.GIVEN_UP == [("never", "attempt 5: the service did not answer")]
