"""Keeping the directory current from KVK changes (``manage.py import_directory --changes FILE``).

A change file is CSV with a header; each line is one KVK mutation signal (KvK number, kind of
change, time) with, for a registration or a change, the import columns of the full import
(docs/directory-search.md). The whole file is read and checked first: when any line is broken
nothing is applied (``ChangesRejected``). Then every change is applied in one transaction, in
bulk. Idempotent: a change not newer than the record's last applied change is skipped, so a
file applied twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.accounts.models import NotificationKind
from samenwerkwijzer.accounts.notifications import notify
from samenwerkwijzer.organisations.models import Membership, Organisation

from . import name_index
from .importer import HEADER, KVK_NUMBER, ImportAborted, ImportReport, parse_row, use_a_large_page_cache, write_batch
from .models import (
    DirectoryDeregistration,
    DirectoryEntry,
    DirectoryListing,
    DirectorySbi,
    DirectorySpecialism,
    DirectoryStat,
    ShortlistItem,
)

SIGNAL_COLUMNS = ["kvk_number", "kind", "changed_at"]
CHANGE_HEADER = [*SIGNAL_COLUMNS, *HEADER[1:]]
CHANGE_HEADER_WITH_TRADE_NAMES = [*CHANGE_HEADER, "trade_names"]
REGISTRATION, CHANGE, DEREGISTRATION = "registration", "change", "deregistration"
KINDS = (REGISTRATION, CHANGE, DEREGISTRATION)
BATCH_SIZE = 2000


class ChangesRejected(Exception):
    """The file has broken lines (listed in ``report.errors``); nothing was applied."""

    def __init__(self, report: ChangeReport):
        super().__init__(_("%(count)d broken line(s): nothing was applied.") % {"count": len(report.errors)})
        self.report = report


@dataclass
class Change:
    line: int
    kvk_number: str
    kind: str
    changed_at: datetime.datetime
    values: dict | None  # the entry's columns, for a registration or a change


@dataclass
class ChangeReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    deregistered: int = 0
    older: int = 0  # not newer than the record's last applied change
    verified: int = 0  # the entry of a verified organisation, which keeps its own profile
    unknown: int = 0  # a change or deregistration of a number the directory does not know
    superseded: int = 0  # a later line of the file changes the same number
    errors: list[tuple[int, str]] = field(default_factory=list)  # broken lines: nothing applied
    notes: list[tuple[int, str]] = field(default_factory=list)  # lines reported, the file applied
    seconds: float = 0.0


def parse_time(value: str) -> datetime.datetime | None:
    """ISO 8601 (``2026-12-01T09:30:00+01:00``, ``...Z``, a date alone); without an offset: Dutch time."""
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_change(values: list[str], columns: list[str], line: int) -> tuple[Change | None, str | None]:
    """One line of a change file as a ``Change``, or the reason it is broken."""
    if len(values) != len(columns):
        return None, _("expected %(expected)d columns, found %(found)d") % {
            "expected": len(columns),
            "found": len(values),
        }
    raw_number, kind, raw_time = (value.strip() for value in values[:3])
    kvk_number = raw_number.replace(" ", "").replace(".", "")
    if not KVK_NUMBER.match(kvk_number):
        return None, _("kvk_number %(value)r is not 8 digits") % {"value": raw_number}
    if kind not in KINDS:
        return None, _("kind %(value)r is not one of %(allowed)s") % {"value": kind, "allowed": ", ".join(KINDS)}
    changed_at = parse_time(raw_time)
    if changed_at is None:
        return None, _("changed_at %(value)r is not a date and time (ISO 8601)") % {"value": raw_time}
    if kind == DEREGISTRATION:
        return Change(line, kvk_number, kind, changed_at, None), None
    parsed, problem = parse_row([kvk_number, *values[3:]], ["kvk_number", *columns[3:]])
    if problem:
        return None, problem
    return Change(line, kvk_number, kind, changed_at, parsed), None


def read_changes(path: str, report: ChangeReport) -> list[Change]:
    """Every line of the file, checked; the latest change per KvK number (by time, then line)."""
    try:
        handle = open(path, encoding="utf-8-sig", errors="replace", newline="")  # noqa: SIM115
    except OSError as error:
        raise ImportAborted(_("Cannot open %(path)s: %(error)s") % {"path": path, "error": error.strerror}) from error
    latest: dict[str, Change] = {}
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        columns = [column.strip() for column in header] if header is not None else None
        if columns not in (CHANGE_HEADER, CHANGE_HEADER_WITH_TRADE_NAMES):
            raise ImportAborted(
                _("The first line must be the header %(header)s.") % {"header": ",".join(CHANGE_HEADER)}
            )
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            report.read += 1
            change, problem = parse_change(values, columns, reader.line_num)
            if problem:
                report.errors.append((reader.line_num, problem))
                continue
            before = latest.get(change.kvk_number)
            if before is not None:
                earlier, later = sorted((before, change), key=lambda c: (c.changed_at, c.line))
                report.superseded += 1
                report.notes.append(
                    (
                        earlier.line,
                        _("KvK number %(number)s changes again later (line %(line)d): this line is not applied")
                        % {"number": change.kvk_number, "line": later.line},
                    )
                )
                change = later
            latest[change.kvk_number] = change
    if report.errors:
        raise ChangesRejected(report)
    return sorted(latest.values(), key=lambda c: c.line)


def apply_changes(
    path: str, *, progress: Callable[[ChangeReport], None] | None = None, batch_size: int = BATCH_SIZE
) -> ChangeReport:
    """Check the whole file, then apply it in one transaction. Raises ``ImportAborted`` (no such
    file, wrong header) or ``ChangesRejected`` (broken lines); in both cases nothing changed."""
    started = time.monotonic()
    report = ChangeReport()
    changes = read_changes(path, report)
    use_a_large_page_cache()
    stats: Counter = Counter()
    last_progress = time.monotonic()
    with transaction.atomic():
        for start in range(0, len(changes), batch_size):
            _apply_batch(changes[start : start + batch_size], report, stats)
            if progress and time.monotonic() - last_progress > 1:
                progress(report)
                last_progress = time.monotonic()
        _adjust_statistics(stats)
    name_index.flush_pending()
    report.notes.sort()
    report.seconds = time.monotonic() - started
    return report


_STAT_COLUMNS = ["pc4", "mask_pair", "size_class", "chain", "sbi_codes", "specialisms"]


def _stat_keys(values: dict) -> list[tuple[str, str]]:
    keys = [
        ("pc4", values["pc4"]),
        ("mask", str(values["mask_pair"])),
        ("size", str(values["size_class"])),
        ("chain", str(values["chain"])),
    ]
    keys += [("sbi", code) for code in values["sbi_codes"].split(";") if code]
    keys += [("tag", tag) for tag in values["specialisms"].split(";") if tag]
    return keys


def _apply_batch(changes: list[Change], report: ChangeReport, stats: Counter) -> None:
    numbers = [change.kvk_number for change in changes]
    entries = {
        row["kvk_number"]: row
        for row in DirectoryEntry.objects.filter(kvk_number__in=numbers).values(
            "pk", "kvk_number", "name", "changed_at", *_STAT_COLUMNS
        )
    }
    gone = dict(
        DirectoryDeregistration.objects.filter(kvk_number__in=numbers).values_list("kvk_number", "deregistered_at")
    )
    upserts: dict[str, dict] = {}
    deregistrations: list[Change] = []
    for change in changes:
        entry = entries.get(change.kvk_number)
        last = entry["changed_at"] if entry else gone.get(change.kvk_number)
        if last is not None and change.changed_at <= last:
            report.older += 1
        elif change.kind == DEREGISTRATION and entry is None and change.kvk_number in gone:
            report.older += 1  # deregistered before and not registered again since
        elif change.kind == DEREGISTRATION:
            deregistrations.append(change)
        elif entry is None and change.kind == CHANGE:
            report.unknown += 1
            report.notes.append(
                (
                    change.line,
                    _("KvK number %(number)s is not in the directory: the change is not applied")
                    % {"number": change.kvk_number},
                )
            )
        else:
            upserts[change.kvk_number] = {**change.values, "changed_at": change.changed_at}
    if upserts:
        written = ImportReport()
        write_batch(upserts, written, extra_fields=("changed_at",))  # takes out verified organisations' rows
        report.created += written.created
        report.updated += written.updated
        report.verified += written.skipped
        stats["total", ""] += written.created
        for kvk_number, values in upserts.items():
            if kvk_number in entries:
                stats.subtract(_stat_keys(entries[kvk_number]))
            stats.update(_stat_keys(values))
    if deregistrations:
        _deregister(deregistrations, entries, gone, report, stats)


def _deregister(changes: list[Change], entries: dict, gone: dict, report: ChangeReport, stats: Counter) -> None:
    """Entries leave the directory (a record of each stays), verified organisations lose their
    findable listing and their partners are told; collaborations keep everything."""
    numbers = [change.kvk_number for change in changes]
    organisations: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(kvk_number__in=numbers):
        organisations.setdefault(organisation.kvk_number, []).append(organisation)
    taking_part = Counter(
        Organisation.objects.filter(kvk_number__in=numbers, participations__isnull=False).values_list(
            "kvk_number", flat=True
        )
    )
    records, applied = [], []
    for change in changes:
        entry = entries.get(change.kvk_number)
        claims = organisations.get(change.kvk_number, [])
        if entry is None and not claims:
            report.unknown += 1
            report.notes.append(
                (
                    change.line,
                    _("KvK number %(number)s is not in the directory: the deregistration is not applied")
                    % {"number": change.kvk_number},
                )
            )
            continue
        applied.append(change)
        report.deregistered += 1
        name = entry["name"] if entry else claims[0].name
        records.append(
            DirectoryDeregistration(kvk_number=change.kvk_number, name=name, deregistered_at=change.changed_at)
        )
        if taking_part[change.kvk_number]:
            report.notes.append(
                (
                    change.line,
                    _(
                        "KvK number %(number)s takes part in %(count)d collaboration(s): deregistered, "
                        "their history is kept"
                    )
                    % {"number": change.kvk_number, "count": taking_part[change.kvk_number]},
                )
            )
    if not applied:
        return
    DirectoryDeregistration.objects.bulk_create(
        [record for record in records if record.kvk_number not in gone], batch_size=500
    )
    again = [record for record in records if record.kvk_number in gone]
    if again:  # deregistered before, registered again since: the newer deregistration counts
        existing = dict(
            DirectoryDeregistration.objects.filter(kvk_number__in=[r.kvk_number for r in again]).values_list(
                "kvk_number", "pk"
            )
        )
        for record in again:
            record.pk = existing[record.kvk_number]
        DirectoryDeregistration.objects.bulk_update(again, ["name", "deregistered_at"], batch_size=500)
    leaving = {entries[c.kvk_number]["pk"]: c.kvk_number for c in applied if c.kvk_number in entries}
    if leaving:
        record_ids = dict(
            DirectoryDeregistration.objects.filter(kvk_number__in=list(leaving.values())).values_list(
                "kvk_number", "pk"
            )
        )
        items = list(ShortlistItem.objects.filter(entry_id__in=list(leaving)).only("pk", "entry_id"))
        for item in items:
            item.deregistration_id = record_ids[leaving[item.entry_id]]
            item.entry_id = None
        ShortlistItem.objects.bulk_update(items, ["deregistration", "entry"], batch_size=500)
        for kvk_number in leaving.values():
            stats.subtract(_stat_keys(entries[kvk_number]))
        stats["total", ""] -= len(leaving)
        DirectorySbi.objects.filter(entry_id__in=list(leaving)).delete()
        DirectorySpecialism.objects.filter(entry_id__in=list(leaving)).delete()
        DirectoryEntry.objects.filter(pk__in=list(leaving)).delete()
    when = {change.kvk_number: change.changed_at for change in applied}
    verified = [
        organisation
        for change in applied
        for organisation in organisations.get(change.kvk_number, [])
        if organisation.verification_status == Organisation.VerificationStatus.VERIFIED
    ]
    DirectoryListing.objects.filter(organisation__in=verified).update(findable=False)
    for organisation in verified:
        _tell_partners(organisation, when[organisation.kvk_number])


def _tell_partners(organisation: Organisation, deregistered_at: datetime.datetime) -> None:
    """The organisation's administrators, and the members of the organisations it works with."""
    admins = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
    partners = (
        Membership.objects.filter(organisation__participations__collaboration__participants__organisation=organisation)
        .exclude(organisation=organisation)
        .distinct()
    )
    told = set()
    for own, memberships in ((True, admins), (False, partners)):
        for membership in memberships.select_related("user"):
            if membership.user_id in told:
                continue
            told.add(membership.user_id)
            notify(
                user=membership.user,
                kind=NotificationKind.MEMBERSHIP,
                template="directory/email/deregistered",
                context={"organisation": organisation, "deregistered_at": deregistered_at, "own": own},
                idempotency_key=f"deregistered:{organisation.pk}:{membership.user_id}:{deregistered_at.isoformat()}",
            )


def _adjust_statistics(stats: Counter) -> None:
    """Keep the search's planning counts right without recounting the whole directory: one
    ``count = count + delta`` per changed value, a new row for a value seen for the first time."""
    total_delta = stats.pop(("total", ""), 0)
    changed = [(kind, key, delta) for (kind, key), delta in stats.items() if delta]
    table = connection.ops.quote_name(DirectoryStat._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET count = CASE WHEN count + %s < 0 THEN 0 ELSE count + %s END "  # noqa: S608
            "WHERE kind = %s AND key = %s",
            [(delta, delta, kind, key) for kind, key, delta in changed],
        )
    new = {(kind, key): delta for kind, key, delta in changed if delta > 0}
    by_kind: dict[str, list[str]] = {}
    for kind, key in new:
        by_kind.setdefault(kind, []).append(key)
    for kind, keys in by_kind.items():
        for start in range(0, len(keys), 500):
            for key in DirectoryStat.objects.filter(kind=kind, key__in=keys[start : start + 500]).values_list(
                "key", flat=True
            ):
                new.pop((kind, key))
    DirectoryStat.objects.bulk_create(
        [DirectoryStat(kind=kind, key=key, count=delta) for (kind, key), delta in new.items()], batch_size=500
    )
    # A new token as key of the total tells every process to re-read the statistics.
    total = DirectoryStat.objects.filter(kind="total").first()
    count = (total.count if total else 0) + total_delta
    DirectoryStat.objects.filter(kind="total").delete()
    DirectoryStat.objects.create(kind="total", key=uuid.uuid4().hex, count=max(count, 0))
