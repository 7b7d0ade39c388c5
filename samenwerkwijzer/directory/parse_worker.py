"""Parsing import rows in a second process (``importer.import_csv`` on a large file).

Checking and normalising a row (``importer.parse_row``: SBI codes, postcode area, the name's words)
costs about as much CPU as writing it. For a large file a worker process parses chunks of rows
while the importing process writes the chunks before them, so a machine with two cores imports
the Handelsregister in less time. Started with ``spawn`` (a clean interpreter that sets up Django
itself, no copy of the importer's database connection), in the importer's language, so the
reasons for refused rows read the same.
"""

from __future__ import annotations


def start(language: str) -> None:
    import django

    django.setup()
    from django.utils import translation

    translation.activate(language)


def parse_chunk(columns: list[str], chunk: list[tuple[int, list[str]]]) -> list[tuple[int, dict | None, str | None]]:
    """(line number, entry fields, reason refused) for each (line number, values) of ``chunk``."""
    from .importer import parse_row

    return [(line, *parse_row(values, columns)) for line, values in chunk]
