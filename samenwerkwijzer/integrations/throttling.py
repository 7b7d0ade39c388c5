"""Rate limits of /api/v1/: per client address, and per token (or logged-in person).

The rates come from ``settings.API_RATE_PER_ADDRESS`` and ``settings.API_RATE_PER_TOKEN``
("600/m" style, as ninja reads them), read at each call so an operator's setting (and a test's
override) applies without a restart.

The counts are fixed windows in our own database (``RateCounter``): a call adds one to the row of
its caller and window with ONE statement (an insert that adds one when the row is already there,
``count_call``), so a limit costs one query per call, is exact under concurrency and is shared by
every worker and node. Old windows are removed by the retention clean-up (``retention.py``).

- Per address: every call to /api/v1/ is counted BEFORE authentication (``refuse_over_address_limit``,
  run by the API's URL wrapper in ``samenwerkwijzer/api.py``), so calls with a missing or wrong
  token are counted too: guessing tokens is limited per address. The address is ninja's
  (``NINJA_NUM_PROXIES``: behind that many proxies, the address they forward).
- Per token or person: after authentication, as ninja's throttle of every operation
  (``NinjaAPI(throttle=api_throttles())``). An operation with a ``throttle`` of its own (the public
  legal-form advice, with its stricter anonymous limit) uses that instead.

A refusal is a 429 with ``Retry-After`` (the seconds until the window ends): a problem, or the
legacy body of the two legacy operations (``problems.on_throttled``).
"""

import math
import threading
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from . import problems
from .api_support import api_token
from .models import RateCounter

KEY_MAX_LENGTH = RateCounter._meta.get_field("key").max_length


def window_of(now: datetime, duration: int) -> tuple[datetime, float]:
    """The start of the fixed window of ``duration`` seconds that ``now`` falls in (windows are
    aligned to the Unix epoch, so every process agrees), and the seconds left in it."""
    moment = now.timestamp()
    start = math.floor(moment / duration) * duration
    return datetime.fromtimestamp(start, tz=UTC), start + duration - moment


def count_call(key: str, duration: int, *, now: datetime | None = None) -> tuple[int, float]:
    """Count one call of ``key`` in its current window; returns the count including this call and
    the seconds until the window ends.

    One statement, atomic in SQLite (3.35+) and PostgreSQL: the first call of a window inserts the
    row, every later one (also a racing one) adds one to it.
    """
    window_start, left = window_of(now or timezone.now(), duration)
    connection = connections[router.db_for_write(RateCounter)]
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    key_column, window_column, count_column = (
        quote(RateCounter._meta.get_field(name).column) for name in ("key", "window_start", "count")
    )
    # Only quoted names of our own table go into the text; the values are parameters.
    sql = (
        f"INSERT INTO {table} ({key_column}, {window_column}, {count_column}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key_column}, {window_column}) "
        f"DO UPDATE SET {count_column} = {table}.{count_column} + 1 RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key[:KEY_MAX_LENGTH], connection.ops.adapt_datetimefield_value(window_start)])
        (count,) = cursor.fetchone()
    return count, left


class _CounterThrottle(BaseThrottle):
    """A ninja throttle counted in ``RateCounter``; the rate is the setting named ``setting``."""

    setting = ""
    scope = ""
    _PERIODS = SimpleRateThrottle._PERIODS
    parse_rate = SimpleRateThrottle.parse_rate

    def __init__(self):
        # One instance serves every request (and thread): the wait of this thread's last refusal.
        self._last = threading.local()

    def ident(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        self._last.wait = None
        ident = self.ident(request)
        if ident is None:
            return True
        limit, duration = self.parse_rate(getattr(settings, self.setting))
        count, left = count_call(f"{self.scope}:{ident}", duration)
        if count <= limit:
            return True
        self._last.wait = left
        return False

    def wait(self) -> float | None:
        return getattr(self._last, "wait", None)


class TokenRateThrottle(_CounterThrottle):
    """Per personal API token; for the browser session, per person. Anonymous calls: not counted here."""

    scope = "token"
    setting = "API_RATE_PER_TOKEN"

    def ident(self, request):
        token = api_token(request)
        if token is not None:
            return f"token-{token.pk}"
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user-{user.pk}"
        return None


class AddressRateThrottle(_CounterThrottle):
    """Per client address (behind ``NUM_PROXIES`` proxies, the address they forward)."""

    scope = "address"
    setting = "API_RATE_PER_ADDRESS"

    def ident(self, request):
        return self.get_ident(request) or "unknown"


address_throttle = AddressRateThrottle()


def refuse_over_address_limit(request: HttpRequest) -> HttpResponse | None:
    """Count the call for its address; over the limit, the 429 answer (else None). Runs before
    authentication, for every call to /api/v1/."""
    if address_throttle.allow_request(request):
        return None
    wait = address_throttle.wait()
    response = problems.on_throttled(request, Throttled(wait=wait))
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


def api_throttles() -> list[BaseThrottle]:
    """The throttles ninja runs after authentication, for every operation of a NinjaAPI."""
    return [TokenRateThrottle()]


def longest_window() -> timedelta:
    """The longest window the configured rates use (at least a day): older windows are over."""
    rates = (settings.API_RATE_PER_TOKEN, settings.API_RATE_PER_ADDRESS)
    periods = [_CounterThrottle.parse_rate(_CounterThrottle, rate)[1] for rate in rates]
    return max(timedelta(days=1), *(timedelta(seconds=period) for period in periods))
