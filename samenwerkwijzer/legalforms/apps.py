from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalformsConfig(AppConfig):
    name = "samenwerkwijzer.legalforms"
    verbose_name = _("Legal forms")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
        from .phase_facts import contribute  # noqa: F401  (contributes to the phase facts)
