"""Database connection helpers that are not a domain's business."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def planned_for_each_run():
    """The queries inside are planned for their own values, never from a prepared statement.

    On PostgreSQL a statement run often on one connection is prepared (settings.py,
    ``DATABASE_PREPARED_STATEMENTS``), and PostgreSQL may then reuse one generic plan for every value.
    That suits the pages' look-ups by id; it does not suit a search whose best plan depends on how
    many rows its words and filters select (the directory's partner and name searches: measured on
    4,000,000 organisations, a combined search p95 of 127 ms became 300-320 ms with generic plans).
    """
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection  # psycopg 3
    before = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = before
