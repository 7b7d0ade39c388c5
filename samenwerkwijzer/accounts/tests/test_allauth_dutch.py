"""django-allauth speaks Dutch with "je"; every other page says "u". The hand-kept catalogue in
accounts/allauth_locale rewrites allauth's texts and has to keep up with allauth's upgrades."""

import re
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings

INFORMAL = re.compile(r"\b(je|jij|jouw|jezelf)\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
OVERRIDES = (
    Path(settings.BASE_DIR) / "samenwerkwijzer" / "accounts" / "allauth_locale" / "nl" / "LC_MESSAGES" / "django.po"
)


def _texts(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.fixture(scope="module")
def allauth_dutch():
    path = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


@pytest.fixture(scope="module")
def overrides():
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(OVERRIDES))}


def test_every_informal_allauth_text_is_rewritten_and_still_exists_in_allauth(allauth_dutch, overrides):
    informal = {key for key, entry in allauth_dutch.items() if any(INFORMAL.search(t) for t in _texts(entry))}
    assert informal - set(overrides) == set(), "allauth has new texts with 'je': add them to allauth_locale"
    assert set(overrides) - set(allauth_dutch) == set(), "allauth dropped these texts: remove them"


def test_the_rewrites_say_u_and_keep_every_placeholder(overrides):
    for entry in overrides.values():
        for text in _texts(entry):
            assert text and not INFORMAL.search(text), entry.msgid
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_the_account_pages_address_the_user_as_u(client, url):
    text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
    assert not INFORMAL.search(text)
    assert re.search(r"\b(u|uw)\b", text, re.IGNORECASE)
