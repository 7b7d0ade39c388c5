"""Writes of the integrations app: personal API tokens (made, revoked, and revoked on a
password change or when the person leaves an organisation)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import collaborations_for_user
from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation

from .models import ApiToken, hash_api_token


def token_expiry_problem(expires_on: datetime.date, today: datetime.date | None = None) -> str | None:
    """Why ``expires_on`` cannot be a token's last day, or None."""
    today = today or timezone.localdate()
    if expires_on <= today:
        return _("Choose a date after today.")
    if expires_on > today + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS):
        return _("A token works at most %(days)s days: choose an earlier date.") % {"days": settings.API_TOKEN_MAX_DAYS}
    return None


def _end_of(day: datetime.date) -> datetime.datetime:
    """The token works up to and including ``day`` (until midnight, local time)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


@transaction.atomic
def api_token_create(
    *,
    user,
    name: str,
    scope: str = ApiToken.Scope.READ,
    organisation: Organisation | None = None,
    collaboration: Collaboration | None = None,
    expires_on: datetime.date | None = None,
) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns it and the token itself, which is never stored."""
    if expires_on is None:
        expires_on = timezone.localdate() + datetime.timedelta(days=min(90, settings.API_TOKEN_MAX_DAYS))
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Give the token a name.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose what the token may do.")
    if organisation is not None and not organisation.memberships.filter(user=user).exists():
        errors["organisation"] = _("Choose one of your organisations.")
    if scope == ApiToken.Scope.WRITE and organisation is None:
        errors["organisation"] = _("Choose the organisation the token acts for.")
    if collaboration is not None and not collaborations_for_user(user).filter(pk=collaboration.pk).exists():
        errors["collaboration"] = _("Choose one of your collaborations.")
    problem = token_expiry_problem(expires_on)
    if problem:
        errors["expires_on"] = problem
    if errors:
        raise ValidationError(errors)
    raw = ApiToken.new_token()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_api_token(raw),
        scope=scope,
        organisation=organisation,
        collaboration=collaboration,
        expires_at=_end_of(expires_on),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    ApiToken.objects.filter(pk=token.pk).delete()


@transaction.atomic
def revoke_tokens_for_password_change(user) -> int:
    """A new password ends every token: whoever knew the old one may have made one."""
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def revoke_tokens_for_leaving(user, organisation) -> int:
    """Leaving an organisation ends the tokens that act for it or are limited to it.

    ``user`` and ``organisation`` may be instances or primary keys (the signal passes keys)."""
    deleted, _rows = ApiToken.objects.filter(user=user, organisation=organisation).delete()
    return deleted
