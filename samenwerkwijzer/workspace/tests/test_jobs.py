from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from samenwerkwijzer.collaborations.models import Collaboration, Phase
from samenwerkwijzer.core.jobs import JOBS, run_all
from samenwerkwijzer.instruments.models import AnswerSet, Round
from samenwerkwijzer.workspace import jobs

from .factories import action, revealed_checker_round

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 1, 15, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def running(personas):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(phase=Phase.EXECUTE, created_at=START)
    personas.collaboration.refresh_from_db()
    return personas


def test_without_an_agreed_interval_the_next_checker_round_opens_after_the_forms_default_of_a_quarter(
    running, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.open_due_checker_rounds(now=START + timedelta(days=85)) == 0
        assert jobs.open_due_checker_rounds(now=datetime(2026, 4, 15, 10, 0, tzinfo=AMSTERDAM)) == 1
        assert jobs.open_due_checker_rounds(now=datetime(2026, 4, 15, 10, 15, tzinfo=AMSTERDAM)) == 0
    round_ = Round.objects.get()
    assert round_.instrument == "samenwerkingschecker" and round_.number == 1
    assert AnswerSet.objects.filter(round=round_).count() == 2
    assert len(mailoutbox) == 3 and "evalueren" in mailoutbox[0].subject.lower()
    body = mailoutbox[0].body
    assert "U hebt niet afgesproken hoe vaak u evalueert" in body and "elk kwartaal" in body
    assert "zoals afgesproken" not in body


def test_an_agreed_interval_sets_when_the_round_opens_and_the_mail_says_it_was_agreed(
    running, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from samenwerkwijzer.workspace.radar import collect

    monkeypatch.setattr(
        collect, "agreement_radar_data", lambda *a, **k: {"interval_key": "half_yearly", "signed": True}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.open_due_checker_rounds(now=datetime(2026, 4, 15, 10, 0, tzinfo=AMSTERDAM)) == 0
        assert jobs.open_due_checker_rounds(now=datetime(2026, 7, 15, 10, 0, tzinfo=AMSTERDAM)) == 1
    assert "zoals afgesproken" in mailoutbox[0].body
    audit = running.collaboration.audit_events.get(action="round_opened")
    assert audit.actor is None and audit.actor_organisation_name == "Alpha Bakkerij"


def test_no_round_opens_in_collaborations_that_are_not_running_or_archived(running):
    Collaboration.objects.filter(pk=running.collaboration.pk).update(archived_at=timezone.now())
    assert jobs.open_due_checker_rounds(now=START + timedelta(days=400)) == 0
    Collaboration.objects.filter(pk=running.other_collaboration.pk).update(created_at=START)
    assert jobs.open_due_checker_rounds(now=START + timedelta(days=400)) == 0  # still exploring


def test_the_interval_counts_from_the_last_round(running):
    revealed_checker_round(
        running.collaboration, {running.alpha: {"grade": 7}}, revealed_at=START + timedelta(days=200)
    )
    Round.objects.update(opened_at=START + timedelta(days=190))
    assert jobs.open_due_checker_rounds(now=START + timedelta(days=270)) == 0
    assert jobs.open_due_checker_rounds(now=START + timedelta(days=290)) == 1


def test_waiting_organisations_are_reminded_after_a_week_then_weekly(
    running, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.open_due_checker_rounds(now=datetime(2026, 4, 15, 10, 0, tzinfo=AMSTERDAM))
    round_ = Round.objects.get()
    AnswerSet.objects.filter(round=round_, organisation=running.alpha).update(submitted_at=timezone.now())
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.remind_open_rounds(now=round_.opened_at + timedelta(days=6)) == 0
        assert jobs.remind_open_rounds(now=round_.opened_at + timedelta(days=7, hours=1)) == 1
        assert jobs.remind_open_rounds(now=round_.opened_at + timedelta(days=10)) == 0
        assert jobs.remind_open_rounds(now=round_.opened_at + timedelta(days=14, hours=2)) == 1
    assert [m.to for m in mailoutbox] == [["bob@example.org"], ["bob@example.org"]]


def test_new_pitfall_warnings_are_mailed_once_in_each_recipients_language(
    running, mailoutbox, django_capture_on_commit_callbacks
):
    running.bob.language = "en"
    running.bob.save(update_fields=["language"])
    action(running.collaboration, running.beta, description="Prijslijst", due=timezone.localdate() - timedelta(days=1))
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.notify_new_flags(now=now)
        assert jobs.notify_new_flags(now=now) == 0
    assert first >= 1
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert "Prijslijst" in by_recipient["alice@example.org"].body
    assert "Afspraken worden niet nagekomen" in by_recipient["alice@example.org"].body
    assert "Agreements are not kept" in by_recipient["bob@example.org"].body


def test_the_scheduler_runs_every_job_with_the_given_time(running):
    result = run_all(now=datetime(2026, 7, 20, 8, 0, tzinfo=AMSTERDAM))
    assert result["evaluation rounds opened"] == 1
    # Every registered job ran, in order (the list itself: core/tests/test_scheduled_jobs_registry.py).
    assert list(result) == [name for name, _job in JOBS] and len(result) == 11


def test_a_collaboration_whose_facts_say_it_runs_gets_its_rounds_without_a_phase_set_by_hand(personas):
    """A signed agreement and a chosen legal form put it in the running phase; nobody set the phase."""
    from samenwerkwijzer.agreements.tests.factories import signed_agreement
    from samenwerkwijzer.legalforms.models import LegalFormAdvice

    signed_agreement(personas)
    LegalFormAdvice.objects.create(
        collaboration=personas.collaboration, intake={}, ranking=[], chosen_form="samenwerkingsovereenkomst"
    )
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(phase=Phase.EXPLORE, created_at=START)
    assert jobs.open_due_checker_rounds(now=datetime(2026, 4, 15, 10, 0, tzinfo=AMSTERDAM)) == 1
