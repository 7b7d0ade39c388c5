"""The collaborations in the JSON API: what the pages show, to whom they show it (#18)."""

import pytest
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent, Participant
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.integrations import exports

pytestmark = pytest.mark.django_db


def _get(raw, url, **params):
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _urls(personas):
    pk = personas.collaboration.pk
    return [
        reverse(name, args=[pk])
        for name in (
            "api:collaboration",
            "api:collaboration_participants",
            "api:collaboration_observers",
            "api:collaboration_audit_log",
        )
    ]


def test_a_participant_sees_its_collaborations_with_phase_lead_and_role(personas, api_token_for):
    raw = api_token_for(personas.bob)
    data = _get(raw, reverse("api:collaborations")).json()
    assert data["total"] == 1
    (row,) = data["results"]
    assert row == {
        "id": personas.collaboration.pk,
        "name": "Zonnedak Zwaluwstaart",
        "phase": row["phase"],
        "phase_key": row["phase_key"],
        "lead_organisation": "Alpha Bakkerij",
        "archived": False,
        "role": "partner",
    }
    assert row["phase_key"] in {"explore", "find_partner", "agreements", "legal_form", "execute"} and row["phase"]
    assert _get(api_token_for(personas.alice), reverse("api:collaborations")).json()["results"][0]["role"] == "lead"
    assert _get(api_token_for(personas.olivia), reverse("api:collaborations")).json()["results"][0]["role"] == (
        "observer"
    )


def test_an_outsider_lists_nothing_and_gets_404_never_data(personas, api_token_for):
    raw = api_token_for(personas.charlie)
    assert _get(raw, reverse("api:collaborations")).json() == {"total": 0, "limit": 50, "offset": 0, "results": []}
    for url in _urls(personas):
        response = _get(raw, url)
        assert response.status_code == 404, url
        assert "Zonnedak" not in response.content.decode() and "Alpha" not in response.content.decode()
    dave = api_token_for(personas.dave)
    assert [c["name"] for c in _get(dave, reverse("api:collaborations")).json()["results"]] == ["Geheim Gerstenat"]
    assert _get(dave, _urls(personas)[0]).status_code == 404


def test_an_anonymous_call_gets_a_json_401_not_the_login_page(personas):
    for url in [reverse("api:collaborations"), *_urls(personas)]:
        response = Client().get(url)
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/")
        response = Client().get(url, HTTP_AUTHORIZATION="Bearer swz_not-a-token")
        assert response.status_code == 401


def test_a_token_limited_to_another_collaboration_gets_404(personas, api_token_for):
    from testsupport.factories import make_collaboration

    second = make_collaboration(user=personas.alice, organisation=personas.alpha, name="Tweede Tuin")
    raw = api_token_for(personas.alice, collaboration=second)
    assert [c["name"] for c in _get(raw, reverse("api:collaborations")).json()["results"]] == ["Tweede Tuin"]
    for url in _urls(personas):
        assert _get(raw, url).status_code == 404, url
    assert _get(raw, reverse("api:collaboration", args=[second.pk])).status_code == 200


def test_the_detail_shows_what_the_dashboard_shows(personas, api_token_for):
    data = _get(api_token_for(personas.bob), _urls(personas)[0]).json()
    collaboration = personas.collaboration
    assert data["name"] == collaboration.name and data["purpose"] == collaboration.purpose
    assert data["participants"] == ["Alpha Bakkerij", "Beta Transport"]
    assert data["acting_organisation"] == "Beta Transport"
    assert data["ambition_level"] == collaboration.ambition_level and data["ambition_level_label"]
    assert data["phase_set_by_hand"] is False and data["phase_reason"] == ""
    assert isinstance(data["waiting_on"], list)
    observer = _get(api_token_for(personas.olivia), _urls(personas)[0]).json()
    assert observer["role"] == "observer" and observer["acting_organisation"] is None


def test_participants_with_role_and_verification_and_observers_by_name_only(personas, api_token_for):
    for user in (personas.bob, personas.olivia):
        raw = api_token_for(user)
        participants = _get(raw, _urls(personas)[1]).json()
        assert participants["total"] == 2
        by_name = {p["organisation"]: p for p in participants["results"]}
        assert by_name["Alpha Bakkerij"]["role"] == "lead" and by_name["Beta Transport"]["role"] == "partner"
        assert by_name["Alpha Bakkerij"]["verification"]["status"] == "unverified"
        assert [s["name"] for s in by_name["Alpha Bakkerij"]["authorised_signatories"]] == ["Alice Lead"]
        observers = _get(raw, _urls(personas)[2])
        assert [o["name"] for o in observers.json()["results"]] == ["Olivia Observer", "Oscar Observer"]
        assert "@" not in observers.content.decode()


def test_the_audit_log_as_the_audit_page_shows_it_paginated(personas, api_token_for):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk)
    for number in range(3):
        audit_record(
            collaboration=personas.collaboration,
            actor=personas.alice,
            organisation=personas.alpha,
            action=AuditEvent.Action.ACTION_ITEM_CREATED,
            description=f"Actie {number}",
        )
    total = AuditEvent.objects.filter(collaboration=access.collaboration).count()
    for user in (personas.bob, personas.olivia):
        data = _get(api_token_for(user), _urls(personas)[3], limit=2, offset=1).json()
        assert data["total"] == total and data["limit"] == 2 and data["offset"] == 1
        assert len(data["results"]) == 2
        entry = data["results"][0]
        assert entry["actor"] == "Alice Lead" and entry["actor_organisation"] == "Alpha Bakkerij"
        assert entry["action"] == "action_item_created" and entry["action_label"]
    newest = _get(api_token_for(personas.bob), _urls(personas)[3], limit=1).json()["results"][0]
    assert newest["id"] == AuditEvent.objects.filter(collaboration=access.collaboration).first().pk
    assert _get(api_token_for(personas.bob), _urls(personas)[3], limit=0).status_code == 422


def test_an_explorer_is_refused_as_the_pages_refuse_it(personas, api_token_for):
    explorer = personas.erin
    assert Participant.objects.filter(collaboration=personas.collaboration, role="explorer").exists()
    raw = api_token_for(explorer)
    assert _get(raw, reverse("api:collaborations")).json()["results"][0]["role"] == "explorer"
    for url in _urls(personas):
        assert _get(raw, url).status_code == 403, url


def test_the_export_sections_use_the_same_serialisation(personas):
    access = get_collaboration_for_user(personas.bob, personas.collaboration.pk)
    assert exports.SECTIONS["collaboration"](access)["name"] == "Zonnedak Zwaluwstaart"
    assert [p["organisation"] for p in exports.SECTIONS["participants"](access)] == [
        "Alpha Bakkerij",
        "Beta Transport",
    ]
    assert [o["name"] for o in exports.SECTIONS["observers"](access)] == ["Olivia Observer", "Oscar Observer"]
    assert (
        len(exports.SECTIONS["audit_log"](access))
        == AuditEvent.objects.filter(collaboration=personas.collaboration).count()
    )
