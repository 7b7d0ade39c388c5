"""The databases' own text indexes over ``DirectoryEntry.name_search`` (docs/directory-search.md).

- PostgreSQL: ``pg_trgm`` with a GIN index (``gin_trgm_ops``) on the column; ``LIKE '% molen%'``
  is answered from it.
- SQLite: an FTS5 table with the trigram tokenizer over the column (external content: the entry
  table holds the text, the FTS table only its index), kept in step by triggers; the same
  patterns go to it as ``MATCH`` phrases (a phrase of trigrams is a substring).

No ``unaccent``: the column holds the normal form computed in Python (``names.search_text``), the
same function that reads the query, so both databases compare the very same strings.

The index only *pre-selects*: ``name_search.py`` scores every row it returns with
``names.score``. For a query word *q* the pre-selection asks for rows whose text holds ``" q"``
(a word starting with *q*) or ``" w "`` for every dictionary word *w* one typo away from *q*
(``typo_words``): exactly the rows in which *q* scores more than 0.
"""

from __future__ import annotations

from django.db import connection

from . import names

FTS_TABLE = "directory_name_fts"
GIN_INDEX = "directory_name_trgm"
ENTRY_TABLE = "directory_directoryentry"
WORD_TABLE = "directory_directorynameword"

_SQLITE_TRIGGERS = {
    "directory_name_fts_insert": """
        CREATE TRIGGER directory_name_fts_insert AFTER INSERT ON directory_directoryentry BEGIN
          INSERT INTO directory_name_fts(rowid, name_search) VALUES (new.id, new.name_search);
        END""",
    "directory_name_fts_delete": """
        CREATE TRIGGER directory_name_fts_delete AFTER DELETE ON directory_directoryentry BEGIN
          INSERT INTO directory_name_fts(directory_name_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
        END""",
    "directory_name_fts_update": """
        CREATE TRIGGER directory_name_fts_update AFTER UPDATE OF name_search ON directory_directoryentry BEGIN
          INSERT INTO directory_name_fts(directory_name_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
          INSERT INTO directory_name_fts(rowid, name_search) VALUES (new.id, new.name_search);
        END""",
}


def install(db=None) -> None:
    """Create the text index (and on SQLite its triggers), filled from the current rows."""
    db = db or connection
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {ENTRY_TABLE} USING gin (name_search gin_trgm_ops)"
            )
        elif db.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                f"name_search, content='{ENTRY_TABLE}', content_rowid='id', tokenize='trigram')"
            )
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
            for name, sql in _SQLITE_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(sql)


def uninstall(db=None) -> None:
    """Drop the text index: a first, large import rebuilds it once at the end (``install``)."""
    db = db or connection
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        elif db.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def remember_words(texts) -> None:
    """Add the words of these ``name_search`` texts to the dictionary (known words are kept)."""
    found = set()
    for text in texts:
        found |= names.vocabulary(text)
    if not found:
        return
    ordered = sorted(found)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            cursor.execute(
                f"INSERT INTO {WORD_TABLE} (word) VALUES {', '.join(['(%s)'] * len(chunk))} "  # noqa: S608
                "ON CONFLICT (word) DO NOTHING",
                chunk,
            )


def typo_words(query_words) -> dict[str, list[str]]:
    """Per query word, the dictionary words one typo away from it (``names.one_edit_apart``)."""
    variants = {word: names.typo_variants(word) for word in query_words}
    wanted = sorted(set().union(*variants.values())) if variants else []
    found: set[str] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT word FROM {WORD_TABLE} WHERE word = ANY(%s)", [wanted])  # noqa: S608
            found = {row[0] for row in cursor.fetchall()}
        else:
            for start in range(0, len(wanted), 5000):
                chunk = wanted[start : start + 5000]
                cursor.execute(
                    f"SELECT word FROM {WORD_TABLE} WHERE word IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                    chunk,
                )
                found |= {row[0] for row in cursor.fetchall()}
    return {word: sorted(variants[word] & found) for word in query_words}


def word_patterns(query_word: str, typos: list[str]) -> list[str]:
    """The substrings whose presence means the query word scores: a word starting with it, or a
    whole dictionary word one typo away."""
    return [f" {query_word}", *(f" {typo} " for typo in typos)]


def fts_expression(groups: list[list[str]], *, every: bool) -> str:
    """An FTS5 ``MATCH`` expression: per group any of its substrings; all groups (``every``) or any."""
    parts = ["(" + " OR ".join(f'"{pattern}"' for pattern in group) + ")" for group in groups]
    return (" AND " if every else " OR ").join(parts)
