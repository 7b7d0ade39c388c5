"""Queueing background tasks (django-tasks) only once the data they read is committed."""

from django.db import DEFAULT_DB_ALIAS, router, transaction


def _queued_in_the_same_database(task) -> bool:
    """True when ``task``'s queue is a table of the default database (django-tasks-db): its row is
    then written in the caller's transaction and becomes visible with the data, at the same commit."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` so that it runs only on committed data (at once outside a transaction).

    A task queued inside a transaction that is rolled back never runs, and a worker never picks up
    a task before the rows it needs are visible to it. With the database queue in the same database
    the task's row is written inside the transaction itself: one commit instead of two, and no task
    is lost when the process stops between the commit and the queueing. Any other backend (the
    immediate one of the tests, a queue elsewhere) is called when the transaction commits. Arguments
    must be JSON-serialisable (ids, not model instances).
    """
    if transaction.get_connection().in_atomic_block and _queued_in_the_same_database(task):
        task.enqueue(*args, **kwargs)
        return
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
