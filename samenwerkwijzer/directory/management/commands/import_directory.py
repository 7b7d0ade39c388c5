"""Import directory records from a UTF-8 CSV file, or apply a file of KVK changes to them.

See samenwerkwijzer.directory.importer (the full import) and samenwerkwijzer.directory.changes
(``--changes``); the formats are in docs/directory-search.md.
"""

from django.core.management.base import BaseCommand, CommandError

from samenwerkwijzer.directory.changes import CHANGE_HEADER, ChangesRejected, apply_changes
from samenwerkwijzer.directory.importer import HEADER, ImportAborted, import_csv


class Command(BaseCommand):
    help = (
        "Import directory records from CSV with the header " + ",".join(HEADER) + "[,trade_names] (idempotent on "
        "kvk_number); with --changes, apply a change file with the header "
        + ",".join(CHANGE_HEADER)
        + "[,trade_names]."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the UTF-8 CSV file")
        parser.add_argument("--quiet-errors", action="store_true", help="count bad rows but do not list them")
        parser.add_argument(
            "--changes",
            action="store_true",
            help="FILE is a change file (KVK mutation signals): checked whole, then applied in one transaction",
        )

    def handle(self, *args, **options):
        if options["changes"]:
            return self._changes(options)

        def progress(report):
            self.stderr.write(
                f"\r{report.read:,} rows read, {report.created + report.updated:,} written, {len(report.errors):,} bad",
                ending="",
            )
            self.stderr.flush()

        def on_error(line, reason):
            if not options["quiet_errors"]:
                self.stderr.write(f"line {line}: {reason}")

        try:
            report = import_csv(options["file"], progress=progress, on_error=on_error)
        except ImportAborted as error:
            raise CommandError(str(error)) from error
        self.stderr.write("")
        self.stdout.write(
            f"Read {report.read:,} rows in {report.seconds:.1f} s: {report.created:,} created, "
            f"{report.updated:,} updated, {report.skipped:,} skipped (listed by a verified organisation itself), "
            f"{len(report.errors):,} bad rows not imported."
        )

    def _changes(self, options):
        def progress(report):
            done = report.created + report.updated + report.deregistered
            self.stderr.write(f"\r{report.read:,} changes read, {done:,} applied", ending="")
            self.stderr.flush()

        try:
            report = apply_changes(options["file"], progress=progress)
        except ImportAborted as error:
            raise CommandError(str(error)) from error
        except ChangesRejected as error:
            if not options["quiet_errors"]:
                for line, reason in error.report.errors:
                    self.stderr.write(f"line {line}: {reason}")
            raise CommandError(
                f"{len(error.report.errors):,} of {error.report.read:,} lines are broken: nothing was applied."
            ) from error
        self.stderr.write("")
        if not options["quiet_errors"]:
            for line, note in report.notes:
                self.stderr.write(f"line {line}: {note}")
        self.stdout.write(
            f"Read {report.read:,} changes in {report.seconds:.1f} s: {report.created:,} created, "
            f"{report.updated:,} updated, {report.deregistered:,} deregistered, "
            f"{report.older:,} skipped (not newer than the change applied before), "
            f"{report.verified:,} skipped (listed by a verified organisation itself), "
            f"{report.unknown:,} not applied (KvK number not in the directory), "
            f"{report.superseded:,} superseded by a later change in the file."
        )
