"""Migration integrations 0002: the directory's tokens become read tokens that expire in a year."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from samenwerkwijzer.integrations.models import ApiToken
from testsupport.factories import make_personas

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("directory", "0004_only_verified_organisations_are_findable"), ("integrations", "0001_api_tokens")]
AFTER = [("directory", "0005_api_tokens_moved_to_integrations")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_directory_tokens_become_read_tokens_with_the_same_hash_that_expire_in_a_year():
    p = make_personas()
    try:
        old_apps = migrate(BEFORE)
        old_token = old_apps.get_model("directory", "ApiToken")
        made = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
        used = datetime.datetime(2026, 11, 30, 17, 0, tzinfo=datetime.UTC)
        for user, name, token_hash, last_used_at in (
            (p.charlie, "script", "a" * 64, used),
            (p.alice, "dashboard", "b" * 64, None),
        ):
            token = old_token.objects.create(
                user_id=user.pk, name=name, token_hash=token_hash, last_used_at=last_used_at
            )
            old_token.objects.filter(pk=token.pk).update(created_at=made)
        before = timezone.now()

        migrate(AFTER)

        migrated = {token.token_hash: token for token in ApiToken.objects.all()}
        assert set(migrated) == {"a" * 64, "b" * 64}
        script = migrated["a" * 64]
        assert (script.user_id, script.name, script.scope) == (p.charlie.pk, "script", "read")
        assert (script.organisation_id, script.collaboration_id) == (None, None)
        assert script.created_at == made and script.last_used_at == used
        assert migrated["b" * 64].user_id == p.alice.pk and migrated["b" * 64].last_used_at is None
        year = datetime.timedelta(days=365)
        assert before + year <= script.expires_at <= timezone.now() + year
        assert "directory_apitoken" not in connection.introspection.table_names()
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())
