"""Rendered HTML fragments that are expensive to make and the same for many readers, kept in Django's cache.

Why a cached fragment can be neither stale nor someone else's:

- This module never decides who may see what. A view runs its access check first, on every
  request, and only then asks for a fragment; a fragment is only ever the part of a page that every
  reader with the same key may see.
- The key holds everything the HTML depends on: the fragment's name, the current *version* of
  every scope it reads from, the caller's own parts (the object, its state, the reader's variant),
  the language and the time zone. A version is a random token in the cache that `bump` replaces;
  the domain app bumps it from its models' ``post_save``/``post_delete`` receivers through
  `bump_on_commit` (at once, and again after the commit, so a page read during the write cannot
  be kept under the new version). A missing or evicted version gets a new random token, never an
  old one again.
- The fragment is rendered from the caller's context only (no request, no context processors: no
  ``user`` or ``request`` can slip in), and never with a CSRF token: a placeholder is stored and
  replaced by the reader's own token on the way out.

``FRAGMENT_CACHE_SECONDS = 0`` turns caching off: the same code then renders every time.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

# Stands in for the CSRF token inside a stored fragment (the same on every node).
CSRF_PLACEHOLDER = "fragment-cache-csrf-token-placeholder"
# The scope every fragment depends on: bumped for changes that are not tied to one scope (a name).
EVERYTHING = "all"


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


def _version_key(scope: str) -> str:
    return f"fragment-version:{scope}"


def versions(scopes: Iterable[str]) -> list[str]:
    """The current version token of each scope (one cache read for all of them)."""
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            token = uuid.uuid4().hex
            # Someone else's token when another request was first; when even that cannot be read
            # (evicted at once), a fresh one nobody else has, so nothing is shared.
            found[key] = token if cache.add(key, token, timeout=None) else cache.get(key) or uuid.uuid4().hex
    return [found[key] for key in keys]


def bump(scope: str) -> None:
    """Every fragment that depends on ``scope`` is out of date from now on."""
    cache.set(_version_key(scope), uuid.uuid4().hex, timeout=None)


def bump_on_commit(scope: str) -> None:
    """Bump now and again when the current transaction commits (at once outside a transaction)."""
    bump(scope)
    transaction.on_commit(lambda: bump(scope))


def key(name: str, *, scopes: Iterable[str], parts: Iterable) -> str:
    described = repr(
        (
            name,
            versions([EVERYTHING, *scopes]),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            tuple(parts),
        )
    )
    return f"fragment:{name}:{hashlib.sha256(described.encode()).hexdigest()}"


def fragment(
    request, template_name: str, context: Callable[[], dict], *, name: str, scopes: Iterable[str], parts: Iterable
) -> SafeString:
    """The fragment's HTML for this request: from the cache when the exact key is there, else rendered
    from ``context()`` (called only then) and stored. ``parts`` must name everything the context
    depends on besides the scopes' data; the caller has checked access already."""
    html = None
    if enabled():
        cache_key = key(name, scopes=scopes, parts=parts)
        html = cache.get(cache_key)
    if html is None:
        html = render_to_string(template_name, {**context(), "csrf_token": CSRF_PLACEHOLDER})
        if enabled():
            cache.set(cache_key, html, settings.FRAGMENT_CACHE_SECONDS)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308  (rendered by our own template, autoescaped)
