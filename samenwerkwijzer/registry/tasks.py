"""Background tasks of the registry app (django-tasks; carried out by ``manage.py db_worker``)."""

from django_tasks import task

from samenwerkwijzer.lib.tasks import retried

from . import services


@task()
def run_registry_check(check_id: int, attempt: int = 1) -> None:
    """Carry out a queued reliability check. A registry that cannot be reached is tried again
    (``lib/tasks.retried``: TASK_MAX_ATTEMPTS, with backoff); after the last attempt the check is
    marked failed, and its page offers "opnieuw proberen". A check already done is not redone."""
    with retried(
        run_registry_check,
        check_id,
        attempt=attempt,
        on_give_up=lambda error: services.registry_check_failed(check_id=check_id, error=error),
    ):
        services.registry_check_perform(check_id=check_id, attempt=attempt)
