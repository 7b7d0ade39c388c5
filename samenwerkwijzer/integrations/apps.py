from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "samenwerkwijzer.integrations"

    def ready(self):
        from allauth.account.signals import password_changed, password_reset, password_set
        from django.db.models.signals import post_delete

        from samenwerkwijzer.organisations.models import Membership

        from . import signals

        for signal in (password_changed, password_reset, password_set):
            signal.connect(signals.revoke_on_password_change, dispatch_uid=f"integrations-tokens-{id(signal)}")
        post_delete.connect(signals.revoke_on_leaving, sender=Membership, dispatch_uid="integrations-tokens-leaving")

        # Each app registers the files it makes in the background in its own export_kinds.py
        # (background_exports.py); found here so the web server and the worker know them alike.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("export_kinds")
