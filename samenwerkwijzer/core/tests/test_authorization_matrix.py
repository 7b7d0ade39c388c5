"""The authorization matrix: every URL pattern of the project, every persona.

Patterns come from the URL resolver; expectations from each app's
``tests/access_matrix.py``. A pattern without an expectation fails the suite.
"""

import functools
import importlib
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samenwerkwijzer.lib import authz


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "module:function" when unnamed
    route: str
    module: str
    name: str | None


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            view_class = getattr(callback, "view_class", None)
            if view_class is not None:
                module = view_class.__module__
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else None
            route = prefix + str(entry.pattern)
            key = name or f"{module}:{getattr(callback, '__name__', '?')} {route}"
            yield Pattern(key=key, route=route, module=module, name=name)


ALL_PATTERNS = list(_walk(get_resolver().url_patterns))


def _load_expectations():
    expectations = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("samenwerkwijzer."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.access_matrix")
        except ModuleNotFoundError:
            continue
        for key, expect in module.EXPECTATIONS.items():
            assert key not in expectations, f"{key} has two expectations"
            expectations[key] = expect
    return expectations


EXPECTATIONS = _load_expectations()


def expectation_for(pattern: Pattern):
    if pattern.key in EXPECTATIONS:
        return EXPECTATIONS[pattern.key]
    for key, expect in EXPECTATIONS.items():
        if key.startswith("module:") and pattern.module.startswith(key.removeprefix("module:")):
            return expect
        if key.startswith("route:") and pattern.route.startswith(key.removeprefix("route:")):
            return expect
    return None


def test_every_url_pattern_has_an_expectation():
    missing = [p.key + "  " + p.route for p in ALL_PATTERNS if expectation_for(p) is None]
    assert not missing, "URL patterns without an authorization expectation:\n" + "\n".join(missing)


def test_every_expectation_belongs_to_an_existing_pattern():
    keys = {p.key for p in ALL_PATTERNS}
    modules = {p.module for p in ALL_PATTERNS}
    routes = {p.route for p in ALL_PATTERNS}
    stale = [
        key
        for key in EXPECTATIONS
        if key not in keys
        and not (key.startswith("module:") and any(m.startswith(key.removeprefix("module:")) for m in modules))
        and not (key.startswith("route:") and any(r.startswith(key.removeprefix("route:")) for r in routes))
    ]
    assert not stale, f"Expectations for patterns that do not exist: {stale}"


DUMMY_BY_CONVERTER = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _build_url(pattern: Pattern, expect: authz.Expect, personas) -> str | None:
    route = pattern.route
    if route.startswith("^") or "(?P" in route:
        return None  # a regular-expression route of a third-party app: covered, not requested
    url = route
    for match in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
        converter, name = match.group(1) or "str", match.group(2)
        value = expect.kwargs[name](personas) if name in expect.kwargs else DUMMY_BY_CONVERTER[converter]
        url = url.replace(match.group(0), str(value), 1)
    return "/" + url


@functools.cache
def _snapshot_sql() -> str:
    """One statement that reads every row of every project table (the users and the many-to-many
    tables too) as (table, key, the row's columns as a JSON array): one round trip per snapshot instead
    of one per table (on PostgreSQL the ~150 round trips were most of this test's time)."""
    # Rate-limit counts (integrations.RateCounter) count every call, refused ones too: bookkeeping, not data.
    # Logging in (force_login) stamps last_login; that is not a change made by the request.
    user_label = apps.get_model(settings.AUTH_USER_MODEL)._meta.label
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    array = "json_build_array" if postgres else "json_array"

    def text(field) -> str:
        column = quote(field.column)
        if field.get_internal_type() == "BinaryField":
            return f"encode({column}, 'hex')" if postgres else f"hex({column})"
        return f"CAST({column} AS TEXT)"

    selects = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not model.__module__.startswith("samenwerkwijzer.") or meta.label == "integrations.RateCounter":
            continue
        fields = [f for f in meta.concrete_fields if not (meta.label == user_label and f.name == "last_login")]
        columns = ", ".join(text(f) for f in fields)
        selects.append(
            f"SELECT '{meta.label}', CAST({quote(meta.pk.column)} AS TEXT), {array}({columns}) "  # noqa: S608
            f"FROM {quote(meta.db_table)}"
        )
    return " UNION ALL ".join(selects)


def _snapshot():
    """Every row of every project table, to prove a denied request changed nothing."""
    snapshot = {}
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        for label, key, row in cursor.fetchall():
            snapshot.setdefault(label, []).append((key, row))
    return {label: sorted(rows) for label, rows in snapshot.items()}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _request(client, method, url, data=None):
    return getattr(client, method.lower())(url, data=data or {})


OWN_KINDS = {
    authz.LOGIN,
    authz.READ,
    authz.WRITE,
    authz.LEAD,
    authz.ORGANISATION_MEMBER,
    authz.ORGANISATION_ADMIN,
    authz.NETWORK_MEMBER,
    authz.NETWORK_COORDINATOR,
}


def _assert_denied(personas, user, url, expect, status):
    before = _snapshot()
    for method in expect.methods:
        data = expect.data(personas) if expect.data and method == "POST" else None
        response = _request(_client(user), method, url, data)
        assert response.status_code == status, f"{user} {method} {url}: {response.status_code}, expected {status}"
    assert _snapshot() == before, f"a denied request by {user} to {url} changed data"


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", ALL_PATTERNS, ids=[p.key for p in ALL_PATTERNS])
def test_authorization_matrix(pattern, personas):
    expect = expectation_for(pattern)
    assert expect is not None
    url = _build_url(pattern, expect, personas)
    if url is None:
        return
    p = personas
    first_method = expect.methods[0]

    if expect.kind == authz.THIRD_PARTY:
        assert _request(_client(), "GET", url).status_code < 500
        return
    if expect.kind == authz.STAFF:
        # The admin has no login of its own: its login page sends visitors to allauth's login and
        # refuses people who are not staff; everything else sends a non-staff user away.
        for user in (None, p.charlie):
            response = _client(user).get(url)
            admin_login = (302,) if user is None else (403,)
            expected = admin_login if url == "/beheer/login/" else (302, 404, 405)
            assert response.status_code in expected, f"{user} GET {url}: {response.status_code}"
            if response.status_code == 302:
                assert response.url.startswith(("/beheer/", "/accounts/login/")), response.url
        return
    if expect.kind == authz.PUBLIC:
        for user in (None, p.charlie):
            for method in expect.methods:
                status = _request(_client(user), method, url).status_code
                assert status in (200, 302, *expect.allowed_statuses), f"{method} {url}: {status}"
        return

    assert expect.kind in OWN_KINDS, expect.kind
    # Wrong method: 405 before anything else.
    wrong = "DELETE" if "DELETE" not in expect.methods else "PUT"
    assert _request(_client(p.alice), wrong, url).status_code == 405

    # Anonymous: sent to the login page (the JSON API: 401, never a login page), nothing changes.
    before = _snapshot()
    response = _request(_client(), first_method, url, expect.data(p) if expect.data else None)
    if url.startswith("/api/"):
        assert response.status_code == 401, f"anonymous {first_method} {url}: {response.status_code}"
    else:
        assert response.status_code == 302 and response.url.startswith(
            settings.LOGIN_URL if "/" in settings.LOGIN_URL else "/accounts/login/"
        )
    assert _snapshot() == before

    if expect.kind == authz.LOGIN:
        if "GET" in expect.methods:
            assert _client(p.charlie).get(url).status_code in (200, 302)
        return

    if expect.kind in (authz.ORGANISATION_MEMBER, authz.ORGANISATION_ADMIN):
        _assert_denied(p, p.charlie, url, expect, 404)
        if expect.kind == authz.ORGANISATION_ADMIN:
            _assert_denied(p, p.anna, url, expect, 403)
        if "GET" in expect.methods:
            assert _client(p.alice).get(url).status_code == 200
            if expect.kind == authz.ORGANISATION_MEMBER:
                assert _client(p.anna).get(url).status_code == 200
        return

    if expect.kind in (authz.NETWORK_MEMBER, authz.NETWORK_COORDINATOR):
        # Network-scoped (networks/tests/factories.py): alice coordinates, bob is a member, dave
        # coordinates another network; charlie, dave and olivia (an observer elsewhere) are outsiders.
        for outsider in (p.charlie, p.dave, p.olivia):
            _assert_denied(p, outsider, url, expect, 404)
        if expect.kind == authz.NETWORK_COORDINATOR:
            _assert_denied(p, p.bob, url, expect, 403)
        if "GET" in expect.methods:
            allowed = [p.alice] if expect.kind == authz.NETWORK_COORDINATOR else [p.alice, p.bob]
            for user in allowed:
                assert _client(user).get(url).status_code in (200, *expect.allowed_statuses), f"{user} GET {url}"
        return

    # Collaboration-scoped: outsiders (unrelated, or in another collaboration) get 404.
    for outsider in (p.charlie, p.dave):
        _assert_denied(p, outsider, url, expect, 404)
    if expect.kind in (authz.WRITE, authz.LEAD):
        _assert_denied(p, p.olivia, url, expect, 403)
    if expect.kind == authz.LEAD:
        _assert_denied(p, p.bob, url, expect, 403)
    if "GET" in expect.methods:
        allowed = [p.alice] if expect.kind == authz.LEAD else [p.alice, p.bob]
        if expect.kind == authz.READ:
            allowed.append(p.olivia)
        for user in allowed:
            assert _client(user).get(url).status_code in (200, *expect.allowed_statuses), f"{user} GET {url}"

    # An explorer (verkenner) reaches only what is shared with it; everything else changes nothing.
    if expect.explorer == 200:
        assert "GET" in expect.methods
        assert _client(p.erin).get(url).status_code == 200, f"explorer GET {url}"
    else:
        _assert_denied(p, p.erin, url, expect, expect.explorer)


@pytest.mark.django_db
def test_the_snapshot_sees_a_changed_row_and_a_new_link_but_not_a_login(personas):
    before = _snapshot()
    _client(personas.charlie)  # force_login: a session and last_login, not data
    assert _snapshot() == before
    type(personas.collaboration).objects.filter(pk=personas.collaboration.pk).update(name="Anders")
    changed = _snapshot()
    assert changed != before
    personas.bob.groups.create(name="nieuw")
    assert _snapshot() != changed
