from django.apps import AppConfig


class BusinessModelConfig(AppConfig):
    name = "samenwerkwijzer.businessmodel"
    label = "businessmodel"

    def ready(self):
        # The business plan's part of the collaboration export and of the AVG download and deletion
        # (integrations/exports.py, privacy/registry.py), registered from its own modules.
        from . import erasure_plan, export_plan, personal_data_plan  # noqa: F401
