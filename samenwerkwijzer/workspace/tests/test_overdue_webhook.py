"""The scheduled job announces an overdue action item once to the collaboration's webhooks."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.webhooks import delivery, events
from samenwerkwijzer.webhooks.models import WebhookDelivery, WebhookEndpoint
from samenwerkwijzer.workspace import jobs

from .factories import action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_dns")]


@pytest.fixture
def subscribed(personas, receiver):
    return WebhookEndpoint.objects.create(
        collaboration=personas.collaboration,
        name="Te laat",
        url=receiver.url("hooks.example.test"),
        events=[events.ACTION_ITEM_OVERDUE],
    )


def _run(committed, now):
    return committed(jobs.announce_overdue_actions, now=now)


def test_an_overdue_item_is_announced_once_with_what_the_work_plan_shows(
    personas,
    subscribed,
    receiver,
    committed,
):
    today = timezone.localdate()
    item = action(personas.collaboration, personas.beta, description="Prijslijst sturen", due=today - timedelta(days=2))
    ActionItem.objects.filter(pk=item.pk).update(owner_person=personas.bob)
    now = timezone.now()

    assert _run(committed, now) == 1
    assert _run(committed, now + timedelta(minutes=15)) == 0
    assert _run(committed, now + timedelta(days=3)) == 0

    [sent] = WebhookDelivery.objects.all()
    assert sent.event == events.ACTION_ITEM_OVERDUE and sent.status == WebhookDelivery.Status.DELIVERED
    assert sent.payload["data"] == {
        "description": "Prijslijst sturen",
        "due_date": (today - timedelta(days=2)).isoformat(),
        "owner_organisation": personas.beta.name,
        "status": "open",
        "status_label": "open",
        "url": site_url("workspace:plan", personas.collaboration.pk),
    }
    [request] = receiver.requests
    assert json.loads(request.body) == sent.payload
    assert delivery.verify(subscribed.secret, request.headers[delivery.SIGNATURE_HEADER], request.body)
    # The person who took it on is not in the event, nor anything of another collaboration.
    for hidden in (personas.bob.email, personas.other_collaboration.name):
        assert hidden not in request.body.decode()
    item.refresh_from_db()
    assert item.overdue_announced_at == now


def test_not_before_the_deadline_has_passed_and_not_for_done_items(personas, subscribed, committed):
    today = timezone.localdate()
    action(personas.collaboration, personas.alpha, description="Vandaag", due=today)
    action(personas.collaboration, personas.alpha, description="Morgen", due=today + timedelta(days=1))
    action(personas.collaboration, personas.alpha, description="Zonder datum")
    action(personas.collaboration, personas.beta, description="Klaar", due=today - timedelta(days=5), status="done")

    assert _run(committed, timezone.now()) == 0
    assert not WebhookDelivery.objects.exists()

    descriptions = [d.payload["data"]["description"] for d in _deliveries_after(committed, days=1)]
    assert descriptions == ["Vandaag"]  # tomorrow "Vandaag" is overdue; "Morgen" only the day after
    descriptions = [d.payload["data"]["description"] for d in _deliveries_after(committed, days=2)]
    assert descriptions == ["Vandaag", "Morgen"]


def _deliveries_after(committed, *, days):
    _run(committed, timezone.now() + timedelta(days=days))
    return WebhookDelivery.objects.order_by("pk")


def test_a_deadline_moved_later_is_announced_again_when_it_passes(personas, subscribed, committed):
    today = timezone.localdate()
    now = timezone.now()
    item = action(personas.collaboration, personas.beta, due=today - timedelta(days=1))
    assert _run(committed, now) == 1

    ActionItem.objects.filter(pk=item.pk).update(due_date=today + timedelta(days=3))
    assert _run(committed, now + timedelta(days=1)) == 0  # not overdue now
    assert _run(committed, now + timedelta(days=4)) == 1  # the new deadline has passed
    assert _run(committed, now + timedelta(days=5)) == 0
    dates = [d.payload["data"]["due_date"] for d in WebhookDelivery.objects.order_by("pk")]
    assert dates == [(today - timedelta(days=1)).isoformat(), (today + timedelta(days=3)).isoformat()]


def test_marked_done_and_opened_again_is_not_announced_a_second_time(personas, subscribed, committed):
    item = action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=1))
    now = timezone.now()
    assert _run(committed, now) == 1
    ActionItem.objects.filter(pk=item.pk).update(status="done")
    assert _run(committed, now + timedelta(hours=1)) == 0
    ActionItem.objects.filter(pk=item.pk).update(status="open")
    assert _run(committed, now + timedelta(hours=2)) == 0
    assert WebhookDelivery.objects.count() == 1


def test_nothing_in_archived_collaborations(personas, subscribed, receiver, committed):
    item = action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=1))
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(archived_at=timezone.now())
    assert _run(committed, timezone.now()) == 0
    assert not WebhookDelivery.objects.exists() and receiver.requests == []
    item.refresh_from_db()
    assert item.overdue_announced_at is None


def test_items_without_a_subscribed_endpoint_are_marked_so_a_later_endpoint_gets_no_backlog(
    personas,
    receiver,
    committed,
):
    item = action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=1))
    now = timezone.now()
    assert _run(committed, now) == 1
    item.refresh_from_db()
    assert item.overdue_announced_at == now and not WebhookDelivery.objects.exists()

    WebhookEndpoint.objects.create(
        collaboration=personas.collaboration,
        name="Later",
        url=receiver.url("hooks.example.test"),
        events=[events.ACTION_ITEM_OVERDUE],
    )
    assert _run(committed, now + timedelta(hours=1)) == 0
    assert receiver.requests == []


def test_one_collaborations_failure_does_not_stop_the_others(personas, committed, monkeypatch, caplog):
    yesterday = timezone.localdate() - timedelta(days=1)
    broken = action(personas.collaboration, personas.beta, due=yesterday)
    fine = action(personas.other_collaboration, personas.delta, due=yesterday)
    real_emit = jobs.emit

    def emit(collaboration, event, data, **kwargs):
        if collaboration.pk == personas.collaboration.pk:
            raise RuntimeError("bad data")
        real_emit(collaboration, event, data, **kwargs)

    monkeypatch.setattr(jobs, "emit", emit)
    assert _run(committed, timezone.now()) == 1
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.overdue_announced_at is None  # undone: tried again in the next run
    assert fine.overdue_announced_at is not None
    assert "Overdue action items failed" in caplog.text

    monkeypatch.setattr(jobs, "emit", real_emit)
    assert _run(committed, timezone.now()) == 1
