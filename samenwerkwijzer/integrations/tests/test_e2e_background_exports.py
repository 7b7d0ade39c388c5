"""The page of an export made in the background in a real browser (axe at 390 and 1280 px): while it is
made it asks for its status every 2 s (htmx, within the CSP) and shows the download button when done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samenwerkwijzer.integrations.background_exports import params_key
from samenwerkwijzer.integrations.models import ExportJob
from samenwerkwijzer.integrations.services_exports import export_job_build
from testsupport.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(person, email):
    person.goto("/accounts/login/")
    person.page.fill("input[name=login]", email)
    person.page.fill("input[name=password]", PASSWORD)
    person.submit()


def test_the_page_follows_the_job_until_its_download(new_page, personas):
    params = {"collaboration_id": personas.collaboration.pk, "organisation_id": personas.alpha.pk, "language": "nl"}
    job = ExportJob.objects.create(  # queued, not yet picked up by a worker
        kind="collaboration_zip",
        requested_by=personas.alice,
        params=params,
        key=params_key(params),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    phone = new_page(width=390, height=844)
    log_in(phone, "alice@example.org")
    phone.goto(f"/exports/{job.pk}/")  # axe at 390 px
    assert phone.page.locator("h1").inner_text() == "Uw export wordt gemaakt"
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.page.screenshot(path="var/e2e-export-job-390.png", full_page=True)

    export_job_build(job_id=job.pk, attempt=1)  # the worker makes it; the page notices by itself
    phone.page.get_by_role("link", name="Downloaden").wait_for(timeout=10_000)
    assert phone.page.locator("h1").inner_text() == "Uw export is klaar"
    phone.check()

    wide = new_page()
    log_in(wide, "alice@example.org")
    wide.goto(f"/exports/{job.pk}/")  # axe at 1280 px
    wide.page.screenshot(path="var/e2e-export-job-1280.png", full_page=True)
    with wide.page.expect_download() as download:
        wide.page.get_by_role("link", name="Downloaden").click()
    assert download.value.suggested_filename == job.__class__.objects.get(pk=job.pk).filename
