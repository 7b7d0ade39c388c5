from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "samenwerkwijzer.reference"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
