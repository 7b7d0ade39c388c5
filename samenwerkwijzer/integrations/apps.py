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
