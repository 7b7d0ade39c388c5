"""Tokens end when their reason to exist ends: a new password, or leaving an organisation."""

from . import services


def revoke_on_password_change(sender, request=None, user=None, **kwargs):
    """allauth's password_changed, password_set and password_reset."""
    if user is not None:
        services.revoke_tokens_for_password_change(user)


def revoke_on_leaving(sender, instance, **kwargs):
    """A Membership is deleted: the person left (or was removed from) the organisation."""
    services.revoke_tokens_for_leaving(instance.user_id, instance.organisation_id)
