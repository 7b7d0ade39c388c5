"""The databases' own full-text indexes over ``DirectoryEntry.name_search`` (docs/directory-search.md).

The column holds the words of an entry's names in their normal form (``names.search_text``), so
the index only has to find *words*: a word, a word starting with some letters, or one of a few
dictionary words.

- PostgreSQL: full-text search with the ``simple`` configuration (no stemming, no stop words): a
  stored generated column ``name_words`` = ``to_tsvector('simple', name_search)`` and a GIN index on
  it; a query word is ``'molen':*`` (the word or a word starting with it), a typo candidate
  ``'moolen'``. Stored, so that the heap rows the index points to are checked against the vector
  kept in them instead of parsing ``name_search`` again for each (an index on the expression did
  that: about half of a query's time at 1M rows, docs/benchmarks.md). The column is not a model
  field (SQLite has no ``tsvector``); the database computes it on every insert and update.
- SQLite: an FTS5 table with the ``ascii`` tokenizer over the column (external content: the entry
  table holds the text, the FTS table only its index; kept in step by triggers) and prefix indexes
  for 2 and 3 letters; ``"molen" *`` and ``"moolen"``.

No ``unaccent`` and no ``remove_diacritics``: the column and the query are in the normal form
computed by the same Python function, so both databases compare the very same ASCII words.
A word index rather than a trigram index (``pg_trgm``, FTS5's trigram tokenizer): the search
matches whole words and word beginnings, which a word index answers from one posting list per word
(or one range of words), where a trigram index intersects one list per three letters (measured on
1M rows, SQLite: 1-6 ms against about 30 ms for a two-word query; docs/benchmarks.md).

The index only *pre-selects*: ``name_search.py`` scores every row it returns with
``names.score``. For a query word *q* the pre-selection asks for rows with a word starting with *q*
or holding a dictionary word one typo away from *q* (``typo_words``): exactly the rows in which *q*
scores more than 0.
"""

from __future__ import annotations

import contextlib
import itertools

from django.db import connection, transaction

from . import names

FTS_TABLE = "directory_name_words"
GIN_INDEX = "directory_name_vector"
ENTRY_TABLE = "directory_directoryentry"
WORD_TABLE = "directory_directorynameword"
PG_COLUMN = "name_words"
PG_VECTOR = "to_tsvector('simple'::regconfig, {column})"

_SQLITE_TRIGGERS = {
    "directory_name_words_insert": """
        CREATE TRIGGER directory_name_words_insert AFTER INSERT ON directory_directoryentry BEGIN
          INSERT INTO directory_name_words(rowid, name_search) VALUES (new.id, new.name_search);
        END""",
    "directory_name_words_delete": """
        CREATE TRIGGER directory_name_words_delete AFTER DELETE ON directory_directoryentry BEGIN
          INSERT INTO directory_name_words(directory_name_words, rowid, name_search) VALUES ('delete', old.id, old.name_search);
        END""",
    "directory_name_words_update": """
        CREATE TRIGGER directory_name_words_update AFTER UPDATE OF name_search ON directory_directoryentry BEGIN
          INSERT INTO directory_name_words(directory_name_words, rowid, name_search) VALUES ('delete', old.id, old.name_search);
          INSERT INTO directory_name_words(rowid, name_search) VALUES (new.id, new.name_search);
        END""",
}


def install(db=None) -> None:
    """Create the text index (and on SQLite its triggers), filled from the current rows."""
    db = db or connection
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
                f"GENERATED ALWAYS AS ({PG_VECTOR.format(column='name_search')}) STORED"
            )
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {ENTRY_TABLE} USING gin ({PG_COLUMN})")
        elif db.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                f"name_search, content='{ENTRY_TABLE}', content_rowid='id', tokenize='ascii', prefix='2 3')"
            )
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
            for name, sql in _SQLITE_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(sql)


def flush_pending(db=None) -> None:
    """PostgreSQL: move the GIN index's pending list (where it collects new entries, to add them in
    bulk later) into the index itself, after a change file. Until autovacuum does, every search
    reads that list from start to end: at 4M, after 10,000 changes, name p95 122 ms, flushed 82 ms."""
    db = db or connection
    if db.vendor == "postgresql":
        with db.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])


def uninstall(db=None) -> None:
    """Drop the text index: a first, large import rebuilds it once at the end (``install``). On
    PostgreSQL the column stays (the database keeps filling it; only its index goes)."""
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


Term = tuple[str, bool]  # a word, and whether words starting with it count too


def best_terms(query_words, typos: dict[str, list[str]]) -> dict[str, tuple[float, list[Term]]]:
    """Per query word, the most it can score in any row and the terms that give that: 1 when the
    dictionary has the word, else 0.8 when some word starts with it, else 0.6 when a word is one
    typo away, else 0 (no row can score it)."""
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(query_words))
        cursor.execute(f"SELECT word FROM {WORD_TABLE} WHERE word IN ({marks})", list(query_words))  # noqa: S608
        known = {row[0] for row in cursor.fetchall()}
        best = {}
        for word in query_words:
            if word in known:
                best[word] = (names.EXACT, [(word, False)])
                continue
            # Words are [a-z0-9]; "{" sorts after all of them.
            cursor.execute(f"SELECT 1 FROM {WORD_TABLE} WHERE word > %s AND word < %s LIMIT 1", [word, word + "{"])  # noqa: S608
            if cursor.fetchone():
                best[word] = (names.PREFIX, [(word, True)])
            elif typos[word]:
                best[word] = (names.TYPO, [(typo, False) for typo in typos[word]])
            else:
                best[word] = (0.0, [])
    return best


def word_terms(query_word: str, typos: list[str]) -> list[Term]:
    """What means the query word scores: a word starting with it, or a dictionary word one typo away."""
    return [(query_word, True), *((typo, False) for typo in typos)]


WHOLE_WORDS_UP_TO = 200  # a prefix standing for more dictionary words than this stays a prefix


def whole_words(groups: list[list[Term]]) -> list[list[Term]]:
    """PostgreSQL: each prefix term as the dictionary's words that start with it, when there are at
    most ``WHOLE_WORDS_UP_TO``. The same rows (the dictionary holds every word of every name), but
    GIN finds whole words by exact look-ups, where a prefix is a "partial match" that unions the
    posting lists of every word it covers into one bitmap (too large for ``work_mem``, so lossy,
    so every row on those pages is checked again): the count for "jong zorg" at 4M took 276 ms,
    with the words 58 ms. SQLite's FTS5 keeps its prefix indexes: unchanged there."""
    prefixes = sorted({word for group in groups for word, prefix in group if prefix})
    if connection.vendor != "postgresql" or not prefixes:
        return groups
    ranges = " OR ".join(["(word >= %s AND word < %s)"] * len(prefixes))
    with connection.cursor() as cursor:
        # Words are [a-z0-9]; "{" sorts after all of them.
        cursor.execute(
            f"SELECT word FROM {WORD_TABLE} WHERE {ranges} ORDER BY word",  # noqa: S608
            [bound for prefix in prefixes for bound in (prefix, prefix + "{")],
        )
        known = [row[0] for row in cursor.fetchall()]
    expanded = {}
    for prefix in prefixes:
        words = [word for word in known if word.startswith(prefix)]
        if 0 < len(words) <= WHOLE_WORDS_UP_TO:
            expanded[prefix] = words
    result = []
    for group in groups:
        terms: list[Term] = []
        for word, prefix in group:
            for term in (
                [(whole, False) for whole in expanded[word]] if prefix and word in expanded else [(word, prefix)]
            ):
                if term not in terms:
                    terms.append(term)
        result.append(terms)
    return result


@contextlib.contextmanager
def through_the_text_index():
    """PostgreSQL: the statements inside read through the text index, not the whole table. Its
    estimate for a word with its many typo variants ("data": 47 alternatives) is the sum of theirs,
    so for "count up to 1,000" it expects a sequential scan to meet them early; at 4M it read
    105,000 rows for 200 ms where the index needs 25 ms. (A transaction of its own; SQLite: as is.)"""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        before = cursor.fetchone()[0]
        yield
        # As it was: inside a caller's transaction a SET LOCAL would last until that one ends.
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


def condition(groups: list[list[Term]], level: int) -> tuple[str, list[str]]:
    """SQL on the entry table: rows in which at least ``level`` of the groups have a term."""
    choices = list(itertools.combinations(groups, level))
    if connection.vendor == "postgresql":

        def term(word: str, prefix: bool) -> str:
            return f"'{word}':*" if prefix else f"'{word}'"

        query = " | ".join(
            "(" + " & ".join("(" + " | ".join(term(*t) for t in group) + ")" for group in chosen) + ")"
            for chosen in choices
        )
        return f'"{ENTRY_TABLE}"."{PG_COLUMN}" @@ to_tsquery(\'simple\'::regconfig, %s)', [query]

    def fts_term(word: str, prefix: bool) -> str:
        return f'"{word}" *' if prefix else f'"{word}"'

    expression = " OR ".join(
        "(" + " AND ".join("(" + " OR ".join(fts_term(*t) for t in group) + ")" for group in chosen) + ")"
        for chosen in choices
    )
    sql = f'"{ENTRY_TABLE}"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'  # noqa: S608
    return sql, [expression]


def text_condition(groups: list[list[Term]], level: int) -> tuple[str, list]:
    """The same rows as ``condition``, decided on each row's own ``name_search`` text instead of
    through the text index (for rows already narrowed down by other indexes, see
    ``name_search._profile_first``). The column holds normalised words, each after a space and
    followed by one: a word starting with *w* is the text " w", the whole word *w* is " w "."""
    found = "strpos(name_search, %s) > 0" if connection.vendor == "postgresql" else "instr(name_search, %s) > 0"
    groups_sql, params = [], []
    for group in groups:
        groups_sql.append("CAST((" + " OR ".join([found] * len(group)) + ") AS INTEGER)")
        params += [f" {word}" if prefix else f" {word} " for word, prefix in group]
    return "(" + " + ".join(groups_sql) + ") >= %s", [*params, level]


def count_unfiltered(groups: list[list[Term]], level: int, cap: int) -> int | None:
    """On SQLite, the rows with at least ``level`` of the words, up to ``cap``, counted in the FTS
    table alone (no filter on the entries); None elsewhere."""
    if connection.vendor != "sqlite":
        return None
    _sql, (expression,) = condition(groups, level)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)",  # noqa: S608
            [expression, cap],
        )
        return cursor.fetchone()[0]
