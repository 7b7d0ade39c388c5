"""Exports made in the background (integrations/background_exports.py), through the pages: queued, made
at the commit, followed on the job's page, downloaded with the access check run again; failures,
"Opnieuw proberen", the reuse window and the retention clean-up."""

import dataclasses
import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.instruments.tests.factories import access_for
from samenwerkwijzer.integrations import background_exports
from samenwerkwijzer.integrations.export_zip import collaboration_export_zip
from samenwerkwijzer.integrations.models import ExportJob
from samenwerkwijzer.integrations.retention import remove_expired_exports
from samenwerkwijzer.integrations.services_exports import export_job_build
from samenwerkwijzer.integrations.tasks_exports import build_export
from samenwerkwijzer.integrations.tests.background import content, signed_in, zip_url
from samenwerkwijzer.integrations.tests.background import fetch_fixture as fetch_fixture  # the fixture "fetch"
from samenwerkwijzer.lib.tasks import TemporaryFailure

pytestmark = pytest.mark.django_db


def storage():
    return ExportJob._meta.get_field("file").storage


def names_and_data(payload: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "README.txt"}


@pytest.fixture
def broken_build(monkeypatch):
    """Make the collaboration ZIP's builder fail with the given exception (None: work again)."""
    kind = background_exports.KINDS["collaboration_zip"]

    def use(exc):
        def build(job, access):
            if exc is not None:
                raise exc
            return kind.build(job, access)

        monkeypatch.setitem(background_exports.KINDS, "collaboration_zip", dataclasses.replace(kind, build=build))

    return use


def test_asking_queues_a_job_whose_page_follows_it_until_the_download(personas, django_capture_on_commit_callbacks):
    client = signed_in(personas.bob)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(zip_url(personas))
    job = ExportJob.objects.get()
    assert response.status_code == 303 and response.url == reverse("export:job", args=[job.pk])
    assert job.status == "queued" and job.requested_by == personas.bob and len(queued) == 1

    page = client.get(response.url).content.decode()
    assert "Uw export wordt gemaakt" in page and 'hx-trigger="every 2s"' in page
    assert f'href="{reverse("export:job", args=[job.pk])}"' in page and "Vernieuwen" in page
    # htmx asks for the status part alone; the download is not there yet.
    part = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert part.strip().startswith('<div id="export-job"') and "<html" not in part
    assert client.get(reverse("export:job_download", args=[job.pk])).status_code == 302

    queued[0]()  # the commit: the task runs (ImmediateBackend)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1 and job.filename.startswith("export-zonnedak-zwaluwstaart-")
    part = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in part and "Uw export is klaar" in part and "Downloaden" in part

    download = client.get(reverse("export:job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert download["Cache-Control"] == "private, no-store"
    # The same as the file made directly for bob, as the download URL used to answer.
    direct = collaboration_export_zip(access_for(personas.bob, personas.collaboration))
    assert names_and_data(content(download)) == names_and_data(direct)


def test_the_file_just_made_is_served_again_and_a_later_request_makes_a_new_one(
    personas, django_capture_on_commit_callbacks, settings, fetch
):
    client = signed_in(personas.alice)
    first = fetch(client, zip_url(personas))
    again = client.get(zip_url(personas))  # within EXPORT_REUSE_SECONDS: the file at once
    assert again.status_code == 200 and content(again) == content(first)
    assert ExportJob.objects.count() == 1

    ExportJob.objects.update(finished_at=timezone.now() - timedelta(seconds=settings.EXPORT_REUSE_SECONDS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(zip_url(personas)).status_code == 303
    assert ExportJob.objects.filter(status="done").count() == 2


def test_a_second_request_while_it_is_made_follows_the_same_job(personas, django_capture_on_commit_callbacks):
    client = signed_in(personas.alice)
    with django_capture_on_commit_callbacks(execute=False):
        first = client.get(zip_url(personas))
        second = client.get(zip_url(personas))
    assert first.url == second.url and ExportJob.objects.count() == 1


def test_only_the_person_who_asked_and_only_while_they_have_access(personas, fetch):
    fetch(signed_in(personas.bob), zip_url(personas))
    job = ExportJob.objects.get()
    pages = [reverse(name, args=[job.pk]) for name in ("export:job", "export:job_download")]
    for user in (personas.alice, personas.charlie, personas.dave, personas.olivia):
        for page in pages:
            assert signed_in(user).get(page).status_code == 404
        assert signed_in(user).post(reverse("export:job_retry", args=[job.pk])).status_code == 404
    assert signed_in(personas.bob).get(pages[1]).status_code == 200

    # bob's organisation leaves the collaboration: the file he made before is no longer his to fetch.
    Participant.objects.filter(collaboration=personas.collaboration, organisation=personas.beta).delete()
    for page in pages:
        assert signed_in(personas.bob).get(page).status_code == 404
    assert signed_in(personas.bob).get(zip_url(personas)).status_code == 404


def test_access_lost_before_the_worker_came_fails_the_job(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        signed_in(personas.bob).get(zip_url(personas))
    Participant.objects.filter(collaboration=personas.collaboration, organisation=personas.beta).delete()
    queued[0]()
    job = ExportJob.objects.get()
    assert job.status == "failed" and job.error == "access" and not job.file


def test_an_error_fails_the_job_and_opnieuw_proberen_makes_it(
    personas, django_capture_on_commit_callbacks, broken_build
):
    client = signed_in(personas.alice)
    broken_build(ValueError("kapot"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(zip_url(personas))
    job = ExportJob.objects.get()
    assert job.status == "failed" and job.error == "error" and job.attempts == 1
    page = client.get(response.url).content.decode()
    assert "Uw export is niet gelukt" in page and "Opnieuw proberen" in page and "job_download" not in page

    broken_build(None)
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(reverse("export:job_retry", args=[job.pk]))
    assert retried.status_code == 302 and retried.url == reverse("export:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.error == "" and storage().exists(job.file.name)
    # Trying again a job that is done changes nothing.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("export:job_retry", args=[job.pk]))
    assert callbacks == [] and ExportJob.objects.get().status == "done"


def test_a_temporary_failure_is_tried_again_and_then_given_up(
    personas, django_capture_on_commit_callbacks, broken_build, settings
):
    settings.TASK_MAX_ATTEMPTS = 3
    broken_build(TemporaryFailure("de opslag antwoordt niet"))
    client = signed_in(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(zip_url(personas))
    job = ExportJob.objects.get()
    assert job.status == "failed" and job.error == "unavailable" and job.attempts == 3
    assert "een dienst antwoordde niet" in client.get(response.url).content.decode()


def test_a_storage_that_refuses_the_file_leaves_nothing(personas, django_capture_on_commit_callbacks, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no space left")

    monkeypatch.setattr(storage(), "save", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(personas.alice).get(zip_url(personas))
    job = ExportJob.objects.get()
    assert job.status == "failed" and job.error == "unavailable" and not job.file


def test_the_task_does_its_work_once(personas, monkeypatch, fetch):
    fetch(signed_in(personas.alice), zip_url(personas))
    job = ExportJob.objects.get()
    made = job.file.name
    build_export.enqueue(job.pk)  # again, e.g. a worker that was killed after finishing
    job.refresh_from_db()
    assert job.file.name == made and job.attempts == 1
    export_job_build(job_id=job.pk + 1000, attempt=1)  # a job removed meanwhile: nothing to do

    # Two workers at once: the one that finishes second throws its file away.
    job = ExportJob.objects.create(
        kind="collaboration_zip", requested_by=personas.alice, params=job.params, key="x", expires_at=job.expires_at
    )
    kind = background_exports.KINDS["collaboration_zip"]

    def finished_elsewhere(found, access):
        ExportJob.objects.filter(pk=found.pk).update(status="done", file="exports/elsewhere.zip")
        return kind.build(found, access)

    monkeypatch.setitem(
        background_exports.KINDS, "collaboration_zip", dataclasses.replace(kind, build=finished_elsewhere)
    )
    export_job_build(job_id=job.pk, attempt=1)
    assert ExportJob.objects.get(pk=job.pk).file.name == "exports/elsewhere.zip"
    assert storage().listdir(f"exports/{job.pk}")[1] == []


def test_a_file_that_could_not_be_recorded_is_removed(personas, monkeypatch):
    from samenwerkwijzer.integrations import services_exports

    job = ExportJob.objects.create(
        kind="collaboration_zip",
        requested_by=personas.alice,
        params={"collaboration_id": personas.collaboration.pk, "organisation_id": personas.alpha.pk},
        key="x",
        expires_at=timezone.now() + timedelta(hours=1),
    )

    def database_gone(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services_exports, "_export_job_done", database_gone)
    with pytest.raises(RuntimeError):
        export_job_build(job_id=job.pk, attempt=1)
    assert storage().listdir(f"exports/{job.pk}")[1] == []


def test_a_file_gone_from_the_storage_is_made_again(personas, django_capture_on_commit_callbacks, fetch):
    client = signed_in(personas.alice)
    fetch(client, zip_url(personas))
    job = ExportJob.objects.get()
    storage().delete(job.file.name)
    # From the job's page: it says so and offers to try again.
    response = client.get(reverse("export:job_download", args=[job.pk]))
    assert response.status_code == 302 and "Opnieuw proberen" in client.get(response.url).content.decode()
    # From the download URL (the job of a moment ago): a new one.
    ExportJob.objects.filter(pk=job.pk).update(status="done")
    with django_capture_on_commit_callbacks(execute=True):
        again = client.get(zip_url(personas))
    assert again.status_code == 303 and ExportJob.objects.filter(status="done").exclude(pk=job.pk).count() == 1
    assert ExportJob.objects.get(pk=job.pk).status == "failed"


def test_expired_files_and_jobs_are_removed(personas, settings, fetch):
    client = signed_in(personas.alice)
    fetch(client, zip_url(personas))
    old = ExportJob.objects.get()
    settings.EXPORT_REUSE_SECONDS = 0
    fetch(signed_in(personas.bob), zip_url(personas))
    young = ExportJob.objects.exclude(pk=old.pk).get()
    ExportJob.objects.create(  # one that failed without a file
        kind="collaboration_zip",
        requested_by=personas.alice,
        params={},
        key="{}",
        status="failed",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert old.expires_at - old.finished_at == timedelta(hours=settings.EXPORT_RETENTION_HOURS)

    assert remove_expired_exports(old.expires_at) == 2
    assert list(ExportJob.objects.all()) == [young]
    assert not storage().exists(old.file.name) and storage().exists(young.file.name)
    assert client.get(reverse("export:job_download", args=[old.pk])).status_code == 404


def test_a_job_of_a_kind_no_app_registers_is_nobodys(personas):
    job = ExportJob.objects.create(
        kind="gone", requested_by=personas.alice, params={}, key="{}", expires_at=timezone.now() + timedelta(hours=1)
    )
    assert signed_in(personas.alice).get(reverse("export:job", args=[job.pk])).status_code == 404


def test_deleting_an_account_removes_its_exports(personas, fetch):
    from samenwerkwijzer.privacy.registry import ERASURES

    fetch(signed_in(personas.alice), zip_url(personas))
    job = ExportJob.objects.get()
    erase, describe = ERASURES["exports"]
    assert describe(personas.alice) == [] and erase(personas.alice) == []
    assert not ExportJob.objects.exists() and not storage().exists(job.file.name)
