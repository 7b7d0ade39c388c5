"""Django's admin (/beheer/) behind allauth's login and a second factor.

The admin has no login of its own: its login page sends people to allauth's login (rate limits,
second factor, passkeys) and back. Only staff who set up a second factor and used it in this
session (at login or by confirming it again) reach the admin; staff without one are sent to set
one up first.
"""

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def has_second_factor(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


def used_second_factor(request) -> bool:
    """Whether this session was authenticated, or confirmed again, with a second factor."""
    from allauth.account.internal.flows.login import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class StrongAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and has_second_factor(request.user) and used_second_factor(request)

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login  # not at import: this module is an app config

        index = reverse("admin:index", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = index
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("account_login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if not has_second_factor(user):
            messages.warning(
                request,
                _(
                    "The administration needs a second step when you log in. Set up an authenticator app "
                    "or a passkey here, then go to the administration again."
                ),
            )
            return redirect("mfa_index")
        if not used_second_factor(request):
            # Logged in before the second factor was set up: confirm it once, then on to the admin.
            return redirect_to_login(next_url, reverse("mfa_reauthenticate"))
        return HttpResponseRedirect(next_url)  # not redirect(): it would try the text as a URL name


class StrongAdminConfig(AdminConfig):
    default_site = "samenwerkwijzer.accounts.admin_site.StrongAdminSite"
