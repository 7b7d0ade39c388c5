"""Rate limits of /api/v1/: per token (or logged-in person) and per client address.

The rates come from ``settings.API_RATE_PER_TOKEN`` and ``settings.API_RATE_PER_ADDRESS``
("600/m" style), read at each request so an operator's setting (and a test's override) applies
without a restart. The counts live in Django's cache, as ninja's own throttles do. Every
operation gets both (``NinjaAPI(throttle=[...])``); an operation with a ``throttle`` of its own
(the public legal-form advice) uses that instead.
"""

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from .api_support import api_token


class _SettingRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self):
        # The rate is read per request (allow_request), not once at import.
        self.rate = None
        self.num_requests = self.duration = None

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class TokenRateThrottle(_SettingRateThrottle):
    """Per personal API token; for the browser session, per person. Anonymous calls: not counted here."""

    scope = "api_token"
    setting = "API_RATE_PER_TOKEN"

    def get_cache_key(self, request):
        token = api_token(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_SettingRateThrottle):
    """Per client address (behind ``NUM_PROXIES`` proxies, the address they forward)."""

    scope = "api_address"
    setting = "API_RATE_PER_ADDRESS"

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def api_throttles() -> list[SimpleRateThrottle]:
    return [TokenRateThrottle(), AddressRateThrottle()]
