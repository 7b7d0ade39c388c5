"""``lib/background.enqueue_after_commit``: a task runs only on committed data, with the database
queue in the same transaction (one commit), with any other backend after the commit."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from samenwerkwijzer.core.tests.task_examples import ATTEMPTS, flaky
from samenwerkwijzer.lib.background import enqueue_after_commit

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class RolledBack(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_gets_the_task_in_the_same_transaction(settings):
    settings.TASKS = DATABASE_BACKEND
    with transaction.atomic():
        enqueue_after_commit(flaky, "together", 1)
        # Written inside the transaction: committed with the data, no callback left for afterwards.
        assert DBTaskResult.objects.filter(args_kwargs__args=["together", 1]).count() == 1
        assert transaction.get_connection().run_on_commit == []
    assert DBTaskResult.objects.filter(args_kwargs__args=["together", 1]).count() == 1

    with pytest.raises(RolledBack), transaction.atomic():
        enqueue_after_commit(flaky, "rolled back", 1)
        raise RolledBack
    assert not DBTaskResult.objects.filter(args_kwargs__args=["rolled back", 1]).exists()


@pytest.mark.django_db(transaction=True)
def test_another_backend_is_called_only_after_the_commit():
    # The tests' immediate backend (conftest.py) runs the task as soon as it is queued.
    with transaction.atomic():
        enqueue_after_commit(flaky, "after the commit", 1)
        assert ("after the commit", 1) not in ATTEMPTS
    assert ("after the commit", 1) in ATTEMPTS

    with pytest.raises(RolledBack), transaction.atomic():
        enqueue_after_commit(flaky, "never", 1)
        raise RolledBack
    assert ("never", 1) not in ATTEMPTS
