"""A real S3-compatible server for the storage tests: moto's server mode (``ThreadedMotoServer``, from
PyPI) on 127.0.0.1, in a thread of the test process, on a free port.

    server = start_s3()
    settings.STORAGES = server.storages()        # the app's default storage is now this bucket
    server.stop()

or, in a test module, the fixtures ``s3_server`` (one server per module) and ``s3`` (the app's default
storage is that server's bucket, emptied first), named in the module as
``s3_server = s3_support.s3_server`` and ``s3 = s3_support.s3`` (``from testsupport import s3 as s3_support``).

The bucket is created with boto3 (through django-storages' own connection). The storage options are
the ones settings.py uses for ``S3_BUCKET`` (``samenwerkwijzer.lib.storage.s3_storage``), with path
addressing as for any local server; moto accepts any key pair. ``unreachable_storages()`` points the
same options at a port on which nothing listens: object storage that is down.
"""

import socket
from dataclasses import dataclass

import pytest
from django.conf import settings
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from samenwerkwijzer.lib.storage import s3_storage

BUCKET = "samenwerkwijzer-test"
REGION = "us-east-1"


def _options(endpoint_url: str, bucket: str) -> dict:
    return s3_storage(
        bucket=bucket,
        endpoint_url=endpoint_url,
        access_key_id="test-key",
        secret_access_key="test-secret",
        region=REGION,
        addressing_style="path",
    )


def _with_default(default: dict) -> dict:
    return {**settings.STORAGES, "default": default}


@dataclass
class S3Server:
    server: ThreadedMotoServer
    endpoint_url: str
    bucket: str = BUCKET

    def storages(self, *, bucket: str | None = None) -> dict:
        """``STORAGES`` with this server's bucket (or another name, e.g. one that does not exist)."""
        return _with_default(_options(self.endpoint_url, bucket or self.bucket))

    def storage(self) -> S3Storage:
        return S3Storage(**_options(self.endpoint_url, self.bucket)["OPTIONS"])

    def object_url(self, name: str) -> str:
        """The object's plain address (no signature), as anyone on the network could try it."""
        return f"{self.endpoint_url}/{self.bucket}/{name}"

    def stop(self) -> None:
        self.server.stop()


def start_s3() -> S3Server:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    running = S3Server(server=server, endpoint_url=f"http://{host}:{port}")
    running.storage().connection.meta.client.create_bucket(Bucket=BUCKET)
    return running


def unreachable_storages() -> dict:
    """``STORAGES`` whose object storage is down: a loopback port that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return _with_default(_options(f"http://127.0.0.1:{port}", BUCKET))


@pytest.fixture(scope="module")
def s3_server():
    server = start_s3()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server: S3Server, settings):
    """The app's default storage is the bucket on the local S3 server, emptied before each test."""
    settings.STORAGES = s3_server.storages()
    s3_server.storage().bucket.objects.all().delete()
    return s3_server
