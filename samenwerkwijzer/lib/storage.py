"""Uploaded and generated files through Django's storage API (docs/configuration.md, "Bestanden").

The default storage is a local folder (``MEDIA_ROOT``) or, when ``S3_BUCKET`` is set, S3-compatible
object storage (django-storages), so that several app nodes share the same files. Objects are
private; the app streams them to the browser after its own access check (``open_for_download``),
so the access rules are the same for both storages and no link to the object leaves the app.

Object storage can be unreachable (endpoint down, wrong credentials): ``StorageUnavailable`` says so,
for the caller to answer calmly (a message next to the field, a 503 page, a task that retries).
Code never uses a local path of a stored file (``.path``): only the storage API.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.shortcuts import render

logger = logging.getLogger("samenwerkwijzer.storage")

# What a storage raises when it cannot do its work: the local disk (OSError: full, no permission)
# or object storage (botocore: no connection, a timeout, refused credentials, a missing bucket).
# FileNotFoundError is an OSError too: callers that mean "gone" catch it first.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class StorageUnavailable(Exception):
    """The file storage did not do what was asked (unreachable, or it refused our credentials)."""


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key_id: str = "",
    secret_access_key: str = "",
    region: str = "",
    addressing_style: str = "",
    expire_seconds: int = 60,
    location: str = "",
) -> dict:
    """The ``STORAGES["default"]`` entry for S3-compatible object storage (settings.py and the tests).

    Private objects: no ACL is sent (the bucket's own, private default applies), signed URLs (only
    used by tools, the app streams) expire after ``expire_seconds``, and a name already taken gets a
    suffix instead of overwriting another record's file. A short connect timeout and one retry, so
    that a request whose storage is down answers within seconds instead of holding a worker."""
    client_config = Config(
        s3={"addressing_style": addressing_style or "auto"},
        signature_version="s3v4",
        connect_timeout=5,
        read_timeout=30,
        retries={"max_attempts": 2, "mode": "standard"},
    )
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key_id or None,
        "secret_key": secret_access_key or None,
        "region_name": region or None,
        "location": location,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": expire_seconds,
        "file_overwrite": False,
        "client_config": client_config,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


@contextmanager
def storage_call(what: str) -> Iterator[None]:
    """Turn a storage's own failure into ``StorageUnavailable`` (logged); ``FileNotFoundError`` passes."""
    try:
        yield
    except FileNotFoundError:
        raise
    except STORAGE_ERRORS as error:
        logger.warning("File storage unavailable (%s): %s", what, error)
        raise StorageUnavailable(what) from error


def save_file(field_file: FieldFile, name: str, content: bytes, *, written: list[tuple]) -> None:
    """Write ``content`` through ``field_file``'s storage (the model is not saved) and note the name in
    ``written`` (see ``undone_on_error``); ``StorageUnavailable`` when the storage cannot."""
    with storage_call(f"save {name}"):
        field_file.save(name, ContentFile(content), save=False)
    written.append((field_file.storage, field_file.name))


def delete_file(storage, name: str) -> bool:
    """Delete a stored file; ``False`` (logged) when the storage cannot now: a file without a row is
    never served, so the caller carries on."""
    try:
        with storage_call(f"delete {name}"):
            storage.delete(name)
    except StorageUnavailable:
        return False
    return True


@contextmanager
def undone_on_error() -> Iterator[list[tuple]]:
    """Files written in the block (``save_file(..., written=...)``) are deleted again when the block
    raises. Put the ``transaction.atomic()`` that writes the rows *inside* this block:

        with undone_on_error() as written, transaction.atomic():
            save_file(record.file, "x.pdf", content, written=written)
            record.save()

    The file is written first and the rows after it; a row is thus never without its file, and when
    the rows fail (or their commit does) the file goes again, so no file stays without its row."""
    written: list[tuple] = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            delete_file(storage, name)
        raise


def open_for_download(field_file: FieldFile):
    """The stored file, open for reading and already fetched (so that a storage failure shows now, as
    ``StorageUnavailable``, not halfway through the response); ``FileNotFoundError`` when it is gone."""
    if not field_file:
        raise FileNotFoundError("no file")
    with storage_call(f"open {field_file.name}"):
        handle = field_file.storage.open(field_file.name, "rb")
        handle.read(0)  # object storage fetches the object here
    return handle


def unavailable(request):
    """The calm answer to a download while the file storage is unreachable: 503, plain Dutch."""
    response = render(request, "storage_unavailable.html", status=503)
    response["Retry-After"] = "60"
    return response
