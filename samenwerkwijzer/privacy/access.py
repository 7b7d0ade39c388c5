"""Who may see a download, and whether the person just confirmed who they are."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.models import Authenticator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from .models import PersonalDataDownload


def get_ready_download(user, pk: int) -> PersonalDataDownload:
    """The person's own ready, unexpired download; 404 for anyone else's (no hint it exists)."""
    return get_object_or_404(
        PersonalDataDownload,
        pk=pk,
        user=user,
        status=PersonalDataDownload.Status.READY,
        expires_at__gt=timezone.now(),
    )


def _recent(request, user) -> dict[str, dict]:
    """The authentication records of this session younger than allauth's reauthentication
    timeout, by method ("password", "mfa", "socialaccount")."""
    found = {}
    for record in get_authentication_records(request, user):
        fresh = time.time() - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        if fresh and (record.get("method") == "socialaccount" or record.get("reauthenticated")):
            found[record["method"]] = record
    return found


def reauthentication_step(request) -> str | None:
    """The allauth page where the person must confirm who they are before deleting, the way
    they log in; ``None`` when they just did.

    A passkey (one step) suffices on its own; otherwise the password and, when they have one,
    the second factor (authenticator app or recovery code); someone with neither logs in again
    through their single sign-on provider.
    """
    user = request.user
    recent = _recent(request, user)
    mfa = recent.get("mfa")
    if mfa and mfa.get("type") == Authenticator.Type.WEBAUTHN:
        return None
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    if user.has_usable_password():
        if "password" not in recent:
            return reverse("account_reauthenticate")
        if types & {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES} and not mfa:
            return reverse("mfa_reauthenticate")
        return None
    if Authenticator.Type.WEBAUTHN in types:
        return reverse("mfa_reauthenticate_webauthn")
    if "socialaccount" in recent:
        return None
    return reverse("privacy:reauthenticate_sso")


def reauthenticate(request, step: str):
    """Send the person to ``step``; allauth brings them back to this same request afterwards."""
    return suspend_request(request, step)
