from django.apps import AppConfig
from django.core import checks


class InstrumentsConfig(AppConfig):
    name = "samenwerkwijzer.instruments"

    def ready(self):
        from .definitions import check_definitions

        checks.register(check_definitions, "instruments")
