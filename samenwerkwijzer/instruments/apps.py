from django.apps import AppConfig
from django.core import checks


class InstrumentsConfig(AppConfig):
    name = "samenwerkwijzer.instruments"

    def ready(self):
        from samenwerkwijzer.collaborations.signals import participant_removed

        from . import dashboard, phase_facts, todos  # noqa: F401  (the dashboard panel, phase facts, to-dos)
        from .definitions import check_definitions

        checks.register(check_definitions, "instruments")
        participant_removed.connect(_reveal_after_departure, dispatch_uid="instruments_reveal_after_departure")


def _reveal_after_departure(sender, *, access, **kwargs):
    from . import services

    services.rounds_reveal_after_departure(access=access)
