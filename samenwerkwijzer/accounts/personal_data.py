"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py).

The account itself (name, e-mail addresses, second factors, single sign-on) is account.json,
built by privacy/tasks_download.py; this is the rest: e-mail settings and waiting digest items.
"""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import NotificationSetting, PendingDigestItem


def export(user) -> dict:
    return {
        "e_mailinstellingen": about(NotificationSetting, user),
        "wachtende_berichten": about(PendingDigestItem, user),
    }


register_export("accounts", export)
