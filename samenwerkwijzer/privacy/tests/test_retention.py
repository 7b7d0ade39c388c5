"""The retention clean-up: each kind removes exactly what is past its period (settings RETENTION_*)
and keeps the rest; one failing clean-up does not stop the others; the scheduled jobs queue it and
the database worker carries it out."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samenwerkwijzer.accounts.models import NotificationKind, PendingDigestItem
from samenwerkwijzer.agreements.models import Document, DocumentKind, Freeze, SigningEvent, Version
from samenwerkwijzer.collaborations.models import AuditEvent, Invitation, Observer
from samenwerkwijzer.privacy import registry
from samenwerkwijzer.privacy.retention import clean_up_everything
from samenwerkwijzer.privacy.tasks import clean_up_expired_data
from samenwerkwijzer.registry.models import RegistryCheck
from samenwerkwijzer.verification.models import ExtractSubmission
from samenwerkwijzer.verification.tests.factories import make_submission
from samenwerkwijzer.workspace.models import ExitProcess, Meeting

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: int, *, plus_minutes: int = 0):
    return NOW - timedelta(days=days) + timedelta(minutes=plus_minutes)


@pytest.fixture
def periods(settings):
    settings.RETENTION_INVITATION_DAYS = 30
    settings.RETENTION_DIGEST_DAYS = 20
    settings.RETENTION_REGISTRY_ANSWER_DAYS = 40
    settings.RETENTION_EXTRACT_DAYS = 50
    settings.RETENTION_AUDIT_ADDRESS_DAYS = 60
    settings.RETENTION_ARCHIVED_COLLABORATION_DAYS = 70
    return settings


def clean_up(name: str) -> int:
    return registry.RETENTIONS[name](NOW)


def invitation(p, **fields) -> Invitation:
    defaults = {"email": "someone@example.org", "expires_at": NOW + timedelta(days=7)}
    token = Invitation.new_token()
    return Invitation.objects.create(
        collaboration=p.collaboration, token_hash=hashlib.sha256(token.encode()).hexdigest(), **{**defaults, **fields}
    )


def test_invitations_past_their_period_are_deleted_the_rest_stays(personas, periods):
    p = personas
    gone = [
        invitation(p, accepted_at=days_ago(31), expires_at=days_ago(25)),
        invitation(p, revoked_at=days_ago(30)),
        invitation(p, expires_at=days_ago(31)),
    ]
    kept = [
        p.open_invitation,
        invitation(p, accepted_at=days_ago(30, plus_minutes=5)),
        invitation(p, revoked_at=days_ago(29)),
        invitation(p, expires_at=days_ago(30, plus_minutes=5)),
    ]
    assert clean_up("invitations") == 3
    assert set(Invitation.objects.values_list("pk", flat=True)) == {i.pk for i in kept}
    assert not Invitation.objects.filter(pk__in=[i.pk for i in gone]).exists()
    assert clean_up("invitations") == 0  # idempotent


def test_sent_digest_items_past_their_period_are_deleted_unsent_ones_stay(personas, periods):
    def item(**fields):
        return PendingDigestItem.objects.create(
            user=personas.bob, kind=NotificationKind.REVEALS, subject="s", body="b", **fields
        )

    item(sent_at=days_ago(21))
    recent = item(sent_at=days_ago(19))
    unsent = item(created_at=days_ago(400))
    assert clean_up("digest items") == 1
    assert set(PendingDigestItem.objects.values_list("pk", flat=True)) == {recent.pk, unsent.pk}


def test_registry_answers_past_their_period_are_deleted(personas, periods):
    def check(days):
        made = RegistryCheck.objects.create(kvk_number="12345678", source="offline", found=True, result={})
        RegistryCheck.objects.filter(pk=made.pk).update(checked_at=days_ago(days))
        return made

    check(41)
    recent = check(39)
    assert clean_up("registry answers") == 1
    assert list(RegistryCheck.objects.values_list("pk", flat=True)) == [recent.pk]


def test_extract_files_go_after_their_period_and_the_outcome_stays(personas, periods):
    p = personas
    Status = ExtractSubmission.Status
    old = make_submission(p.beta, user=p.bob, status=Status.APPROVED, reviewed_at=days_ago(51), reason="Klopt.")
    rejected = make_submission(p.beta, user=p.bob, status=Status.REJECTED, reviewed_at=days_ago(60))
    recent = make_submission(p.beta, user=p.bob, status=Status.APPROVED, reviewed_at=days_ago(49))
    withdrawn = make_submission(p.alpha, user=p.alice, status=Status.WITHDRAWN)
    pending = make_submission(p.gamma, user=p.charlie)
    ExtractSubmission.objects.filter(pk__in=[withdrawn.pk, pending.pk]).update(uploaded_at=days_ago(300))
    old_files = [(s.extract.storage, s.extract.name) for s in (old, rejected, withdrawn)]

    assert clean_up("extract files") == 3

    for storage, name in old_files:
        assert not storage.exists(name)
    old.refresh_from_db()
    assert (old.extract.name, old.status, old.reason, old.extract_name, old.sha256) == (
        "",
        Status.APPROVED,
        "Klopt.",
        "uittreksel.pdf",
        hashlib.sha256(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").hexdigest(),
    )
    for kept in (recent, pending):
        kept.refresh_from_db()
        assert kept.extract.storage.exists(kept.extract.name)
    assert clean_up("extract files") == 0


def signing_event(p, days: int) -> SigningEvent:
    document = Document.objects.get_or_create(collaboration=p.collaboration, kind=DocumentKind.AGREEMENT)[0]
    version = Version.objects.create(document=document, number=days, content_sha256="c", author_name="Alice")
    freeze = Freeze.objects.create(
        document=document, version=version, pdf=b"%PDF", pdf_sha256="p", content_sha256="c", language="nl"
    )
    return SigningEvent.objects.create(
        document=document,
        freeze=freeze,
        kind=SigningEvent.Kind.APPROVED,
        actor=p.alice,
        actor_name="Alice Lead",
        ip_address="203.0.113.9",
        user_agent="Firefox",
        document_sha256="p",
        created_at=days_ago(days),
    )


def test_addresses_in_the_signing_trail_are_emptied_after_their_period(personas, periods):
    old, recent = signing_event(personas, 61), signing_event(personas, 59)
    assert clean_up("audit log addresses") == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.actor_name, old.kind, old.user_agent) == (
        None,
        "Alice Lead",
        SigningEvent.Kind.APPROVED,
        "Firefox",
    )
    assert recent.ip_address == "203.0.113.9"


def test_archived_collaborations_lose_the_personal_data_that_is_not_evidence(personas, periods):
    p = personas
    long_ago, lately = p.collaboration, p.other_collaboration
    meeting = Meeting.objects.create(collaboration=long_ago, title="Overleg", starts_at=NOW, created_by=p.alice)
    other_meeting = Meeting.objects.create(collaboration=lately, title="Overleg", starts_at=NOW, created_by=p.dave)
    exit_process = ExitProcess.objects.create(
        collaboration=long_ago,
        reason="Klaar.",
        started_by=p.alice,
        checklist=[{"text": "Sleutels terug", "done_by": "Alice Lead", "done_at": "2019-01-01T10:00:00"}],
    )
    long_ago.archived_at = days_ago(71)
    long_ago.save(update_fields=["archived_at"])
    lately.archived_at = days_ago(69)
    lately.save(update_fields=["archived_at"])
    events = AuditEvent.objects.filter(collaboration=long_ago)
    assert events.filter(actor=p.alice).exists()

    assert clean_up("archived collaborations") > 0
    assert clean_up("archived collaborations (work)") == 2

    long_ago.refresh_from_db()
    assert long_ago.created_by is None
    assert not Invitation.objects.filter(collaboration=long_ago).exists()
    assert not Observer.objects.filter(collaboration=long_ago).exists()
    assert not events.filter(actor__isnull=False).exists()
    assert set(events.values_list("actor_name", flat=True)) >= {"Alice Lead"}  # the evidence stays
    meeting.refresh_from_db()
    exit_process.refresh_from_db()
    assert meeting.created_by is None
    assert exit_process.started_by is None
    assert exit_process.checklist == [{"text": "Sleutels terug", "done_by": "", "done_at": "2019-01-01T10:00:00"}]
    # Archived more recently, or still running: untouched.
    lately.refresh_from_db()
    other_meeting.refresh_from_db()
    assert lately.created_by == p.dave
    assert other_meeting.created_by == p.dave
    assert AuditEvent.objects.filter(collaboration=lately, actor=p.dave).exists()
    assert clean_up("archived collaborations") == 0
    assert clean_up("archived collaborations (work)") == 0


def test_a_failing_clean_up_is_logged_undone_and_does_not_stop_the_others(personas, periods, monkeypatch, caplog):
    def broken(now):
        PendingDigestItem.objects.all().delete()  # undone: the clean-up fails afterwards
        raise RuntimeError("storage unreachable")

    PendingDigestItem.objects.create(
        user=personas.bob, kind=NotificationKind.REVEALS, subject="s", body="b", sent_at=days_ago(5)
    )
    invitation(personas, expires_at=days_ago(31))
    monkeypatch.setitem(registry.RETENTIONS, "a broken one", broken)

    summary = clean_up_everything(now=NOW)

    assert summary["a broken one"] is None
    assert summary["invitations"] == 1
    assert PendingDigestItem.objects.count() == 1
    assert "Retention clean-up 'a broken one' failed" in caplog.text
    assert "storage unreachable" in caplog.text


def test_the_scheduled_jobs_queue_the_clean_up_and_it_runs(personas, periods):
    invitation(personas, expires_at=days_ago(31))
    RegistryCheck.objects.create(kvk_number="12345678", source="offline", found=True, result={})

    # Run as if it were 41 days from now: the look-up made today is then past its 40 days too.
    call_command("run_scheduled_jobs", "--now", (NOW + timedelta(days=41)).isoformat(), stdout=io.StringIO())

    assert not Invitation.objects.filter(expires_at__lte=days_ago(30)).exists()
    assert not RegistryCheck.objects.exists()
    assert Invitation.objects.filter(pk=personas.open_invitation.pk).exists()  # expired only 27 days before then: kept


# A real transaction per statement, as in production: the worker closes and reopens its database
# connection between tasks, which on PostgreSQL would end a test's wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_carries_out_the_queued_clean_up(personas, periods, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = invitation(personas, expires_at=days_ago(31))

    queued = clean_up_expired_data.enqueue(NOW.isoformat())
    assert Invitation.objects.filter(pk=old.pk).exists()  # queued, not yet done
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())

    result = DBTaskResult.objects.get(pk=queued.id)
    assert result.status == "SUCCESSFUL"
    assert result.return_value["invitations"] == 1
    assert not Invitation.objects.filter(pk=old.pk).exists()
