"""Test helpers: fetch an export made in the background through its pages, as a person does; the
collaboration's export ZIP as its participants ask for it (test_background_exports, test_export_zip)."""

import pytest
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.integrations.models import ExportJob


def zip_url(personas) -> str:
    """The download URL of the personas' collaboration's export ZIP."""
    return reverse("export:collaboration_zip", args=[personas.collaboration.pk])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download_export(client, url, capture):
    """GET the download URL (the task runs at the commit), follow the 303 to the job's page, check its
    download button and return the download's response. ``capture`` is pytest-django's
    ``django_capture_on_commit_callbacks`` fixture."""
    with capture(execute=True):
        response = client.get(url)
    if response.status_code != 303:
        return response  # a refusal (403/404), the login page, a redirect elsewhere or a file just made
    job = ExportJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert response.url == reverse("export:job", args=[job.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    download = reverse("export:job_download", args=[job.pk])
    assert f'href="{download}"' in page.content.decode(), page.content.decode()
    return client.get(download)


def content(response) -> bytes:
    """The body of a (streamed) download."""
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(name="fetch")
def fetch_fixture(django_capture_on_commit_callbacks):
    """The fixture ``fetch(client, url)``: ``download_export`` with the commit's callbacks run, as a
    person gets the file: asked for, made in the background, downloaded from its page. A test module
    imports ``fetch_fixture`` to use it."""
    return lambda client, url: download_export(client, url, django_capture_on_commit_callbacks)
