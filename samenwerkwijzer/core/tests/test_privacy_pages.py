"""The privacy statement (/privacy/) and the cookie statement (/cookies/) match the code.

They are public, linked from every page's footer, name the operator from the settings, list every
cookie the app sets (names and lifetimes from the settings), and name the personal data the models
hold. docs/privacy.md, the operator's record of processing, names the same models.
"""

import re
from html import unescape
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import models
from django.urls import reverse

from samenwerkwijzer import settings as settings_module
from samenwerkwijzer.lib.formatting import format_number
from samenwerkwijzer.webhooks import formats
from testsupport.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
RECORD = ROOT / "docs" / "privacy.md"

# Model fields that hold personal data, and the Dutch words the privacy statement uses for them.
# When a field is renamed or removed this test fails: update the statement and docs/privacy.md.
PERSONAL_DATA = {
    ("accounts", "User", "email"): "e-mailadres",
    ("accounts", "User", "job_title"): "functie",
    ("accounts", "User", "language"): "taal",
    ("accounts", "User", "password"): "hash",
    ("accounts", "PendingDigestItem", "body"): "dagelijkse samenvatting",
    ("organisations", "Membership", "is_authorised_signatory"): "mag tekenen",
    ("organisations", "MembershipInvitation", "email"): "Uitnodigingen",
    ("collaborations", "Invitation", "email"): "Uitnodigingen",
    ("collaborations", "AuditEvent", "actor_name"): "logboek",
    ("agreements", "Signature", "ip_address"): "IP-adres",
    ("agreements", "Signature", "user_agent"): "user agent",
    ("agreements", "Signature", "method"): "tweede stap",
    ("agreements", "SigningEvent", "actor_name"): "ondertekeningsspoor",
    ("verification", "ExtractSubmission", "extract"): "uittreksel",
    ("verification", "EherkenningLogin", "subject"): "eHerkenning",
    ("registry", "RegistryCheck", "result"): "Handelsregister",
    ("integrations", "ApiToken", "token_hash"): "API-sleutels",
    ("webhooks", "WebhookDelivery", "payload"): "webhook",
    ("privacy", "PersonalDataDownload", "file"): "zip-bestand",
    ("sessions", "Session", "session_data"): "sessie",
}

# The only models that keep an IP address or a user agent; the statement says where.
IP_ADDRESS_MODELS = {("agreements", "Signature"), ("agreements", "SigningEvent")}


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize("name", ["core:privacy", "core:cookies"])
def test_both_statements_are_public(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"


def test_the_footer_of_a_normal_page_links_both_statements(client):
    html = client.get(reverse("core:about")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{reverse("core:privacy")}">Privacy</a>' in footer
    assert f'href="{reverse("core:cookies")}">Cookies</a>' in footer


def test_the_statements_show_the_operator_from_the_settings(client, settings):
    settings.PRIVACY_OPERATOR_NAME = "Ondernemersnetwerk Rivierenland"
    settings.PRIVACY_OPERATOR_ADDRESS = "Havenstraat 7, 4001 AB Tiel"
    settings.PRIVACY_OPERATOR_KVK_NUMBER = "87654321"
    settings.PRIVACY_CONTACT_EMAIL = "avg@rivierenland.example"
    privacy = _text(client.get(reverse("core:privacy")))
    for fact in ("Naam Ondernemersnetwerk Rivierenland", "Adres Havenstraat 7, 4001 AB Tiel", "KvK-nummer 87654321"):
        assert fact in privacy
    assert privacy.count("avg@rivierenland.example") >= 3  # contact, rights, complaints
    assert "avg@rivierenland.example" in _text(client.get(reverse("core:cookies")))


def test_without_address_or_kvk_number_those_lines_are_left_out(client, settings):
    settings.PRIVACY_OPERATOR_ADDRESS = ""
    settings.PRIVACY_OPERATOR_KVK_NUMBER = ""
    html = client.get(reverse("core:privacy")).content.decode()
    operator = re.search(r'<dl class="facts" id="privacy-operator">(.*?)</dl>', html, re.S).group(1)
    assert "<dt>Adres</dt>" not in operator and "<dt>KvK-nummer</dt>" not in operator
    assert "<dt>Naam</dt><dd>Samenwerkwijzer (development)</dd>" in operator  # the development default


def test_the_cookie_statement_names_every_cookie_with_its_lifetime_from_the_settings(client, settings):
    settings.SESSION_COOKIE_NAME = "sw_sessie"
    settings.SESSION_COOKIE_AGE = 3 * 86400
    settings.CSRF_COOKIE_NAME = "sw_csrf"
    settings.CSRF_COOKIE_AGE = 1 * 86400
    settings.LANGUAGE_COOKIE_NAME = "sw_taal"
    settings.LANGUAGE_COOKIE_AGE = 30 * 86400
    text = _text(client.get(reverse("core:cookies")))
    assert "sw_sessie Waarvoor Houdt u ingelogd" in text
    assert 'Hooguit 3 dagen. Vinkte u bij het inloggen "Onthouden" niet aan?' in text
    assert "sw_csrf Waarvoor Beschermt de formulieren" in text and "1 dag " in text
    assert "sw_taal Waarvoor Onthoudt de taal" in text and "30 dagen" in text
    assert f"{CookieStorage.cookie_name} Waarvoor Toont één keer" in text
    assert "Hooguit 3 dagen niet meer" not in text
    assert "Een sessie werkt na hooguit 3 dagen niet meer." in _text(client.get(reverse("core:privacy")))


def test_a_language_cookie_without_age_lasts_until_the_browser_closes(client, settings):
    settings.LANGUAGE_COOKIE_AGE = None
    text = _text(client.get(reverse("core:cookies")))
    assert (
        f"{settings.LANGUAGE_COOKIE_NAME} Waarvoor Onthoudt de taal die u onderaan de pagina koos. Hoe lang Tot u uw browser sluit"
        in text
    )


def test_every_cookie_the_app_sets_is_on_the_cookie_statement(client):
    """Walk through what sets cookies: a form page, logging in (session and its "logged in" message),
    choosing a language. Every cookie seen must be named on the statement."""
    seen = set()
    seen |= set(client.get(reverse("core:about")).cookies)
    user = UserFactory()
    seen |= set(client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}).cookies)
    seen |= set(client.post(reverse("set_language"), {"language": "en", "next": "/about/"}).cookies)
    assert {"sessionid", "csrftoken", "django_language", "messages"} <= seen  # the walk reaches them all
    client.cookies.clear()
    html = client.get(reverse("core:cookies")).content.decode()
    listed = set(re.findall(r'<h3 class="cookie-name"><code>([^<]+)</code></h3>', html))
    assert seen <= listed


def test_the_privacy_statement_names_the_personal_data_the_models_hold(client):
    text = _text(client.get(reverse("core:privacy")))
    for (app_label, model_name, field_name), words in PERSONAL_DATA.items():
        apps.get_model(app_label, model_name)._meta.get_field(field_name)  # still there
        assert words in text, f"{app_label}.{model_name}.{field_name}: say '{words}' on the privacy statement"


def test_only_the_signing_models_keep_an_ip_address():
    """A new IP address (or user agent) field must be added to the statement and docs/privacy.md."""
    holders = {
        (model._meta.app_label, model.__name__)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.GenericIPAddressField) or field.name == "user_agent"
    }
    assert holders == IP_ADDRESS_MODELS


def test_error_reports_are_described_as_they_are_sent(client, settings):
    settings.SENTRY_DSN = ""
    assert "per e-mail naar de technisch beheerders" in _text(client.get(reverse("core:privacy")))
    settings.SENTRY_DSN = "https://key@sentry.example/1"
    text = _text(client.get(reverse("core:privacy")))
    assert "zonder uw IP-adres, cookies of naam" in text and "De foutendienst" in text


def test_the_statements_exist_in_english_too(client):
    client.cookies["django_language"] = "en"
    assert "Under the AVG you have the right to:" in _text(client.get(reverse("core:privacy")))
    assert "Samenwerkwijzer only uses functional cookies" in _text(client.get(reverse("core:cookies")))


def test_the_record_of_processing_names_the_same_models():
    record = RECORD.read_text()
    for app_label, model_name, _field in PERSONAL_DATA:
        assert f"{app_label}.{model_name}" in record or f"`{model_name}`" in record, model_name
    assert "artikel 28" in record.lower() or "art. 28" in record.lower()


def test_the_rights_link_to_download_and_delete_and_nothing_is_promised_for_later(client):
    html = client.get(reverse("core:privacy")).content.decode()
    assert f'href="{reverse("privacy:download")}">Mijn gegevens downloaden</a>' in html
    assert f'href="{reverse("privacy:delete")}">Account verwijderen</a>' in html
    text = _text(client.get(reverse("core:privacy")))
    assert "binnenkort" not in text.lower() and "straks" not in text.lower()
    # What the download holds and what stays after deletion, and why.
    assert "alles wat wij over u hebben in één zip-bestand, in JSON" in text
    assert "Er staat niets in over andere personen." in text
    assert "Wat met uw naam blijft: uw handtekeningen" in text and "artikel 17 lid 3 onder e" in text
    assert '"voormalige gebruiker"' in text


def test_every_retention_period_is_shown_from_the_settings(client, settings):
    """Each RETENTION_* setting (and the API key's longest life) is on the page, in days, so a new
    retention setting fails here until the statement names it."""
    names = [*sorted(name for name in vars(settings_module) if name.startswith("RETENTION_")), "API_TOKEN_MAX_DAYS"]
    assert len(names) >= 9
    for value, name in enumerate(names, start=101):
        setattr(settings, name, value)
    text = _text(client.get(reverse("core:privacy")))
    for value, name in enumerate(names, start=101):
        assert f"{value} dagen" in text, f"{name}: show its period on the privacy statement"


def test_retention_periods_are_dutch_numbers_with_day_or_days(client, settings):
    settings.RETENTION_ARCHIVED_COLLABORATION_DAYS = 2555
    settings.RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS = 1
    text = _text(client.get(reverse("core:privacy")))
    assert f"{format_number(2555)} dagen nadat een samenwerking is gearchiveerd" in text
    assert "2.555 dagen" in text
    assert "het wordt na 1 dag verwijderd" in text


def test_webhooks_api_keys_and_background_work_are_described(client, settings):
    settings.RETENTION_WEBHOOK_DELIVERY_DAYS = 30
    text = _text(client.get(reverse("core:privacy")))
    assert "Het bevat nooit antwoorden, en niets van een ronde voordat die is onthuld." in text
    assert "Het logboek van wat is verstuurd: 30 dagen." in text
    assert "Het adres dat een penvoerder koos voor een webhook" in text
    assert "Werk op de achtergrond" in text and "achtergrondproces van deze zelfde installatie" in text
    assert "nooit de sleutel zelf" in text and "token" not in text.lower()


@pytest.mark.parametrize("format_", ["json", "slack", "teams"])
def test_a_webhook_message_holds_no_more_than_the_statement_says(format_):
    """The statement promises the collaboration's name, what happened, a link and a few facts: the
    formats send nothing of the payload's data beyond what the event gave them."""
    event = {
        "id": "evt_1",
        "event": "meeting.planned",
        "created_at": "2026-12-06T14:05:00+00:00",
        "collaboration": {"id": 1, "name": "Zonnedak"},
        "data": {"title": "Overleg", "starts_at": "2026-12-07T10:00:00+00:00", "url": "https://x/1"},
    }
    sent = formats.body(format_, event).decode()
    for private in ("@", "answers", "ip_address"):
        assert private not in sent
