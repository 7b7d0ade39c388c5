"""The personal API tokens live in the integrations app now (its migration 0002 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_only_verified_organisations_are_findable"),
        ("integrations", "0002_directory_tokens_become_read_tokens"),
    ]

    operations = [migrations.DeleteModel(name="ApiToken")]
