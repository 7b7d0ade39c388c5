"""The page a download shows while the object storage is down, in a real browser at 390 and 1280 px
(axe, no CSP error): a calm 503 with a plain Dutch message, never a server error."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.privacy.models import PersonalDataDownload
from testsupport.factories import PASSWORD
from testsupport.s3 import unreachable_storages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_download_while_the_storage_is_down_shows_a_calm_page(new_page, personas, settings):
    now = timezone.now()
    name = default_storage.save("privacy/downloads/e2e.zip", ContentFile(b"PK"))
    download = PersonalDataDownload.objects.create(
        user=personas.alice, status="ready", file=name, ready_at=now, expires_at=now + timedelta(days=1)
    )
    settings.STORAGES = unreachable_storages()
    for width, height in ((390, 844), (1280, 900)):
        person = new_page(width=width, height=height)
        person.goto("/accounts/login/")
        person.page.fill("input[name=login]", "alice@example.org")
        person.page.fill("input[name=password]", PASSWORD)
        person.submit()
        response = person.page.goto(person.base_url + reverse("privacy:download_file", args=[download.pk]))
        person.check()
        assert response.status == 503
        assert person.page.locator("h1").inner_text() == "Het bestand kan nu niet worden opgehaald"
        assert person.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        person.page.screenshot(path=f"var/e2e-storage-unavailable-{width}.png", full_page=True)
