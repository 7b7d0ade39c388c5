"""Files through Django's storage API against a real S3-compatible server (moto's server mode on
127.0.0.1, testsupport/s3.py): the Handelsregister extract and the personal-data ZIP are private
objects in the bucket, downloaded only through the app after its access check; when the object
storage is down an upload says so next to the field and writes nothing, a download answers a calm
503, and the personal-data task retries and then says so."""

import http.client
import io
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.lib.storage import s3_storage
from samenwerkwijzer.privacy import personal_data
from samenwerkwijzer.privacy import services as privacy_services
from samenwerkwijzer.privacy.models import PersonalDataDownload
from samenwerkwijzer.verification import services as verification_services
from samenwerkwijzer.verification.models import ExtractSubmission
from samenwerkwijzer.verification.tests.factories import PDF, make_submission
from testsupport import s3 as s3_support
from testsupport.factories import UserFactory, log_in_with_second_factor
from testsupport.s3 import S3Server, unreachable_storages

pytestmark = pytest.mark.django_db

# The local S3 server (one per module) and its bucket as the app's default storage.
s3_server = s3_support.s3_server
s3 = s3_support.s3

KVK = "69599084"
UNAVAILABLE = "De bestandsopslag is op dit moment niet bereikbaar."
NOT_STORED = "Het bestand kon niet worden opgeslagen: de bestandsopslag is op dit moment niet bereikbaar."


def objects(s3: S3Server) -> list[str]:
    return sorted(item.key for item in s3.storage().bucket.objects.all())


def unsigned_get(url: str) -> int:
    """The status of a plain GET without any signature, as anyone could try."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def alpha(personas):
    personas.alpha.kvk_number = KVK
    personas.alpha.save(update_fields=["kvk_number"])
    return personas.alpha


def post_extract(client, organisation, *, signatories="A. Lead, bestuurder"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "extract": SimpleUploadedFile("uittreksel.pdf", PDF, content_type="application/pdf"),
        "extract_date": verification_services.today_in_amsterdam().isoformat(),
        "signatories": signatories,
    }
    return client.post(reverse("verification:extract_upload", args=[organisation.pk]), data)


def test_the_settings_give_private_objects_with_short_signed_links():
    options = s3_storage(bucket="b", endpoint_url="http://127.0.0.1:9000", addressing_style="path")["OPTIONS"]
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] == 60 and options["file_overwrite"] is False
    assert options["client_config"].s3 == {"addressing_style": "path"}


# --- The extract -------------------------------------------------------------------------------------------------


def test_an_uploaded_extract_is_a_private_object_that_only_the_app_hands_out(client, s3, alpha, personas, settings):
    p = personas
    client.force_login(p.alice)
    assert post_extract(client, alpha).status_code == 302
    submission = ExtractSubmission.objects.get()
    assert objects(s3) == [submission.extract.name]
    assert not (settings.MEDIA_ROOT).exists()  # nothing on the local disk
    # Anyone can try the bucket address: the object is private.
    assert unsigned_get(s3.object_url(submission.extract.name)) == 403

    # The reviewer reads it through the app.
    reviewer = UserFactory(email="rita@example.org", is_staff=True)
    log_in_with_second_factor(client, reviewer)
    shown = client.get(reverse("verification:review_extract", args=[submission.pk]))
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PDF

    # Once approved, a partner in the collaboration downloads it; an outsider does not.
    ExtractSubmission.objects.filter(pk=submission.pk).update(status=ExtractSubmission.Status.APPROVED)
    url = reverse("registry:extract_download", args=[p.collaboration.pk, submission.pk])
    client.force_login(p.bob)
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(p.dave)
    assert client.get(url).status_code == 404


def test_when_the_storage_is_down_an_upload_says_so_next_to_the_field_and_nothing_is_written(
    client, s3, alpha, personas, settings
):
    client.force_login(personas.alice)
    earlier = make_submission(alpha, user=personas.alice)  # awaiting review, in the bucket
    before = objects(s3)
    settings.STORAGES = unreachable_storages()
    response = post_extract(client, alpha, signatories="B. Bestuurder")
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_STORED in page and response.context["form"].errors["extract"]
    assert 'value="B. Bestuurder"' in page  # what was typed stays
    # The earlier upload still awaits review; no row and no object was added.
    assert list(ExtractSubmission.objects.values_list("pk", "status")) == [(earlier.pk, "pending")]
    assert objects(s3) == before


def test_a_bucket_that_does_not_exist_is_a_storage_fault_too(client, s3, alpha, personas, settings):
    settings.STORAGES = s3.storages(bucket="no-such-bucket")
    client.force_login(personas.alice)
    response = post_extract(client, alpha)
    assert response.status_code == 200 and NOT_STORED in response.content.decode()
    assert not ExtractSubmission.objects.exists()


def test_when_the_rows_fail_after_the_file_was_stored_the_file_goes_again(s3, alpha, personas, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samenwerkwijzer.organisations.models import Membership

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(ExtractSubmission, "save", broken_save)
    membership = Membership.objects.get(user=personas.alice, organisation=alpha)
    with pytest.raises(DatabaseError):
        verification_services.extract_submit(
            membership=membership,
            upload=SimpleUploadedFile("uittreksel.pdf", PDF),
            extract_date=verification_services.today_in_amsterdam(),
        )
    assert objects(s3) == []
    assert not ExtractSubmission.objects.exists()


def test_a_download_while_the_storage_is_down_is_a_calm_503(client, s3, personas, settings):
    p = personas
    submission = make_submission(p.beta, user=p.bob, status=ExtractSubmission.Status.APPROVED)
    settings.STORAGES = unreachable_storages()
    client.force_login(p.alice)
    response = client.get(reverse("registry:extract_download", args=[p.collaboration.pk, submission.pk]))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert UNAVAILABLE in response.content.decode()
    reviewer = UserFactory(email="rita@example.org", is_staff=True)
    log_in_with_second_factor(client, reviewer)
    response = client.get(reverse("verification:review_extract", args=[submission.pk]))
    assert response.status_code == 503 and UNAVAILABLE in response.content.decode()


# --- The personal-data download ----------------------------------------------------------------------------------


def request_download(client, user, django_capture_on_commit_callbacks) -> PersonalDataDownload:
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:download")).status_code == 302
    return PersonalDataDownload.objects.filter(user=user).first()


def test_the_personal_data_zip_is_a_private_object_served_to_its_owner_and_deleted_when_it_expires(
    client, s3, personas, django_capture_on_commit_callbacks
):
    download = request_download(client, personas.alice, django_capture_on_commit_callbacks)
    assert download.status == PersonalDataDownload.Status.READY
    name = download.file.name
    assert name.startswith("privacy/downloads/") and objects(s3) == [name]
    assert unsigned_get(s3.object_url(name)) == 403

    response = client.get(reverse("privacy:download_file", args=[download.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    content = b"".join(response.streaming_content)
    assert content == s3.storage().open(name).read()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "account.json" in archive.namelist()
    client.force_login(personas.bob)
    assert client.get(reverse("privacy:download_file", args=[download.pk])).status_code == 404

    PersonalDataDownload.objects.filter(pk=download.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert personal_data.clean_up(timezone.now()) == 1
    assert not PersonalDataDownload.objects.exists() and objects(s3) == []


def test_deleting_the_account_deletes_the_zip_in_the_storage(client, s3, personas, django_capture_on_commit_callbacks):
    download = request_download(client, personas.anna, django_capture_on_commit_callbacks)
    assert objects(s3) == [download.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        privacy_services.delete_account(user=personas.anna)
    assert objects(s3) == []


def test_a_zip_file_without_its_row_is_swept_up_after_a_day(s3, personas, django_capture_on_commit_callbacks):
    kept = default_storage.save("privacy/downloads/kept.zip", ContentFile(b"zip"))
    PersonalDataDownload.objects.create(user=personas.alice, status="ready", file=kept)
    orphan = default_storage.save("privacy/downloads/orphan.zip", ContentFile(b"zip"))
    assert privacy_services.orphaned_files_delete(now=timezone.now()) == 0  # too young: may be a task's
    assert privacy_services.orphaned_files_delete(now=timezone.now() + timedelta(days=2)) == 1
    assert objects(s3) == [kept] and orphan != kept


def test_when_the_storage_stays_down_the_task_retries_then_says_so(
    client, s3, personas, settings, django_capture_on_commit_callbacks
):
    settings.TASK_MAX_ATTEMPTS = 2
    settings.STORAGES = unreachable_storages()
    mail.outbox.clear()
    download = request_download(client, personas.alice, django_capture_on_commit_callbacks)
    assert download.status == PersonalDataDownload.Status.FAILED and not download.file
    assert mail.outbox == []
    page = client.get(reverse("privacy:download")).content.decode()
    assert "Uw gegevens konden niet worden voorbereid" in page and "Nieuwe download klaarzetten" in page
    # With the storage back, asking again works.
    settings.STORAGES = s3.storages()
    download = request_download(client, personas.alice, django_capture_on_commit_callbacks)
    assert download.status == PersonalDataDownload.Status.READY and objects(s3) == [download.file.name]


def test_a_zip_download_while_the_storage_is_down_is_a_calm_503(
    client, s3, personas, settings, django_capture_on_commit_callbacks
):
    download = request_download(client, personas.alice, django_capture_on_commit_callbacks)
    settings.STORAGES = unreachable_storages()
    response = client.get(reverse("privacy:download_file", args=[download.pk]))
    assert response.status_code == 503 and UNAVAILABLE in response.content.decode()


def test_a_zip_whose_object_is_gone_answers_404(client, s3, personas, django_capture_on_commit_callbacks):
    download = request_download(client, personas.alice, django_capture_on_commit_callbacks)
    s3.storage().delete(download.file.name)
    assert client.get(reverse("privacy:download_file", args=[download.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_a_zip_kept_in_the_database_into_the_storage(s3):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("privacy", "0001_initial")], [("privacy", "0002_zip_in_file_storage")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("privacy")
    try:
        executor.migrate(before)
        old_model = executor.loader.project_state(before).apps.get_model("privacy", "PersonalDataDownload")
        user = UserFactory(email="erik@example.org")
        old_model.objects.create(user_id=user.pk, status="ready", content=b"PK old zip")
        old_model.objects.create(user_id=user.pk, status="pending")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new_model = executor.loader.project_state(after).apps.get_model("privacy", "PersonalDataDownload")
        ready, pending = new_model.objects.order_by("-status", "pk")
        assert pending.file.name == "" and ready.file.name.startswith("privacy/downloads/")
        assert objects(s3) == [ready.file.name]
        assert s3.storage().open(ready.file.name).read() == b"PK old zip"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
