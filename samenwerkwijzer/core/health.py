"""Health probes for a load balancer or monitor.

``/health/live``: the process answers; nothing else is touched (no session, no user, no database),
so LivenessMiddleware answers it before the session and authentication middleware. It is also the
floor of the load benchmark. ``/health/`` is an alias of it (the contract since the first release).
``/health/ready``: the database, the cache and the default file storage are reachable.
"""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"health-ready-{uuid.uuid4().hex}"
    cache = caches["default"]
    cache.set(key, "ok", 30)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def check_storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("the storage did not return what was stored")
    finally:
        default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}


def run_checks() -> dict[str, str]:
    """Each check's result: "ok", or "error" (the cause goes to the log, never to the caller)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results


class LivenessMiddleware:
    """Answers /health/live (and its alias /health/) before any middleware that could read the
    session or the user from the database."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths_by_urlconf: dict[str, frozenset[str]] = {}

    def paths(self) -> frozenset[str]:
        urlconf = settings.ROOT_URLCONF
        if urlconf not in self.paths_by_urlconf:
            try:
                paths = {reverse(name, urlconf=urlconf) for name in ("core:health_live", "core:health")}
            except NoReverseMatch:  # a URLconf without the probes (tests with their own views)
                paths = set()
            self.paths_by_urlconf[urlconf] = frozenset(paths)
        return self.paths_by_urlconf[urlconf]

    def __call__(self, request):
        if request.path_info in self.paths():
            from . import views

            return views.health_live(request)
        return self.get_response(request)
