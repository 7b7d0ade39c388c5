"""Queueing background tasks (django-tasks) only once the data they read is committed."""

from django.db import transaction


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` when the current transaction commits (at once outside one).

    A task queued inside a transaction that is rolled back never runs, and a worker never picks up
    a task before the rows it needs are visible to it. Arguments must be JSON-serialisable
    (ids, not model instances).
    """
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
