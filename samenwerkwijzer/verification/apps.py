from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "samenwerkwijzer.verification"

    def ready(self):
        from . import todos  # noqa: F401  (contributes to the to-dos)
