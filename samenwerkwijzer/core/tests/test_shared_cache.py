"""The cache and the sessions shared by every node: on a real Redis server (CACHE_URL), as several
nodes use it, and the settings CACHE_URL gives (in a fresh interpreter, as an operator's start)."""

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from allauth.core import ratelimit
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import RequestFactory

from testsupport.redis import start_redis

pytestmark = pytest.mark.once  # no database-specific code; starts a server: runs once, in the SQLite run


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = start_redis(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis_server, settings):
    """The settings CACHE_URL=redis://… gives (settings.py), on an empty server."""
    redis_server.client().flushall()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server.url}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield redis_server
    caches["default"].close()


def another_node():
    """A second cache client with connections of its own, as on another node."""
    return caches.create_connection("default")


def test_what_one_node_caches_another_reads(redis_cache):
    caches["default"].set("answer", {"kvk": "12345678"}, timeout=60)
    assert another_node().get("answer") == {"kvk": "12345678"}
    assert redis_cache.client().dbsize() == 1  # on the server, not in this process


def test_a_counter_is_shared_by_the_nodes(redis_cache):
    first, second = caches["default"], another_node()
    first.add("failures", 0, timeout=60)
    assert [first.incr("failures"), second.incr("failures"), first.incr("failures")] == [1, 2, 3]


def test_allauth_s_rate_limit_counts_on_every_node(redis_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "2/m/ip"}
    request = RequestFactory().post("/accounts/password/reset/", REMOTE_ADDR="192.0.2.7")
    request.user = None

    assert ratelimit.consume(request, action="reset_password")  # node A
    assert ratelimit.consume(request, action="reset_password")
    # Node B: its own cache client, the same server. The third attempt within the minute is refused.
    del caches["default"]  # the next use opens a client of its own
    assert not ratelimit.consume(request, action="reset_password")
    request.META["REMOTE_ADDR"] = "192.0.2.8"
    assert ratelimit.consume(request, action="reset_password")  # another address counts on its own


@pytest.mark.django_db
def test_a_session_is_stored_in_the_database_and_read_through_the_cache(redis_cache):
    engine = import_module(django_settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session["collaboration"] = 42
    session.save()

    assert Session.objects.filter(session_key=session.session_key).exists()  # survives a cache restart
    assert redis_cache.client().dbsize() == 1
    assert engine.SessionStore(session_key=session.session_key)["collaboration"] == 42  # another request

    redis_cache.client().flushall()  # the cache server restarted: nobody is logged out
    assert engine.SessionStore(session_key=session.session_key)["collaboration"] == 42


SCRIPT = (
    "import json; from samenwerkwijzer import settings as s; "
    "print(json.dumps({'caches': s.CACHES['default'], 'sessions': s.SESSION_ENGINE}))"
)


def configured(**environment) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"} | environment
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT],
        cwd=Path(django_settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_cache_url_the_cache_and_the_sessions_are_in_the_database():
    assert configured() == {
        "caches": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "samenwerkwijzer_cache"},
        "sessions": "django.contrib.sessions.backends.db",
    }


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("redis://cache.internal:6379/1", "redis://cache.internal:6379/1"),
        ("rediss://:secret@cache.internal:6380/0", "rediss://:secret@cache.internal:6380/0"),
        ("valkey://cache.internal:6379/0", "redis://cache.internal:6379/0"),
        ("valkeys://cache.internal:6380/0", "rediss://cache.internal:6380/0"),
    ],
)
def test_cache_url_puts_the_cache_on_the_server_and_sessions_read_through_it(url, location):
    assert configured(CACHE_URL=url) == {
        "caches": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location},
        "sessions": "django.contrib.sessions.backends.cached_db",
    }
