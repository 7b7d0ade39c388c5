from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from samenwerkwijzer.accounts import notifications
from samenwerkwijzer.accounts.models import Frequency, NotificationSetting, PendingDigestItem
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TEMPLATE = "accounts/email/test_notice"


@pytest.fixture(autouse=True)
def notice_templates(settings, tmp_path):
    folder = tmp_path / "accounts" / "email"
    folder.mkdir(parents=True)
    (folder / "test_notice_subject.txt").write_text("{% load i18n %}{% translate 'Log in' %}: {{ topic }}")
    (folder / "test_notice_body.txt").write_text("Body about {{ topic }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


def send(user, kind="reminders", topic="ronde 2"):
    return notifications.notify(user=user, kind=kind, template=TEMPLATE, context={"topic": topic})


def test_an_immediate_notification_is_mailed_in_the_recipients_language(mailoutbox, django_capture_on_commit_callbacks):
    dutch, english = UserFactory(), UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send(dutch)
        send(english)
    assert mailoutbox[0].subject == "Inloggen: ronde 2"
    assert mailoutbox[1].subject == "Log in: ronde 2"
    assert "/notifications/unsubscribe/" in mailoutbox[0].body
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_when_the_kind_is_off(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationSetting.objects.create(user=user, kind="reminders", frequency=Frequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(user) == Frequency.OFF
        send(user, kind="meetings")
    assert [m.subject for m in mailoutbox] == ["Inloggen: ronde 2"]


def test_daily_items_wait_for_one_digest_after_seven(mailoutbox):
    user = UserFactory()
    NotificationSetting.objects.create(user=user, kind="reminders", frequency=Frequency.DAILY)
    send(user, topic="eerste")
    send(user, topic="tweede")
    assert not mailoutbox
    assert notifications.send_digests(now=datetime(2026, 11, 28, 6, 59, tzinfo=AMSTERDAM)) == 0
    assert notifications.send_digests(now=datetime(2026, 11, 28, 7, 0, tzinfo=AMSTERDAM)) == 1
    assert "eerste" in mailoutbox[0].body and "tweede" in mailoutbox[0].body
    assert "2 nieuwe berichten" in mailoutbox[0].subject
    send(user, topic="derde")
    assert notifications.send_digests(now=datetime(2026, 11, 28, 15, 0, tzinfo=AMSTERDAM)) == 0
    assert notifications.send_digests(now=datetime(2026, 11, 29, 7, 15, tzinfo=AMSTERDAM)) == 1
    assert "derde" in mailoutbox[1].body
    assert not PendingDigestItem.objects.filter(sent_at__isnull=True).exists()


def test_the_unsubscribe_link_works_without_logging_in(client):
    user = UserFactory()
    url = reverse("accounts:unsubscribe", args=[notifications.unsubscribe_token(user, "meetings")])
    page = client.get(url).content.decode()
    assert "Overleggen en herinneringen daarvoor" in page
    assert NotificationSetting.objects.count() == 0, "a GET (e.g. a link scanner) changes nothing"
    client.post(url)
    assert NotificationSetting.objects.get(user=user, kind="meetings").frequency == Frequency.OFF


def test_a_tampered_unsubscribe_link_is_refused(client):
    user = UserFactory()
    token = notifications.unsubscribe_token(user, "meetings")
    response = client.post(reverse("accounts:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert not NotificationSetting.objects.exists()


def test_a_user_chooses_frequencies_per_kind(client):
    user = UserFactory()
    client.force_login(user)
    data = {"reveals": "immediately", "reminders": "daily", "meetings": "off", "flags": "daily", "membership": "off"}
    assert client.post(reverse("accounts:notifications"), data).status_code == 302
    assert dict(NotificationSetting.objects.filter(user=user).values_list("kind", "frequency")) == data
    response = client.post(reverse("accounts:notifications"), {**data, "meetings": "hourly"})
    assert response.status_code == 200 and response.context["form"].errors["meetings"]


def test_the_chosen_language_is_remembered_on_the_account(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    client.cookies.clear()
    client.force_login(user)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_scheduled_jobs_command_runs_with_a_given_time(mailoutbox):
    user = UserFactory()
    NotificationSetting.objects.create(user=user, kind="flags", frequency=Frequency.DAILY)
    send(user, kind="flags")
    out = StringIO()
    call_command("run_scheduled_jobs", "--now", "2026-11-28T08:00:00", stdout=out)
    assert "daily digests: 1" in out.getvalue()
    assert len(mailoutbox) == 1
