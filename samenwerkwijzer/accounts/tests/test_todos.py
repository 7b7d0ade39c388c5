"""The daily digest carries the person's "Te doen" (docs/todos.md)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from samenwerkwijzer.accounts import notifications
from samenwerkwijzer.accounts.models import PendingDigestItem
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import open_round

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@override_settings(SITE_URL="http://voorbeeld.test:8123")
def test_the_digest_lists_the_to_dos_per_collaboration_with_absolute_links(personas):
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    PendingDigestItem.objects.create(user=personas.bob, kind="reminders", subject="Herinnering", body="Ronde 2")
    assert notifications.send_digests(now=datetime(2026, 11, 28, 7, 0, tzinfo=AMSTERDAM)) == 1
    body = mail.outbox[-1].body
    assert "Herinnering" in body  # the existing content stays
    assert "Te doen" in body and "Zonnedak Zwaluwstaart:" in body
    link = "http://voorbeeld.test:8123" + reverse(
        "instruments:round_detail", args=[personas.collaboration.pk, round_.pk]
    )
    assert f"Nu invullen: {link}" in body
    assert "(0 van 2 organisaties klaar)" in body


def test_a_digest_without_to_dos_has_no_to_do_heading(personas):
    from samenwerkwijzer.collaborations.todos import todos_for_user

    assert todos_for_user(personas.olivia) == []
    PendingDigestItem.objects.create(user=personas.olivia, kind="reminders", subject="Herinnering", body="Ronde 2")
    notifications.send_digests(now=datetime(2026, 11, 28, 7, 0, tzinfo=AMSTERDAM))
    assert "Te doen" not in mail.outbox[-1].body
