"""Import directory records from a UTF-8 CSV file; see samenwerkwijzer.directory.importer."""

from django.core.management.base import BaseCommand, CommandError

from samenwerkwijzer.directory.importer import HEADER, ImportAborted, import_csv


class Command(BaseCommand):
    help = "Import directory records from CSV with the header " + ",".join(HEADER) + " (idempotent on kvk_number)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the UTF-8 CSV file")
        parser.add_argument("--quiet-errors", action="store_true", help="count bad rows but do not list them")

    def handle(self, *args, **options):
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
