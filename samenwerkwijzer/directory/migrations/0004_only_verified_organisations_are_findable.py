"""Only a verified organisation is findable in the partner directory.

Every organisation was unverified when verification came (organisations 0002), so a listing that
was findable then rests on nobody's proof: it stops being findable (its settings are kept, so the
organisation is findable again with one save once it is verified), and its public entry goes. An
imported record that such an organisation had taken over under its number goes too; the next
``import_directory`` brings the register's record back.
"""

import uuid

from django.db import migrations
from django.db.models import Count


def _recount(apps):
    DirectoryEntry = apps.get_model("directory", "DirectoryEntry")
    DirectorySbi = apps.get_model("directory", "DirectorySbi")
    DirectorySpecialism = apps.get_model("directory", "DirectorySpecialism")
    DirectoryStat = apps.get_model("directory", "DirectoryStat")
    stats = [DirectoryStat(kind="total", key=uuid.uuid4().hex, count=DirectoryEntry.objects.count())]
    for kind, model, column in (
        ("pc4", DirectoryEntry, "pc4"),
        ("mask", DirectoryEntry, "mask_pair"),
        ("size", DirectoryEntry, "size_class"),
        ("chain", DirectoryEntry, "chain"),
        ("sbi", DirectorySbi, "code"),
        ("tag", DirectorySpecialism, "tag"),
    ):
        for key, count in model.objects.values_list(column).annotate(n=Count("pk")).order_by():
            stats.append(DirectoryStat(kind=kind, key=str(key), count=count))
    DirectoryStat.objects.all().delete()
    DirectoryStat.objects.bulk_create(stats, batch_size=2000)


def unlist_unverified(apps, schema_editor):
    DirectoryListing = apps.get_model("directory", "DirectoryListing")
    DirectoryEntry = apps.get_model("directory", "DirectoryEntry")
    DirectoryListing.objects.filter(findable=True).exclude(organisation__verification_status="verified").update(
        findable=False
    )
    stale = DirectoryEntry.objects.filter(organisation__isnull=False).exclude(
        organisation__verification_status="verified"
    )
    if stale.exists():
        stale.delete()
        _recount(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_listing_culture"),
        ("organisations", "0002_verification"),
    ]

    operations = [migrations.RunPython(unlist_unverified, migrations.RunPython.noop)]
