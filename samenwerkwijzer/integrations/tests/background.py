"""Test helper: fetch an export made in the background through its pages, as a person does."""

from django.urls import reverse

from samenwerkwijzer.integrations.models import ExportJob


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
