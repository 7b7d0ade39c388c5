"""The background task that makes an export job's file (``background_exports.py``)."""

from django_tasks import task

from samenwerkwijzer.lib.tasks import retried

from .models import ExportJob
from .services_exports import TEMPORARY, export_job_build, export_job_fail


@task()
def build_export(job_id: int, attempt: int = 1) -> None:
    """Make the file; a temporary failure is tried again later (``lib.tasks.retried``), and after the
    last attempt the job fails, and its page offers "Opnieuw proberen"."""

    def give_up(exc: Exception) -> None:
        export_job_fail(job_id=job_id, reason=ExportJob.Reason.UNAVAILABLE)

    with retried(build_export, job_id, attempt=attempt, on_give_up=give_up, retry_on=TEMPORARY):
        export_job_build(job_id=job_id, attempt=attempt)
