from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samenwerkwijzer.core.jobs import run_all


class Command(BaseCommand):
    help = "Run the background jobs (reminders, digests, round openings). Idempotent; run every 15 minutes."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO date-time (for trying things out).")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError(f"--now: {error}") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        summary = run_all(now=now)
        for name, count in summary.items():
            self.stdout.write(f"{name}: {'failed (see the log)' if count is None else count}")
        if failed := [name for name, count in summary.items() if count is None]:
            # Every other job has run; the exit status tells the scheduler something went wrong.
            raise CommandError(f"{len(failed)} job(s) failed: {', '.join(failed)}")
