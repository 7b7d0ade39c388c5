from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "samenwerkwijzer.privacy"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app's contributions to the personal-data download, deletion and retention
        # (privacy/registry.py); found here so this app never imports a domain app.
        autodiscover_modules("personal_data", "erasure", "retention")
