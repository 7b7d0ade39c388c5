from django.apps import AppConfig
from django.core import checks


class InstrumentsConfig(AppConfig):
    name = "samenwerkwijzer.instruments"

    def ready(self):
        from samenwerkwijzer.collaborations.signals import explorer_joined, participant_removed

        from . import dashboard, phase_facts, todos  # noqa: F401  (the dashboard panel, phase facts, to-dos)
        from .definitions import check_definitions
        from .results_cache import connect as connect_results_cache

        checks.register(check_definitions, "instruments")
        connect_results_cache()  # the shared results fragment goes out of date on every write behind it
        participant_removed.connect(_reveal_after_departure, dispatch_uid="instruments_reveal_after_departure")
        explorer_joined.connect(_open_explorer_round, dispatch_uid="instruments_explorer_round")


def _reveal_after_departure(sender, *, access, **kwargs):
    from . import services

    services.rounds_reveal_after_departure(access=access)


def _open_explorer_round(sender, *, participant, actor, **kwargs):
    from . import services

    services.explorer_round_open(explorer=participant, actor=actor)
