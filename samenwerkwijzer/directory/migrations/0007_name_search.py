from django.db import migrations, models


def fill_name_search(apps, schema_editor):
    """The name-search text of every entry there is, and the dictionary of its words."""
    from samenwerkwijzer.directory import names

    entry_model = apps.get_model("directory", "DirectoryEntry")
    word_model = apps.get_model("directory", "DirectoryNameWord")
    words = set()
    batch = []
    for entry in entry_model.objects.only("pk", "name", "trade_names").iterator(chunk_size=2000):
        entry.name_search = names.search_text(entry.name, [name for name in entry.trade_names.split(";") if name])
        words |= names.vocabulary(entry.name_search)
        batch.append(entry)
        if len(batch) >= 2000:
            entry_model.objects.bulk_update(batch, ["name_search"])
            batch = []
    entry_model.objects.bulk_update(batch, ["name_search"])
    word_model.objects.bulk_create([word_model(word=word) for word in sorted(words)], batch_size=2000)


def install_text_index(apps, schema_editor):
    from samenwerkwijzer.directory import name_index

    name_index.install(schema_editor.connection)


def uninstall_text_index(apps, schema_editor):
    from samenwerkwijzer.directory import name_index

    name_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0006_kvk_changes_and_trade_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="directoryentry",
            name="name_search",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.CreateModel(
            name="DirectoryNameWord",
            fields=[("word", models.CharField(max_length=200, primary_key=True, serialize=False))],
            options={"verbose_name": "word in company names", "verbose_name_plural": "words in company names"},
        ),
        migrations.RunPython(fill_name_search, migrations.RunPython.noop),
        migrations.RunPython(install_text_index, uninstall_text_index),
    ]
