from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "samenwerkwijzer.agreements"

    def ready(self):
        # The model clauses' system check, the phase facts and the to-dos register themselves on import.
        from . import clauses, phase_facts, seal_checks, todos  # noqa: F401
