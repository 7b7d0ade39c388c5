"""The personal-data ZIP moves from the database into the file storage (lib/storage.py), so that every
app node serves it. A ZIP already made is written to the storage under a new name, then the column
goes."""

from django.core.files.base import ContentFile
from django.db import migrations, models

import samenwerkwijzer.privacy.models


def zips_to_storage(apps, schema_editor):
    download_model = apps.get_model("privacy", "PersonalDataDownload")
    for download in download_model.objects.exclude(content=None).iterator():
        download.file.save("download.zip", ContentFile(bytes(download.content)), save=False)
        download.content = None
        download.save(update_fields=["file", "content"])


def zips_to_database(apps, schema_editor):
    download_model = apps.get_model("privacy", "PersonalDataDownload")
    for download in download_model.objects.exclude(file="").iterator():
        with download.file.open("rb") as handle:
            download.content = handle.read()
        download.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="personaldatadownload",
            name="file",
            field=models.FileField(blank=True, editable=False, upload_to=samenwerkwijzer.privacy.models.download_name),
        ),
        migrations.RunPython(zips_to_storage, zips_to_database),
        migrations.RemoveField(
            model_name="personaldatadownload",
            name="content",
        ),
        migrations.AlterField(
            model_name="personaldatadownload",
            name="status",
            field=models.CharField(
                choices=[("pending", "being prepared"), ("ready", "ready"), ("failed", "could not be prepared")],
                default="pending",
                max_length=10,
            ),
        ),
    ]
