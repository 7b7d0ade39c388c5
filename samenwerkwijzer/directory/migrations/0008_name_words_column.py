"""PostgreSQL: the name-search vector as a stored generated column with its GIN index, instead of a
GIN index on the expression (``name_index``). Nothing changes on SQLite."""

from django.db import migrations

COLUMN_SQL = (
    "ALTER TABLE directory_directoryentry ADD COLUMN IF NOT EXISTS name_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, name_search)) STORED"
)
INDEX_SQL = "CREATE INDEX IF NOT EXISTS directory_name_vector ON directory_directoryentry USING gin (name_words)"
EXPRESSION_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS directory_name_words ON directory_directoryentry "
    "USING gin (to_tsvector('simple'::regconfig, name_search))"
)


def to_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS directory_name_words")
        cursor.execute(COLUMN_SQL)
        cursor.execute(INDEX_SQL)


def to_expression(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS directory_name_vector")
        cursor.execute("ALTER TABLE directory_directoryentry DROP COLUMN IF EXISTS name_words")
        cursor.execute(EXPRESSION_INDEX_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_name_search"),
    ]

    operations = [migrations.RunPython(to_column, to_expression)]
