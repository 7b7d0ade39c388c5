"""The domain services announce their events; payloads hold only what every member may see."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import SECRET, open_round, submit, tien_answers
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.webhooks import events
from samenwerkwijzer.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(personas, receiver):
    return WebhookEndpoint.objects.create(
        collaboration=personas.collaboration,
        name="Alles",
        url=receiver.url("hooks.example.test"),
        events=list(events.EVENTS),
    )


def test_round_revealed_only_after_the_reveal_and_never_with_answers(personas, subscribed, receiver, committed):
    round_ = committed(open_round, personas, definitions.TIEN_BASISVRAGEN)
    secret_text = f"Ons geheime plan {SECRET}"
    committed(submit, personas.alice, personas.collaboration, round_, tien_answers(secret_text))
    assert not WebhookDelivery.objects.exists() and receiver.requests == []  # one answered: no event yet

    committed(submit, personas.bob, personas.collaboration, round_, tien_answers("Bobs antwoord"))
    [sent] = WebhookDelivery.objects.filter(event=events.ROUND_REVEALED)
    round_.refresh_from_db()
    assert sent.payload["data"] == {
        "instrument": definitions.get_instrument(definitions.TIEN_BASISVRAGEN).title.nl,
        "instrument_key": definitions.TIEN_BASISVRAGEN,
        "round": round_.number,
        "revealed_at": round_.revealed_at.isoformat(),
        "url": site_url("instruments:round_detail", personas.collaboration.pk, round_.pk),
    }
    [request] = receiver.requests
    for text in (secret_text, SECRET, "Bobs antwoord", "tactical"):
        assert text not in request.body.decode() and text not in json.dumps(sent.payload)


def test_meeting_planned_and_participant_left(personas, subscribed, committed):
    from samenwerkwijzer.workspace import services as workspace_services

    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk)
    committed(
        workspace_services.meeting_create,
        access=access,
        title="Kwartaaloverleg",
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        location="",
        online_link="",
        free_items=[],
    )
    committed(collaboration_services.participant_remove, access=access, participant=personas.bob_participant)
    sent = {d.event: d.payload["data"] for d in WebhookDelivery.objects.all()}
    assert sent[events.MEETING_PLANNED]["title"] == "Kwartaaloverleg"
    assert sent[events.PARTICIPANT_LEFT] == {
        "organisation": personas.beta.name,
        "how": "removed",
        "url": sent[events.PARTICIPANT_LEFT]["url"],
    }


def test_agreement_frozen_signed_and_sealed(personas, subscribed, receiver, committed):
    from samenwerkwijzer.agreements.tests.factories import signed_agreement

    freeze = committed(signed_agreement, personas)
    sent = {d.event: d.payload["data"] for d in WebhookDelivery.objects.all()}
    number = freeze.version.number
    for event, state in (
        (events.AGREEMENT_FROZEN, "frozen"),
        (events.AGREEMENT_SIGNED, "signed"),
        (events.AGREEMENT_SEALED, "sealed"),
    ):
        assert sent[event] == {
            "document": "agreement",
            "version": number,
            "state": state,
            "url": site_url("agreements:overview", personas.collaboration.pk),
        }
    assert len(receiver.requests) == 3


def test_participant_joined(personas, subscribed, committed):
    personas.open_invitation.email = "charlie@example.org"  # the invitation went to charlie
    personas.open_invitation.save(update_fields=["email"])
    committed(
        collaboration_services.invitation_accept,
        token=personas.open_invitation_token,
        user=personas.charlie,
        organisation=personas.gamma,
    )
    [sent] = WebhookDelivery.objects.filter(event=events.PARTICIPANT_JOINED)
    assert sent.payload["data"] == {
        "organisation": "Gamma Bouw",
        "role": "partner",
        "url": site_url("collaborations:participants", personas.collaboration.pk),
    }
