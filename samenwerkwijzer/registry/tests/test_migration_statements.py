"""Migration 0002: the per-collaboration signatory statements become extract submissions awaiting review."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from samenwerkwijzer.verification.models import ExtractSubmission
from testsupport.factories import make_personas

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("registry", "0001_initial")]
AFTER = [("registry", "0002_signatory_statements_become_extract_submissions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def latest_schema_afterwards():
    """Back to every app's latest migration after the test: this test migrates registry to 0001 (which
    also undoes its later migrations) and forward only to 0002, and later tests in the same worker
    need the whole schema."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_statements_become_pending_submissions_of_the_participants_organisation_with_the_same_file():
    p = make_personas()
    old_apps = migrate(BEFORE)
    statement_model = old_apps.get_model("registry", "SignatoryStatement")
    uploaded = []
    for signatories, moment in (
        ("Bob Partner, directeur (oud)", datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)),
        ("Bob Partner, directeur", datetime.datetime(2026, 5, 31, 22, 30, tzinfo=datetime.UTC)),
    ):
        statement = statement_model(
            participant_id=p.bob_participant.pk,
            signatories=signatories,
            extract_name="uittreksel.pdf",
            sha256="a" * 64,
            uploaded_by_id=p.bob.pk,
        )
        statement.extract.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        statement_model.objects.filter(pk=statement.pk).update(uploaded_at=moment)
        uploaded.append(statement.extract.name)

    migrate(AFTER)

    older, newer = ExtractSubmission.objects.order_by("uploaded_at")
    assert newer.organisation_id == p.beta.pk and newer.status == "pending"
    assert older.status == "withdrawn"
    assert newer.signatories == "Bob Partner, directeur" and newer.uploaded_by_id == p.bob.pk
    assert [older.extract.name, newer.extract.name] == uploaded
    # The day of the upload in Amsterdam: 22:30 UTC on 31 May is 1 June there.
    assert newer.extract_date == datetime.date(2026, 6, 1)
    assert newer.uploaded_at == datetime.datetime(2026, 5, 31, 22, 30, tzinfo=datetime.UTC)
    with newer.extract.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert "registry_signatorystatement" not in connection.introspection.table_names()
