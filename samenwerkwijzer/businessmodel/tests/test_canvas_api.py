import json

import pytest

from samenwerkwijzer.businessmodel import services_canvas as services
from samenwerkwijzer.businessmodel.models import Block, CanvasNote
from samenwerkwijzer.collaborations.access import get_collaboration_for_user

pytestmark = pytest.mark.django_db

VP = Block.VALUE_PROPOSITIONS


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def base(personas):
    return f"/api/v1/business-model/collaborations/{personas.collaboration.pk}/canvas"


def add(personas, text="Vers brood"):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    return services.note_add(access=access, block=VP, text=text, user=personas.alice)


def test_the_canvas_lists_the_nine_blocks_with_their_notes(client, personas, api_token_for):
    add(personas)
    response = client.get(base(personas), **bearer(api_token_for(personas.olivia)))
    assert response.status_code == 200
    body = response.json()
    assert [b["key"] for b in body["blocks"]] == list(Block.values)
    note = body["blocks"][3]["notes"][0]
    assert note["text"] == "Vers brood" and note["organisation_name"] == personas.alpha.name and note["version"] == 1


def test_outsiders_get_404_and_read_tokens_may_not_write(client, personas, api_token_for):
    assert client.get(base(personas), **bearer(api_token_for(personas.charlie))).status_code == 404
    read = bearer(api_token_for(personas.bob))
    response = client.post(
        base(personas) + "/notes", json.dumps({"block": VP, "text": "x"}), "application/json", **read
    )
    assert response.status_code == 403 and not CanvasNote.objects.exists()


def test_a_write_token_adds_and_changes_a_note(client, personas, api_token_for):
    headers = bearer(api_token_for(personas.bob, scope="write", organisation=personas.beta))
    response = client.post(
        base(personas) + "/notes", json.dumps({"block": VP, "text": "Eén factuur"}), "application/json", **headers
    )
    assert response.status_code == 201
    note = response.json()
    assert note["organisation_name"] == personas.beta.name and note["block"] == VP
    response = client.patch(
        base(personas) + f"/notes/{note['id']}",
        json.dumps({"text": "Eén factuur per maand", "version": 1}),
        "application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json()["version"] == 2


def test_bad_input_is_a_422_with_the_field(client, personas, api_token_for):
    headers = bearer(api_token_for(personas.bob, scope="write", organisation=personas.beta))
    response = client.post(
        base(personas) + "/notes", json.dumps({"block": VP, "text": " "}), "application/json", **headers
    )
    assert response.status_code == 422 and "text" in response.json()["errors"]
    response = client.post(
        base(personas) + "/notes", json.dumps({"block": "nope", "text": "x"}), "application/json", **headers
    )
    assert response.status_code == 422
    assert not CanvasNote.objects.exists()


def test_a_change_from_an_old_version_is_a_409_problem_and_saves_nothing(client, personas, api_token_for):
    note = add(personas)
    CanvasNote.objects.filter(pk=note.pk).update(text="Van Alice", version=2)
    headers = bearer(api_token_for(personas.bob, scope="write", organisation=personas.beta))
    response = client.patch(
        base(personas) + f"/notes/{note.pk}",
        json.dumps({"text": "Van Bob", "version": 1}),
        "application/json",
        **headers,
    )
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    assert "versie 2" in response.json()["detail"]
    assert CanvasNote.objects.get().text == "Van Alice"


def test_a_change_of_a_note_removed_meanwhile_is_a_409(client, personas, api_token_for, monkeypatch):
    note = add(personas)

    def removed(**kwargs):
        raise services.NoteConflict(current=None, mine="x")

    monkeypatch.setattr(services, "note_edit", removed)
    headers = bearer(api_token_for(personas.bob, scope="write", organisation=personas.beta))
    response = client.patch(
        base(personas) + f"/notes/{note.pk}", json.dumps({"text": "x", "version": 1}), "application/json", **headers
    )
    assert response.status_code == 409 and "verwijderd" in response.json()["detail"]


def test_a_missing_note_is_404(client, personas, api_token_for):
    headers = bearer(api_token_for(personas.bob, scope="write", organisation=personas.beta))
    response = client.patch(
        base(personas) + "/notes/999999", json.dumps({"text": "x", "version": 1}), "application/json", **headers
    )
    assert response.status_code == 404
