from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samenwerkwijzer.core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
        from .jobs import discover_jobs

        discover_jobs()  # each app's scheduled jobs (core/jobs.py)
