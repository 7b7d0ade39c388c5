from django.apps import AppConfig
from django.core import checks


class InstrumentsConfig(AppConfig):
    name = "samenwerkwijzer.instruments"

    def ready(self):
        from samenwerkwijzer.collaborations.signals import participant_removed

        from . import phase_facts  # noqa: F401  (contributes to the phase facts)
        from .definitions import check_definitions

        checks.register(check_definitions, "instruments")
        participant_removed.connect(_reveal_after_departure, dispatch_uid="instruments_reveal_after_departure")


def _reveal_after_departure(sender, *, access, **kwargs):
    from . import services

    services.rounds_reveal_after_departure(access=access)
