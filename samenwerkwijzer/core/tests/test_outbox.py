"""The outbox: every mail is a row (once per idempotency key) sent by a background task, once.

SMTP is a real local server (aiosmtpd, as testsupport/smtp.py uses) or a closed port for "down".
"""

import logging
import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.accounts.models import Frequency, NotificationSetting, PendingDigestItem
from samenwerkwijzer.core.jobs import run_all
from samenwerkwijzer.core.models import OutgoingMail
from samenwerkwijzer.core.tasks_mail import send_outgoing_mail
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.models import ActionItem, Round
from samenwerkwijzer.instruments.tests.factories import access_for, open_round
from samenwerkwijzer.lib.mail import KEY_LIMIT, mail_key, send_after_commit
from samenwerkwijzer.privacy.registry import RETENTIONS
from samenwerkwijzer.webhooks.delivery import queue_event
from samenwerkwijzer.webhooks.models import WebhookDelivery, WebhookEndpoint
from samenwerkwijzer.workspace import services as workspace_services
from samenwerkwijzer.workspace.models import FlagNotice, Meeting
from samenwerkwijzer.workspace.tests.factories import action

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def queue(key=None, to="gast@example.org"):
    return send_after_commit(subject="Hallo", body="Tekst", to=[to], idempotency_key=key)


def test_a_mail_is_a_row_first_and_the_task_sends_it_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert queue("welkom:1") is True
        row = OutgoingMail.objects.get()
        assert row.status == OutgoingMail.Status.PENDING and not mail.outbox  # nothing before the commit
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT and row.attempts == 1 and row.sent_at is not None
    assert row.to == ["gast@example.org"] and row.idempotency_key == "welkom:1"
    assert [(m.subject, m.to) for m in mail.outbox] == [("Hallo", ["gast@example.org"])]


def test_a_rolled_back_mail_is_neither_stored_nor_sent(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue("teruggedraaid")
        raise RuntimeError("the work failed")
    assert not OutgoingMail.objects.exists() and not mail.outbox


def test_a_mail_without_a_key_gets_a_random_one_and_each_goes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
        queue()
    assert len(mail.outbox) == 2 and OutgoingMail.objects.values("idempotency_key").distinct().count() == 2


def test_a_duplicate_key_is_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert queue("herinnering:7:2026-12-06") is True
        assert queue("herinnering:7:2026-12-06") is False
    with django_capture_on_commit_callbacks(execute=True):
        assert queue("herinnering:7:2026-12-06") is False
    assert len(mail.outbox) == 1 and OutgoingMail.objects.count() == 1


def test_a_key_another_node_inserted_meanwhile_is_refused_by_the_constraint_and_nothing_is_queued(
    django_capture_on_commit_callbacks, caplog
):
    """The race of two nodes, made deterministic: the insert is tried without looking first, so the
    database's unique constraint is what refuses the second one, and the caller's transaction goes on."""
    OutgoingMail.objects.create(idempotency_key="digest:4:2026-12-06", subject="S", body="B", to=["a@example.org"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with caplog.at_level(logging.INFO, logger="samenwerkwijzer.lib.mail"):
            assert queue("digest:4:2026-12-06") is False
        assert OutgoingMail.objects.count() == 1  # the transaction is still usable
    assert callbacks == [] and not mail.outbox
    assert "in the outbox already" in caplog.text


def test_a_long_key_keeps_its_kind_and_fits_the_column():
    key = mail_key("flags", 3, 9, *["a" * 64] * 5)
    assert key.startswith("flags:sha256:") and len(key) <= KEY_LIMIT
    assert key == mail_key("flags", 3, 9, *["a" * 64] * 5) != mail_key("flags", 3, 9, *["b" * 64] * 5)
    assert mail_key("digest", 4, "2026-12-06") == "digest:4:2026-12-06"


def test_running_the_task_again_sends_nothing_more(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue("eenmaal")
    row = OutgoingMail.objects.get()
    send_outgoing_mail.call(row.pk)  # a worker killed after sending, its task run again
    send_outgoing_mail.call(row.pk, attempt=2)
    assert len(mail.outbox) == 1 and OutgoingMail.objects.get().attempts == 1


def test_a_row_being_sent_by_a_live_worker_is_not_taken_but_an_abandoned_one_is(settings):
    row = OutgoingMail.objects.create(
        idempotency_key="k", subject="S", body="B", to=["a@example.org"], status=OutgoingMail.Status.SENDING
    )
    OutgoingMail.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - timedelta(seconds=10))
    send_outgoing_mail.call(row.pk)
    assert not mail.outbox and OutgoingMail.objects.get().status == OutgoingMail.Status.SENDING
    # The killed worker's task comes back once it *started* a lease ago; its claim is a moment
    # younger than that, and must not keep the mail from going.
    OutgoingMail.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS - 1)
    )
    send_outgoing_mail.call(row.pk)
    send_outgoing_mail.call(row.pk)
    assert len(mail.outbox) == 1 and OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An SMTP server's handler: keeps what it accepts; ``refuse`` first answers 451 that many times."""

    def __init__(self, refuse: int = 0):
        self.messages: list[bytes] = []
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 Requested action aborted: try again later"
        self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    def start(inbox: Inbox):
        port = _free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        smtp_settings(settings, port)
        return inbox

    started = []
    yield start
    for controller in started:
        controller.stop()


def smtp_settings(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


def test_a_real_smtp_server_receives_the_mail_once(smtp_server, django_capture_on_commit_callbacks):
    inbox = smtp_server(Inbox())
    with django_capture_on_commit_callbacks(execute=True):
        queue("smtp:1")
    send_outgoing_mail.call(OutgoingMail.objects.get().pk)
    assert len(inbox.messages) == 1 and b"Subject: Hallo" in inbox.messages[0]


def test_a_server_that_refuses_for_a_while_gets_the_mail_on_a_later_attempt_once(
    smtp_server, django_capture_on_commit_callbacks
):
    inbox = smtp_server(Inbox(refuse=2))
    with django_capture_on_commit_callbacks(execute=True):
        queue("smtp:later")
    row = OutgoingMail.objects.get()
    assert row.status == OutgoingMail.Status.SENT and row.attempts == 3 and row.last_error == ""
    assert len(inbox.messages) == 1


def test_smtp_down_is_retried_then_the_mail_is_failed_and_logged(settings, django_capture_on_commit_callbacks, caplog):
    smtp_settings(settings, _free_port())  # nobody listens there
    settings.TASK_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR):
        queue("smtp:down")
    row = OutgoingMail.objects.get()
    assert row.status == OutgoingMail.Status.FAILED and row.attempts == 3 and row.sent_at is None
    assert "ConnectionRefusedError" in row.last_error
    assert "Sending mail smtp:down ('Hallo') failed after 3 attempts" in caplog.text
    send_outgoing_mail.call(row.pk)  # a failed mail stays failed (and is not tried again by a stray task)
    assert OutgoingMail.objects.get().attempts == 3


def test_a_message_that_can_never_go_fails_at_once_without_retries(django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR):
        send_after_commit(subject="S", body="B", to=["a@example.org"], headers={"X-Bad": "a\nBcc: b@example.org"})
    row = OutgoingMail.objects.get()
    assert row.status == OutgoingMail.Status.FAILED and row.attempts == 1 and not mail.outbox
    assert "failed after 1 attempts" in caplog.text


def test_allauths_mails_go_through_the_outbox(client, personas):
    before = set(OutgoingMail.objects.values_list("pk", flat=True))  # e.g. the personas' own invitations
    client.post(reverse("account_reset_password"), {"email": personas.alice.email})
    row = OutgoingMail.objects.exclude(pk__in=before).get()
    assert row.status == OutgoingMail.Status.SENT and row.to == [personas.alice.email]
    assert mail.outbox[-1].subject == row.subject and "/password/reset/key/" in row.body


def test_attachments_survive_the_outbox(personas, django_capture_on_commit_callbacks):
    meeting = workspace_services.meeting_create(
        access=access_for(personas.alice, personas.collaboration, write=True),
        title="Overleg",
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        location="",
        online_link="",
        free_items=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        workspace_services.meeting_send_invites(
            access=access_for(personas.alice, personas.collaboration, write=True), meeting=meeting
        )
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == ("uitnodiging.ics", "text/calendar") and "BEGIN:VCALENDAR" in content


def _due_everything(personas, now):
    """A meeting tomorrow, a round open for eight days, a digest waiting, an overdue action item
    with a webhook endpoint subscribed to it."""
    NotificationSetting.objects.create(user=personas.olivia, kind="flags", frequency=Frequency.DAILY)
    PendingDigestItem.objects.create(user=personas.olivia, kind="flags", subject="Signaal", body="Radar")
    workspace_services.meeting_create(
        access=access_for(personas.alice, personas.collaboration, write=True),
        title="Kwartaaloverleg",
        starts_at=now + timedelta(hours=20),
        duration_minutes=60,
        location="",
        online_link="",
        free_items=[],
    )
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    Round.objects.filter(pk=round_.pk).update(opened_at=now - timedelta(days=8))
    action(personas.collaboration, personas.alpha, due=timezone.localdate(now) - timedelta(days=2))
    WebhookEndpoint.objects.create(
        collaboration=personas.collaboration,
        name="Chat",
        url="https://inside.example.test/hook",
        events=["action_item.overdue", "pitfall.flagged"],
    )


def test_scheduled_jobs_run_twice_or_on_two_nodes_send_each_mail_and_event_once(
    personas, fake_dns, django_capture_on_commit_callbacks
):
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        _due_everything(personas, now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_all(now=now)
    sent = sorted((m.subject, tuple(m.to)) for m in mail.outbox)
    deliveries = WebhookDelivery.objects.count()
    assert any("Herinnering" in subject for subject, _to in sent), sent  # the meeting reminder
    assert sum("overzicht" in subject or "bericht" in subject for subject, _to in sent) >= 1, sent  # the digest
    assert len(sent) >= 7 and deliveries >= 1
    with django_capture_on_commit_callbacks(execute=True):
        run_all(now=now)  # the same clock: the scheduler ran twice
    assert sorted((m.subject, tuple(m.to)) for m in mail.outbox) == sent
    # A second node that read the same due work before the first committed its claims: only the
    # outbox's and the deliveries' unique keys stand between it and a second mail.
    Meeting.objects.update(reminder_sent_at=None)
    Round.objects.update(reminded_at=None)
    PendingDigestItem.objects.update(sent_at=None)
    ActionItem.objects.update(overdue_announced_at=None)
    FlagNotice.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        run_all(now=now)
    assert sorted((m.subject, tuple(m.to)) for m in mail.outbox) == sent
    assert WebhookDelivery.objects.count() == deliveries
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == len(sent)


def test_an_event_emitted_twice_with_its_key_is_delivered_once_per_endpoint(personas, fake_dns):
    WebhookEndpoint.objects.create(
        collaboration=personas.collaboration, name="A", url="https://inside.example.test/a", events=["meeting.planned"]
    )
    first = queue_event(personas.collaboration, "meeting.planned", {"x": 1}, key="meeting.planned:5")
    again = queue_event(personas.collaboration, "meeting.planned", {"x": 1}, key="meeting.planned:5")
    assert len(first) == 1 and again == [] and WebhookDelivery.objects.count() == 1
    assert first[0].event_id == first[0].payload["id"]
    queue_event(personas.collaboration, "meeting.planned", {"x": 1})
    queue_event(personas.collaboration, "meeting.planned", {"x": 1})
    assert WebhookDelivery.objects.count() == 3  # without a key every emit is its own event


def test_sent_and_failed_mail_is_removed_after_its_retention_period(settings):
    settings.RETENTION_OUTGOING_MAIL_DAYS = 30
    now = timezone.now()
    for key, status in [("old-sent", "sent"), ("old-failed", "failed"), ("old-pending", "pending"), ("new", "sent")]:
        OutgoingMail.objects.create(idempotency_key=key, subject="S", body="B", to=["a@example.org"], status=status)
    OutgoingMail.objects.filter(idempotency_key__startswith="old").update(created_at=now - timedelta(days=31))
    assert RETENTIONS["outgoing mail"](now) == 2
    assert sorted(OutgoingMail.objects.values_list("idempotency_key", flat=True)) == ["new", "old-pending"]


def test_the_outbox_key_is_unique_in_the_database():
    constraints = connection.introspection.get_constraints(connection.cursor(), OutgoingMail._meta.db_table)
    assert any(c["unique"] and c["columns"] == ["idempotency_key"] for c in constraints.values())


def test_digest_key_names_the_day(personas):
    NotificationSetting.objects.create(user=personas.anna, kind="flags", frequency=Frequency.DAILY)
    PendingDigestItem.objects.create(user=personas.anna, kind="flags", subject="S", body="B")
    from samenwerkwijzer.accounts.notifications import send_digests

    assert send_digests(now=datetime(2026, 11, 28, 7, 0, tzinfo=AMSTERDAM)) == 1
    assert OutgoingMail.objects.filter(idempotency_key=f"digest:{personas.anna.pk}:2026-11-28", status="sent").exists()


class StatusAtGoodbyeBackend(BaseEmailBackend):
    """Accepts every message and notes the outbox row's status when the connection is closed."""

    statuses: list[str] = []
    is_open = False

    def open(self):  # as the SMTP backend: a connection sending opened itself, it closes again
        if self.is_open:
            return False
        self.is_open = True
        return True

    def send_messages(self, email_messages):
        opened_here = self.open()
        if opened_here:
            self.close()
        return len(email_messages)

    def close(self):
        self.is_open = False
        StatusAtGoodbyeBackend.statuses.append(OutgoingMail.objects.get().status)


def test_the_row_is_marked_sent_before_the_connection_says_goodbye(settings, django_capture_on_commit_callbacks):
    """A worker killed after the server's "250" while it says QUIT must not send the mail again."""
    settings.EMAIL_BACKEND = f"{__name__}.StatusAtGoodbyeBackend"
    StatusAtGoodbyeBackend.statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        queue("smtp:goodbye")
    assert StatusAtGoodbyeBackend.statuses == [OutgoingMail.Status.SENT]
