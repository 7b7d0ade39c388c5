from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "samenwerkwijzer.agreements"

    def ready(self):
        from . import phase_facts, todos  # noqa: F401  (contributes to the phase facts and the to-dos)
