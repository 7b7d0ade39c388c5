"""The personal API tokens of the directory become integration tokens.

Existing tokens keep working (same hash, so the same token) as read tokens without limits, and
expire one year after this change.
"""

import datetime

from django.db import migrations
from django.utils import timezone


def directory_tokens_become_read_tokens(apps, schema_editor):
    OldToken = apps.get_model("directory", "ApiToken")
    NewToken = apps.get_model("integrations", "ApiToken")
    expires_at = timezone.now() + datetime.timedelta(days=365)
    taken = set(NewToken.objects.values_list("token_hash", flat=True))
    NewToken.objects.bulk_create(
        [
            NewToken(
                user_id=old.user_id,
                name=old.name,
                token_hash=old.token_hash,
                scope="read",
                organisation=None,
                collaboration=None,
                created_at=old.created_at,
                last_used_at=old.last_used_at,
                expires_at=expires_at,
            )
            for old in OldToken.objects.all()
            if old.token_hash not in taken
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_api_tokens"),
        ("directory", "0004_only_verified_organisations_are_findable"),
    ]

    operations = [migrations.RunPython(directory_tokens_become_read_tokens, migrations.RunPython.noop)]
