from samenwerkwijzer.lib.authz import LOGIN, PUBLIC, Expect


def charlies_download(p) -> int:
    """A ready download of charlie's own (someone else's is a 404: test_download.py)."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from samenwerkwijzer.privacy.models import PersonalDataDownload

    now = timezone.now()
    name = default_storage.save("privacy/downloads/matrix.zip", ContentFile(b"PK"))
    return PersonalDataDownload.objects.create(
        user=p.charlie, status="ready", file=name, ready_at=now, expires_at=now + timedelta(days=1)
    ).pk


EXPECTATIONS = {
    "privacy:download": Expect(LOGIN, methods=("GET", "POST")),
    "privacy:download_file": Expect(LOGIN, kwargs={"pk": charlies_download}),
    # A POST without the confirmation changes nothing; with it, allauth's reauthentication first.
    "privacy:delete": Expect(LOGIN, methods=("GET", "POST")),
    "privacy:reauthenticate_sso": Expect(LOGIN),
    "privacy:deleted": Expect(PUBLIC),
}
