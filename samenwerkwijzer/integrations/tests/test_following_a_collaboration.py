"""#18's "Done when": an integration follows a collaboration entirely through the API and webhooks.

The integration holds Beta's write token (bob's) and the webhook endpoint the lead (alice) adds in
the webhook pages. The personas drive the collaboration through the real services and pages; after
each step the integration receives the signed event on an HTTPS receiver, verifies it with the
endpoint's secret as a receiver does (webhooks/delivery.py), and fetches what changed only through
``/api/v1/`` with its token. The test fails when an event is not delivered, is not signed with the
secret, or announces something the API does not show.
"""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.agreements import services as agreement_services
from samenwerkwijzer.agreements.tests.factories import frozen_agreement, sign
from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.tests.factories import SECRET, open_round, submit, tien_answers
from samenwerkwijzer.webhooks.events import EVENTS
from samenwerkwijzer.webhooks.models import WebhookEndpoint
from samenwerkwijzer.workspace import services as workspace_services
from testsupport.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


class Integration:
    """What the integration knows: its token, its endpoint's secret, and what it has received."""

    def __init__(self, token: str, secret: str, receiver, capture):
        self.api = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        self.secret = secret
        self.receiver = receiver
        self.capture = capture
        self.seen = 0

    def get(self, path: str, **params) -> dict:
        assert path.startswith("/api/v1/")
        response = self.api.get(path, params, **self.headers)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        return response.json()

    def send(self, method: str, path: str, body: dict, status: int) -> dict:
        assert path.startswith("/api/v1/")
        call = getattr(self.api, method)
        response = call(path, json.dumps(body), content_type="application/json", **self.headers)
        assert response.status_code == status, (path, response.status_code, response.content[:300])
        return response.json()

    def verified(self, request) -> dict:
        """A receiver's check: HMAC-SHA256(secret, "<t>.<body>") and a timestamp at most 5 minutes old."""
        fields = dict(part.split("=", 1) for part in request.headers["X-Samenwerkwijzer-Signature"].split(","))
        expected = hmac.new(self.secret.encode(), f"{fields['t']}.".encode() + request.body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(expected, fields["v1"]), "the signature does not verify with the secret"
        assert abs(time.time() - int(fields["t"])) <= 300, "an old timestamp: a replay"
        body = json.loads(request.body)
        assert request.headers["X-Samenwerkwijzer-Event"] == body["event"]
        return body

    def receive(self, expected: list[str], action, *args, **kwargs) -> dict[str, dict]:
        """Run ``action`` (and what it queues after the commit); return the events it delivered.

        What ``action`` returned is kept in ``self.result``."""
        with self.capture(execute=True):
            self.result = action(*args, **kwargs)
        new = self.receiver.requests[self.seen :]
        self.seen = len(self.receiver.requests)
        bodies = [self.verified(request) for request in new]
        assert [b["event"] for b in bodies] == expected, "an event was not delivered (or an unexpected one was)"
        return {b["event"]: b for b in bodies}


def test_an_integration_follows_a_collaboration_through_webhooks_and_the_api(
    personas, receiver, api_token_for, django_capture_on_commit_callbacks
):
    pk = personas.collaboration.pk
    base = f"/api/v1/collaborations/{pk}"
    instruments = f"/api/v1/instruments/collaborations/{pk}"
    workspace = f"/api/v1/workspace/collaborations/{pk}"
    agreements = f"/api/v1/agreements/collaborations/{pk}/agreements"

    # The lead adds the integration's endpoint in the webhook pages, for every event, and sees the secret.
    lead = Client()
    lead.force_login(personas.alice)
    form = {"name": "Integratie", "url": receiver.url(), "format": "json", "events": list(EVENTS)}
    response = lead.post(reverse("webhooks:create", args=[pk]), form)
    endpoint = WebhookEndpoint.objects.get(collaboration=personas.collaboration)
    assert response.status_code == 302 and response.url == reverse("webhooks:detail", args=[pk, endpoint.pk])
    assert endpoint.secret in lead.get(response.url).content.decode()

    integration = Integration(
        api_token_for(personas.bob, scope="write", organisation=personas.beta),
        endpoint.secret,
        receiver,
        django_capture_on_commit_callbacks,
    )
    assert integration.get(base)["name"] == personas.collaboration.name

    # The lead opens a round and Beta answers: nothing is announced, and before the reveal the
    # integration sees only its own organisation's answers.
    integration.receive([], open_round, personas, d.TIEN_BASISVRAGEN)
    round_ = integration.result
    integration.receive([], submit, personas.bob, personas.collaboration, round_, tien_answers("Beta zegt"))
    hidden = integration.get(f"{instruments}/rounds/{round_.pk}/answers")
    assert [a["organisation"] for a in hidden["results"]] == [personas.beta.name]
    assert SECRET not in json.dumps(integration.get(f"{instruments}/rounds/{round_.pk}"))

    # Alpha answers last: the round is revealed and announced; now the API shows both answers.
    events = integration.receive(
        ["round.revealed"], submit, personas.alice, personas.collaboration, round_, tien_answers(SECRET)
    )
    announced = events["round.revealed"]
    assert announced["collaboration"] == {"id": pk, "name": personas.collaboration.name}
    assert SECRET not in json.dumps(announced), "a payload must not carry answers"
    rounds = integration.get(f"{instruments}/rounds")  # a plain list (the older operation)
    [revealed] = [
        r
        for r in rounds
        if r["instrument"] == announced["data"]["instrument_key"] and r["number"] == announced["data"]["round"]
    ]
    assert revealed["revealed_at"] is not None
    answers = integration.get(f"{instruments}/rounds/{revealed['id']}/answers")
    assert sorted(a["organisation"] for a in answers["results"]) == sorted([personas.alpha.name, personas.beta.name])
    assert SECRET in json.dumps(answers)

    # The partners write a conclusion in the round's pages; the integration reads it.
    item_id = next(item.id for item in round_.definition.items if item.type == d.LONG_TEXT)
    instrument_services.conclusion_save(
        access=get_collaboration_for_user(personas.alice, pk, write=True),
        round=round_,
        item_id=item_id,
        text="Wij leveren samen sneller.",
        seen="",
    )
    conclusions = integration.get(f"{instruments}/rounds/{revealed['id']}/conclusions")
    assert [(c["item_id"], c["text"]) for c in conclusions["results"]] == [(item_id, "Wij leveren samen sneller.")]

    # The integration creates an action item with its write token (for Beta) and closes it.
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    created = integration.send("post", f"{instruments}/action-items", {"description": "Offertes vergelijken", "due_date": due}, 201)  # fmt: skip
    assert (created["owner_organisation"], created["status"], created["due_date"]) == (personas.beta.name, "open", due)
    updated = integration.send("patch", f"{instruments}/action-items/{created['id']}", {"status": "done"}, 200)
    assert updated["status"] == "done"
    listed = integration.get(f"{instruments}/action-items", status="done")["results"]
    assert [(a["id"], a["description"]) for a in listed] == [(created["id"], "Offertes vergelijken")]

    # The lead freezes the agreement: announced, and the API shows that version frozen.
    events = integration.receive(["agreement.frozen"], frozen_agreement, personas)
    freeze = integration.result
    frozen = events["agreement.frozen"]["data"]
    document = integration.get(f"{agreements}/{frozen['document']}")
    version = next(v for v in document["versions"] if v["number"] == frozen["version"])
    assert version["status"] == "approval" and version["frozen_at"]  # frozen: waiting for approval
    content = integration.get(f"{agreements}/{frozen['document']}/versions/{frozen['version']}")
    assert content["version"] == frozen["version"] and content["sections"]

    # Both approve and sign: signed, then sealed, and the API shows it.
    for who in ("alice", "bob"):
        access = get_collaboration_for_user(getattr(personas, who), pk, write=True)
        integration.receive([], agreement_services.document_approve, access=access, freeze=freeze, document_sha256=freeze.pdf_sha256)  # fmt: skip
    integration.receive([], sign, personas, "alice", freeze)
    events = integration.receive(["agreement.signed", "agreement.sealed"], sign, personas, "bob", freeze)
    signed = events["agreement.signed"]["data"]
    document = integration.get(f"{agreements}/{signed['document']}")
    version = next(v for v in document["versions"] if v["number"] == signed["version"])
    assert version["status"] == "signed" and version["seal"] == "sealed"
    assert {s["organisation"] for s in version["signatures"]} == {personas.alpha.name, personas.beta.name}

    # The lead plans a meeting: announced; the integration finds it and adds a subject to its agenda.
    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    events = integration.receive(
        ["meeting.planned"],
        workspace_services.meeting_create,
        access=get_collaboration_for_user(personas.alice, pk, write=True),
        title="Kwartaaloverleg",
        starts_at=starts_at,
        duration_minutes=60,
        location="Utrecht",
        online_link="",
        free_items=[],
    )
    planned = events["meeting.planned"]["data"]
    [meeting] = [m for m in integration.get(f"{workspace}/meetings")["results"] if m["title"] == planned["title"]]
    assert meeting["state"] == "upcoming"
    integration.send("post", f"{workspace}/meetings/{meeting['id']}/agenda", {"title": "Planning voorjaar"}, 201)
    agenda = integration.get(f"{workspace}/meetings/{meeting['id']}")["agenda"]
    assert "Planning voorjaar" in [item["title"] for item in agenda]

    # A new partner accepts the open invitation, and leaves again: both announced, the participants follow.
    newcomer = UserFactory(email="newcomer@example.org", full_name="Nina Nieuw")
    zeta = MembershipFactory(user=newcomer, organisation__name="Zeta Zorg").organisation
    events = integration.receive(
        ["participant.joined"],
        collaboration_services.invitation_accept,
        token=personas.open_invitation_token,
        user=newcomer,
        organisation=zeta,
    )
    joined = events["participant.joined"]["data"]["organisation"]
    assert joined == zeta.name
    assert joined in [p["organisation"] for p in integration.get(f"{base}/participants")["results"]]
    leaving = get_collaboration_for_user(newcomer, pk)
    events = integration.receive(
        ["participant.left"], collaboration_services.participant_remove, access=leaving, participant=leaving.participant
    )
    assert events["participant.left"]["data"]["organisation"] == joined
    assert joined not in [p["organisation"] for p in integration.get(f"{base}/participants")["results"]]

    # Every delivery is in the endpoint's log as delivered.
    assert set(endpoint.deliveries.values_list("status", flat=True)) == {"delivered"}
