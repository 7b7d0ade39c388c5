"""Streaming import of directory records from CSV (``manage.py import_directory``).

Reads row by row (constant memory), writes in batches, each batch in its own
transaction: an entry and its SBI and specialism rows are written together or not
at all. Idempotent on ``kvk_number``: a second run updates what is there. Bad rows
are reported with their line number and skipped, and so are the entries of verified
organisations on the platform, which keep their own public profile.
"""

from __future__ import annotations

import csv
import itertools
import multiprocessing
import os
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.reference import catalog

from . import matching, name_index, names, parse_worker
from .models import DirectoryEntry, DirectorySbi, DirectorySpecialism, DirectoryStat

HEADER = ["kvk_number", "name", "sbi_codes", "size_class", "pc4", "chain_position", "offers", "needs", "specialisms"]
# An optional tenth column: the company's trade names, ";"-separated.
HEADER_WITH_TRADE_NAMES = [*HEADER, "trade_names"]
KVK_NUMBER = re.compile(r"^\d{8}$")
BATCH_SIZE = 2000
ENTRY_FIELDS = [
    "name", "sbi_codes", "size_class", "pc4", "chain", "mask_pair", "specialisms", "trade_names", "name_search", "source"
]  # fmt: skip


class ImportAborted(Exception):
    """The file cannot be imported at all (missing, wrong header); nothing was written."""


@dataclass
class ImportReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_trade_names(value: str) -> tuple[str | None, str | None]:
    """The ";"-separated trade names, cleaned and without repeats, or the reason they are refused."""
    names = list(dict.fromkeys(" ".join(name.split()) for name in _split(value)))
    if any(len(name) > 200 for name in names) or len(";".join(names)) > 1000:
        return None, _("trade_names are too long")
    return ";".join(names), None


def parse_row(values: list[str], columns: list[str] = HEADER) -> tuple[dict | None, str | None]:
    """A CSV row as entry fields, or the reason it is refused (``columns``: the file's header)."""
    if len(values) != len(columns):
        return None, _("expected %(expected)d columns, found %(found)d") % {
            "expected": len(columns),
            "found": len(values),
        }
    raw = dict(zip(columns, values, strict=True))
    if "\ufffd" in "".join(values):
        return None, _("the row is not valid UTF-8")
    kvk_number = re.sub(r"[\s.]", "", raw["kvk_number"])
    if not KVK_NUMBER.match(kvk_number):
        return None, _("kvk_number %(value)r is not 8 digits") % {"value": raw["kvk_number"]}
    name = raw["name"].strip()
    if not name or len(name) > 200:
        return None, _("name is empty or longer than 200 characters")
    codes = list(dict.fromkeys(_split(raw["sbi_codes"])))
    if not codes:
        return None, _("sbi_codes is empty")
    known = catalog.sbi_codes()
    unknown = [code for code in codes if code not in known or not code.isdigit()]
    if unknown:
        return None, _("unknown SBI 2025 code(s): %(codes)s") % {"codes": ", ".join(unknown)}
    if len(";".join(codes)) > 200:
        return None, _("too many SBI codes")
    size = raw["size_class"].strip()
    if size not in matching.SIZE_INDEX:
        return None, _("size_class %(value)r is not one of %(allowed)s") % {
            "value": size,
            "allowed": ", ".join(matching.SIZE_CLASSES),
        }
    pc4 = raw["pc4"].strip()
    if pc4 not in catalog.pc4_areas():
        return None, _("pc4 %(value)r is not a known postcode area") % {"value": pc4}
    chain = raw["chain_position"].strip()
    if chain not in matching.CHAIN_INDEX:
        return None, _("chain_position %(value)r is not one of %(allowed)s") % {
            "value": chain,
            "allowed": ", ".join(matching.CHAIN_POSITIONS),
        }
    masks = {}
    for column in ("offers", "needs"):
        slugs = _split(raw[column])
        wrong = [slug for slug in slugs if slug not in matching.CATEGORY_BIT]
        if wrong:
            return None, _("%(column)s has unknown categories: %(values)s") % {
                "column": column,
                "values": ", ".join(wrong),
            }
        masks[column] = matching.mask_of(slugs)
    specialisms = list(dict.fromkeys(matching.normalise_specialism(tag) for tag in _split(raw["specialisms"])))
    if any(len(tag) > 100 for tag in specialisms) or len(";".join(specialisms)) > 500:
        return None, _("specialisms are too long")
    trade_names, problem = parse_trade_names(raw.get("trade_names", ""))
    if problem:
        return None, problem
    return {
        "kvk_number": kvk_number,
        "name": name,
        "sbi_codes": ";".join(codes),
        "size_class": matching.SIZE_INDEX[size],
        "pc4": pc4,
        "chain": matching.CHAIN_INDEX[chain],
        "mask_pair": matching.pair_of(masks["offers"], masks["needs"]),
        "specialisms": ";".join(specialisms),
        "trade_names": trade_names,
        "name_search": names.search_text(name, _split(trade_names)),
        "source": DirectoryEntry.Source.IMPORT,
    }, None


CHILD_COPY = ["pc4", "mask_pair", "size_class", "chain"]


def entry_children(entries: Iterable[DirectoryEntry]) -> tuple[list[DirectorySbi], list[DirectorySpecialism]]:
    sbi_rows, specialism_rows = [], []
    for entry in entries:
        copy = {name: getattr(entry, name) for name in CHILD_COPY}
        sbi_rows += [DirectorySbi(entry_id=entry.pk, code=code, **copy) for code in entry.sbi_list]
        specialism_rows += [DirectorySpecialism(entry_id=entry.pk, tag=tag, **copy) for tag in entry.specialism_list]
    return sbi_rows, specialism_rows


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _insert_many(cursor, table: str, columns: list[str], rows: list, chunk: int = 500) -> None:
    """Multi-row INSERTs (SQLite) or COPY (PostgreSQL): far fewer round trips than a statement per row."""
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(part))}",  # noqa: S608
            [value for row in part for value in row],
        )


# Entry columns the search indexes and the SBI and specialism rows are built from: an update that
# leaves them as they are leaves those alone (``write_batch``); ``name_search`` feeds the text index.
SEARCHED_FIELDS = ["sbi_codes", "size_class", "pc4", "chain", "mask_pair", "specialisms"]


def _current_by_kvk(cursor, kvk_numbers: list[str], compared=(*SEARCHED_FIELDS, "name_search")) -> dict:
    """KvK number -> (id, organisation id, the ``compared`` columns) of the entries there."""
    found = {}
    table = _table(DirectoryEntry)
    for start in range(0, len(kvk_numbers), 900):
        part = kvk_numbers[start : start + 900]
        cursor.execute(
            f"SELECT {', '.join(['kvk_number', 'id', 'organisation_id', *compared])} FROM {table} "  # noqa: S608
            f"WHERE kvk_number IN ({', '.join(['%s'] * len(part))})",
            part,
        )
        for kvk, pk, organisation_id, *values in cursor.fetchall():
            found[kvk] = (pk, organisation_id, dict(zip(compared, values, strict=True)))
    return found


@transaction.atomic
def write_batch(rows: dict[str, dict], report: ImportReport, *, extra_fields: tuple[str, ...] = ()) -> None:
    """Upsert one batch (keyed by KvK number) with its child rows, in one transaction.

    Plain parameterised SQL through Django's connection: the ORM's per-object work would
    make a million rows too slow. Portable to SQLite and PostgreSQL. ``extra_fields`` are
    further entry columns the rows carry (the change import's ``changed_at``). Rows of verified
    organisations are taken out of ``rows`` (and counted as skipped).
    """
    now = timezone.now()
    entry, sbi, specialism = _table(DirectoryEntry), _table(DirectorySbi), _table(DirectorySpecialism)
    fields = [*ENTRY_FIELDS, *extra_fields]
    columns = ["kvk_number", *fields, "updated_at"]
    with connection.cursor() as cursor:
        existing = _current_by_kvk(cursor, list(rows))
        listed = {organisation_id for _pk, organisation_id, _now in existing.values() if organisation_id is not None}
        verified = set(
            Organisation.objects.filter(
                pk__in=listed, verification_status=Organisation.VerificationStatus.VERIFIED
            ).values_list("pk", flat=True)
            if listed
            else []
        )
        for kvk, (_pk, organisation_id, _now) in existing.items():
            if organisation_id in verified:
                # A verified organisation maintains its own public profile on the platform.
                rows.pop(kvk)
                report.skipped += 1
        if not rows:
            return
        new = [values for kvk, values in rows.items() if kvk not in existing]
        changed = [(values, *existing[kvk][::2]) for kvk, values in rows.items() if kvk in existing]
        if new:
            _insert_many(cursor, entry, columns, [[values[name] for name in columns[:-1]] + [now] for values in new])
        # Only what changed is written: the search indexes, the SBI and specialism rows and the text
        # index are touched for the rows whose searched columns or names changed (a move, another
        # activity); a KVK change is mostly one such thing.
        rewritten, renamed = [], []
        statements: dict[tuple[str, ...], list] = {}
        for values, pk, current in changed:
            searched = any(values[name] != current[name] for name in SEARCHED_FIELDS)
            named = values["name_search"] != current["name_search"]
            set_fields = tuple(
                name
                for name in fields
                if (name not in SEARCHED_FIELDS or searched) and (name != "name_search" or named)
            )
            statements.setdefault(set_fields, []).append([values[name] for name in set_fields] + [now, pk])
            if searched:
                rewritten.append((values, pk))
            if named:
                renamed.append(values)
        for set_fields, parameters in statements.items():
            # An entry an unverified organisation had taken over is the register's record again.
            assignments = ", ".join(f"{name} = %s" for name in [*set_fields, "updated_at"])
            cursor.executemany(
                f"UPDATE {entry} SET {assignments}, organisation_id = NULL WHERE id = %s",  # noqa: S608
                parameters,
            )
        if rewritten:
            ids = [pk for _values, pk in rewritten]
            DirectorySbi.objects.filter(entry_id__in=ids).delete()
            DirectorySpecialism.objects.filter(entry_id__in=ids).delete()
        inserted = _current_by_kvk(cursor, [values["kvk_number"] for values in new], compared=())
        ids = {kvk: pk for kvk, (pk, _org, _none) in inserted.items()}
        ids.update({values["kvk_number"]: pk for values, pk in rewritten})
        children = [values for values in rows.values() if values["kvk_number"] in ids]
        _insert_many(
            cursor,
            sbi,
            ["entry_id", "code", *CHILD_COPY],
            [
                (ids[values["kvk_number"]], code, *[values[name] for name in CHILD_COPY])
                for values in children
                for code in values["sbi_codes"].split(";")
            ],
        )
        tags = [
            (ids[values["kvk_number"]], tag, *[values[name] for name in CHILD_COPY])
            for values in children
            if values["specialisms"]
            for tag in values["specialisms"].split(";")
        ]
        _insert_many(cursor, specialism, ["entry_id", "tag", *CHILD_COPY], tags)
    name_index.remember_words(values["name_search"] for values in [*new, *renamed])
    report.updated += len(changed)
    report.created += len(new)


def _existing_indexes(model) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


def _secondary_indexes():
    """Indexes that only serve the search; rebuilt in one go after a first, large import."""
    return [
        (model, index) for model in (DirectoryEntry, DirectorySbi, DirectorySpecialism) for index in model._meta.indexes
    ]


def use_a_large_page_cache() -> None:
    """On SQLite, a page cache of 256 MB for this connection (the default is 2 MB): the random
    inserts, updates and deletes in the search indexes of a large import or change file then stay
    in memory until the commit."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")


def import_csv(
    path: str,
    *,
    progress: Callable[[ImportReport], None] | None = None,
    on_error: Callable[[int, str], None] | None = None,
    batch_size: int = BATCH_SIZE,
    parse_apart: bool | None = None,
) -> ImportReport:
    """Import ``path``; ``parse_apart``: parse in a second process (``parse_worker``; by default
    for files of at least ``PARSE_APART_FROM_BYTES``)."""
    report = ImportReport()
    started = time.monotonic()
    use_a_large_page_cache()
    try:
        handle = open(path, encoding="utf-8-sig", errors="replace", newline="")  # noqa: SIM115
    except OSError as error:
        raise ImportAborted(_("Cannot open %(path)s: %(error)s") % {"path": path, "error": error.strerror}) from error
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        columns = [column.strip() for column in header] if header is not None else None
        if columns not in (HEADER, HEADER_WITH_TRADE_NAMES):
            raise ImportAborted(_("The first line must be the header %(header)s.") % {"header": ",".join(HEADER)})
        # Into an empty directory: build the search indexes once at the end (a sort) instead of
        # row by row (random inserts); several times faster for a million rows.
        can_rebuild = not connection.in_atomic_block  # (SQLite cannot change indexes inside a transaction)
        initial_load = can_rebuild and not DirectoryEntry.objects.exists()
        if initial_load:
            name_index.uninstall()
            with connection.schema_editor() as editor:
                for model, index in _secondary_indexes():
                    if index.name in _existing_indexes(model):
                        editor.remove_index(model, index)
        try:
            parse_apart = os.path.getsize(path) >= PARSE_APART_FROM_BYTES if parse_apart is None else parse_apart
            _read_rows(reader, columns, report, progress, on_error, batch_size, parse_apart=parse_apart)
        finally:
            # Also after an interrupted run: every index is there again.
            if can_rebuild:
                with connection.schema_editor() as editor:
                    for model, index in _secondary_indexes():
                        if index.name not in _existing_indexes(model):
                            editor.add_index(model, index)
                if initial_load:
                    name_index.install()
    refresh_statistics()
    report.seconds = time.monotonic() - started
    return report


def _read_rows(
    reader, columns: list[str], report: ImportReport, progress, on_error, batch_size: int, *, parse_apart: bool
) -> None:
    batch: dict[str, dict] = {}
    last_progress = time.monotonic()
    for line, parsed, problem in _parsed_rows(reader, columns, parse_apart=parse_apart):
        report.read += 1
        if problem:
            report.errors.append((line, problem))
            if on_error:
                on_error(line, problem)
            continue
        batch.pop(parsed["kvk_number"], None)  # a later row for the same number wins
        batch[parsed["kvk_number"]] = parsed
        if len(batch) >= batch_size:
            write_batch(batch, report)
            batch = {}
            if progress and time.monotonic() - last_progress > 1:
                progress(report)
                last_progress = time.monotonic()
    if batch:
        write_batch(batch, report)


PARSE_APART_FROM_BYTES = 16 * 1024 * 1024  # about 120,000 rows: below that a second process is not worth starting
_CHUNK_ROWS = 5000
_CHUNKS_AHEAD = 3


def _parsed_rows(reader, columns: list[str], *, parse_apart: bool):
    """(line number, entry fields, reason refused) for every row that is not empty, in file order;
    with ``parse_apart`` parsed in a worker process (``parse_worker``) while this one writes."""
    rows = ((reader.line_num, values) for values in reader if any(value.strip() for value in values))
    if not parse_apart:
        for line, values in rows:
            yield (line, *parse_row(values, columns))
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=parse_worker.start, initargs=(translation.get_language() or "nl",)
    ) as pool:
        pending: deque = deque()
        while chunk := list(itertools.islice(rows, _CHUNK_ROWS)):
            pending.append(pool.submit(parse_worker.parse_chunk, columns, chunk))
            if len(pending) >= _CHUNKS_AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def refresh_statistics() -> None:
    """Recount the planning statistics and let the database planner re-read its own."""
    _recount()
    _analyze()


@transaction.atomic
def _recount() -> None:
    # The key of the total is a fresh token: it tells every process to re-read the statistics.
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


def _analyze() -> None:
    with connection.cursor() as cursor:
        for model in (DirectoryEntry, DirectorySbi, DirectorySpecialism):
            table = connection.ops.quote_name(model._meta.db_table)
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # Also sets the visibility map, so PostgreSQL can answer from the covering indexes alone.
                cursor.execute(f"VACUUM ANALYZE {table}")
            else:
                cursor.execute(f"ANALYZE {table}")
