"""The generic fragment cache (lib/fragment_cache.py): keys, versions, the CSRF placeholder, off switch."""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import RequestFactory
from django.utils import translation

from samenwerkwijzer.lib import fragment_cache


@pytest.fixture
def cache_on(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lib"}}
    settings.FRAGMENT_CACHE_SECONDS = 600
    (tmp_path / "fragment.html").write_text(
        '{% load i18n %}<p>{% translate "Yes" %} {{ value }} [{{ user }}]</p><form>{% csrf_token %}</form>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    cache.clear()
    yield
    cache.clear()


class Context:
    """A context factory that counts how often the fragment had to be rendered."""

    def __init__(self, value="42"):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return {"value": self.value}


def _request():
    request = RequestFactory().get("/")
    request.user = "Alice"  # what a context processor would offer: never used for a stored fragment
    return request


def _secrets(html) -> set[str]:
    """The CSRF secrets behind the (masked) tokens in the HTML."""
    return {_unmask_cipher_token(token) for token in re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', html)}


def _fragment(request, context, scope="thing:1", parts=(1,)):
    return fragment_cache.fragment(request, "fragment.html", context, name="test", scopes=[scope], parts=parts)


def test_the_test_suite_runs_with_the_fragment_cache_on(settings):
    assert settings.FRAGMENT_CACHE_SECONDS > 0


def test_a_fragment_is_rendered_once_and_then_served(cache_on):
    context = Context()
    first = _fragment(_request(), context)
    second = _fragment(_request(), context)
    assert context.calls == 1
    assert "42" in first and "[]" in first  # rendered from the context alone, no request user
    assert first.split("<form>")[0] == second.split("<form>")[0]


def test_the_stored_fragment_holds_no_csrf_token_and_each_reader_gets_their_own(cache_on):
    alice, bob = _request(), _request()
    alice_html = _fragment(alice, Context())
    bob_html = _fragment(bob, Context())
    stored = [value for key, value in cache._cache.items() if ":fragment:test:" in key]
    assert len(stored) == 1
    assert fragment_cache.CSRF_PLACEHOLDER.encode() in stored[0]
    assert _secrets(alice_html) == {alice.META["CSRF_COOKIE"]}
    assert _secrets(bob_html) == {bob.META["CSRF_COOKIE"]} != _secrets(alice_html)
    assert fragment_cache.CSRF_PLACEHOLDER not in alice_html


def test_other_parts_another_language_or_a_bumped_scope_render_anew(cache_on):
    context = Context()
    _fragment(_request(), context)
    _fragment(_request(), context, parts=(2,))
    assert context.calls == 2
    with translation.override("en"):
        english = _fragment(_request(), context)
    assert context.calls == 3 and "Yes" in english
    assert "Ja" in _fragment(_request(), context) and context.calls == 3
    fragment_cache.bump("thing:1")
    _fragment(_request(), context)
    assert context.calls == 4
    fragment_cache.bump(fragment_cache.EVERYTHING)
    _fragment(_request(), context)
    assert context.calls == 5
    fragment_cache.bump("thing:2")  # another scope: still served
    _fragment(_request(), context)
    assert context.calls == 5


def test_a_version_is_kept_until_bumped_and_a_lost_one_is_never_reused(cache_on):
    [first] = fragment_cache.versions(["thing:1"])
    assert fragment_cache.versions(["thing:1"]) == [first]
    fragment_cache.bump("thing:1")
    [second] = fragment_cache.versions(["thing:1"])
    assert second != first
    cache.delete("fragment-version:thing:1")  # evicted
    assert fragment_cache.versions(["thing:1"]) not in ([first], [second])


@pytest.mark.django_db
def test_a_write_bumps_at_once_and_again_after_its_commit(cache_on, django_capture_on_commit_callbacks):
    [before] = fragment_cache.versions(["thing:1"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        fragment_cache.bump_on_commit("thing:1")
        [during] = fragment_cache.versions(["thing:1"])
        assert during != before
    [after] = fragment_cache.versions(["thing:1"])
    assert len(callbacks) == 1 and after not in (before, during)


@pytest.mark.django_db
def test_a_rolled_back_write_bumps_no_second_time(cache_on, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        fragment_cache.bump_on_commit("thing:1")
        raise RuntimeError
    assert callbacks == []


def test_with_the_cache_off_every_request_renders_and_nothing_is_stored(cache_on, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    context = Context()
    request = _request()
    html = _fragment(request, context)
    _fragment(_request(), context)
    assert context.calls == 2 and _secrets(html) == {request.META["CSRF_COOKIE"]}
    assert not [key for key in cache._cache if "fragment" in key]
