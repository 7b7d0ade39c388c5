"""Action items in the JSON API (#18): read with the work plan's filters; create and update with a
write token that acts for its organisation, through the pages' own services."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import services
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.integrations import exports
from samenwerkwijzer.organisations.models import Membership
from testsupport.factories import MembershipFactory, make_collaboration

from .factories import access_for, open_round, submit, tien_answers

pytestmark = pytest.mark.django_db


def _call(raw, method, url, body=None, **params):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if method == "get":
        return client.get(url, params, **headers)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


def _list_url(personas):
    return reverse("api:instruments_action_items", args=[personas.collaboration.pk])


def _item_url(personas, action):
    return reverse("api:instruments_action_item", args=[personas.collaboration.pk, action.pk])


def _add(personas, description, owner, *, due=None, status="open", person=None):
    access = access_for(personas.alice, personas.collaboration)
    action = services.action_item_create(
        access=access, description=description, owner_organisation_id=owner.pk, due_date=None
    )
    ActionItem.objects.filter(pk=action.pk).update(due_date=due, status=status, owner_person=person)
    return ActionItem.objects.get(pk=action.pk)


@pytest.fixture
def items(personas):
    today = timezone.localdate()
    return {
        "late": _add(personas, "Offerte opvragen", personas.beta, due=today - timedelta(days=3)),
        "mine": _add(personas, "Plan schrijven", personas.alpha, due=today + timedelta(days=5), person=personas.alice),
        "done": _add(personas, "Kennismaken", personas.alpha, status="done"),
    }


def test_participants_and_observers_read_the_action_items_with_filters_and_pages(personas, items, api_token_for):
    for user in (personas.bob, personas.olivia):
        raw = api_token_for(user)
        data = _call(raw, "get", _list_url(personas)).json()
        assert data["total"] == 3
        # The pages' order: by status (done before open), then by due date.
        assert [a["description"] for a in data["results"]] == ["Kennismaken", "Offerte opvragen", "Plan schrijven"]
        late = data["results"][1]
        assert late["overdue"] is True and late["owner_organisation"] == "Beta Transport" and late["status"] == "open"
        assert data["results"][2]["owner_person"] == "Alice Lead" and data["results"][2]["overdue"] is False
    raw = api_token_for(personas.alice)

    def names(**params):
        return [a["description"] for a in _call(raw, "get", _list_url(personas), **params).json()["results"]]

    assert names(status="done") == ["Kennismaken"]
    assert names(status="open") == ["Offerte opvragen", "Plan schrijven"]
    assert names(overdue="true") == ["Offerte opvragen"]
    assert names(mine="true") == ["Plan schrijven"]
    assert names(owner_organisation=personas.beta.pk) == ["Offerte opvragen"]
    page = _call(raw, "get", _list_url(personas), limit=1, offset=2).json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 1, 2)
    assert [a["description"] for a in page["results"]] == ["Plan schrijven"]
    assert _call(raw, "get", _list_url(personas), status="later").status_code == 422
    assert _call(raw, "get", _list_url(personas), limit=500).status_code == 422
    # Numbers beyond what a database holds are refused, never a 500 (the fuzz test found offset=10**400).
    huge = "9" * 400
    assert _call(raw, "get", _list_url(personas), offset=huge).status_code == 422
    assert _call(raw, "get", _list_url(personas), offset=10**9).json()["results"] == []
    assert _call(raw, "get", _list_url(personas), owner_organisation=huge).status_code == 422
    assert _call(raw, "get", _list_url(personas), owner_organisation=2**63 - 1).json()["total"] == 0
    one = _call(api_token_for(personas.olivia), "get", _item_url(personas, items["mine"]))
    assert one.status_code == 200 and one.json()["description"] == "Plan schrijven"
    section = exports.SECTIONS["action_items"](access_for(personas.bob, personas.collaboration))
    assert len(section) == 3


def test_outsiders_and_other_collaborations_tokens_get_404(personas, items, api_token_for):
    second = make_collaboration(user=personas.bob, organisation=personas.beta, name="Tweede Tuin")
    charlie = api_token_for(personas.charlie)
    for raw in (
        charlie,
        api_token_for(personas.dave, scope="write", organisation=personas.delta),
        api_token_for(personas.bob, scope="write", organisation=personas.beta, collaboration=second),
    ):
        assert _call(raw, "get", _list_url(personas)).status_code == 404
        assert _call(raw, "get", _item_url(personas, items["late"])).status_code == 404
        # A read token is refused any write (403, whatever the collaboration); a write token: not found.
        expected = 403 if raw == charlie else 404
        assert _call(raw, "post", _list_url(personas), {"description": "Inbreken"}).status_code == expected
        assert _call(raw, "patch", _item_url(personas, items["late"]), {"status": "done"}).status_code == expected
    assert not ActionItem.objects.filter(description="Inbreken").exists()
    assert ActionItem.objects.get(pk=items["late"].pk).status == "open"
    other = ActionItem.objects.create(
        collaboration=personas.other_collaboration, description="Geheim", owner_organisation=personas.delta
    )
    raw = api_token_for(personas.alice, scope="write", organisation=personas.alpha)
    assert _call(raw, "get", _item_url(personas, other)).status_code == 404
    assert _call(raw, "patch", _item_url(personas, other), {"status": "done"}).status_code == 404
    assert ActionItem.objects.get(pk=other.pk).status == "open"


def test_a_read_token_and_an_observer_may_not_write(personas, items, api_token_for):
    read = api_token_for(personas.bob, organisation=personas.beta)
    # An observer who works for an organisation that does not take part: a write token for it.
    omega = MembershipFactory(user=personas.olivia, organisation__name="Omega Advies").organisation
    observer = api_token_for(personas.olivia, scope="write", organisation=omega)
    before = ActionItem.objects.count()
    for raw in (read, observer):
        response = _call(raw, "post", _list_url(personas), {"description": "Niet mogen"})
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert _call(raw, "patch", _item_url(personas, items["late"]), {"status": "done"}).status_code == 403
    assert ActionItem.objects.count() == before
    assert ActionItem.objects.get(pk=items["late"].pk).status == "open"
    # The observer's browser session may not write either.
    client = Client()
    client.force_login(personas.olivia)
    response = client.post(_list_url(personas), json.dumps({"description": "x"}), content_type="application/json")
    assert response.status_code == 403 and ActionItem.objects.count() == before


def test_a_write_token_creates_an_action_item_for_its_organisation(personas, api_token_for):
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    due = timezone.localdate() + timedelta(days=14)
    response = _call(raw, "post", _list_url(personas), {"description": "  Vergunning aanvragen ", "due_date": str(due)})
    assert response.status_code == 201
    data = response.json()
    assert data["description"] == "Vergunning aanvragen" and data["owner_organisation"] == "Beta Transport"
    assert data["due_date"] == str(due) and data["status"] == "open"
    action = ActionItem.objects.get(pk=data["id"])
    assert action.created_by == personas.bob and action.owner_organisation == personas.beta
    assert action.collaboration == personas.collaboration
    assert personas.collaboration.audit_events.filter(action="action_item_created").first().actor_organisation_name == (
        "Beta Transport"
    )
    other = _call(
        raw, "post", _list_url(personas), {"description": "Voor Alpha", "owner_organisation_id": personas.alpha.pk}
    )
    assert other.status_code == 201 and other.json()["owner_organisation"] == "Alpha Bakkerij"


def test_bad_input_is_422_with_field_errors_and_changes_nothing(personas, api_token_for):
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    before = ActionItem.objects.count()
    yesterday = str(timezone.localdate() - timedelta(days=1))
    for body, field in (
        ({"description": "   "}, "description"),
        ({"description": "Iets", "owner_organisation_id": personas.delta.pk}, "owner_organisation_id"),
        ({"description": "Iets", "due_date": yesterday}, "due_date"),
    ):
        response = _call(raw, "post", _list_url(personas), body)
        assert response.status_code == 422, body
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"], response.json()
    assert _call(raw, "post", _list_url(personas), {"due_date": "morgen"}).status_code == 422
    assert (
        _call(raw, "post", _list_url(personas), {"description": "Iets", "owner_organisation_id": 10**30}).status_code
        == 422
    )
    assert ActionItem.objects.count() == before


def test_a_write_token_updates_status_owner_and_due_date(personas, items, api_token_for):
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    late, mine = items["late"], items["mine"]
    response = _call(raw, "patch", _item_url(personas, late), {"status": "done"})
    assert response.status_code == 200 and response.json()["status"] == "done" and response.json()["overdue"] is False
    late.refresh_from_db()
    assert late.status == "done" and late.due_date < timezone.localdate()  # an unchanged past date stays
    due = timezone.localdate() + timedelta(days=30)
    response = _call(
        raw, "patch", _item_url(personas, mine), {"owner_organisation_id": personas.beta.pk, "due_date": str(due)}
    )
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.owner_organisation == personas.beta and mine.due_date == due
    assert mine.owner_person is None  # Alice does not work for Beta
    assert mine.status == "open"
    assert _call(raw, "patch", _item_url(personas, mine), {"due_date": None}).json()["due_date"] is None
    Membership.objects.create(user=personas.bob, organisation=personas.alpha)
    ActionItem.objects.filter(pk=mine.pk).update(owner_person=personas.bob)
    _call(raw, "patch", _item_url(personas, mine), {"owner_organisation_id": personas.alpha.pk})
    mine.refresh_from_db()
    assert mine.owner_organisation == personas.alpha and mine.owner_person == personas.bob  # he works there too


def test_a_bad_update_is_422_and_changes_nothing(personas, items, api_token_for):
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    mine = items["mine"]
    yesterday = str(timezone.localdate() - timedelta(days=1))
    response = _call(
        raw,
        "patch",
        _item_url(personas, mine),
        {"status": "later", "owner_organisation_id": personas.delta.pk, "due_date": yesterday},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"status", "owner_organisation_id", "due_date"}
    fresh = ActionItem.objects.get(pk=mine.pk)
    assert (fresh.status, fresh.owner_organisation_id, fresh.due_date) == ("open", personas.alpha.pk, mine.due_date)


def test_nobody_writes_in_an_archived_collaboration(personas, items, api_token_for):
    personas.collaboration.archived_at = timezone.now()
    personas.collaboration.save(update_fields=["archived_at"])
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    assert _call(raw, "post", _list_url(personas), {"description": "Te laat"}).status_code == 403
    assert _call(raw, "patch", _item_url(personas, items["late"]), {"status": "done"}).status_code == 403
    assert _call(raw, "get", _list_url(personas)).status_code == 200


def test_an_action_item_from_a_question_names_the_question(personas, api_token_for):
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    for user in (personas.alice, personas.bob):
        submit(user, personas.collaboration, round_, tien_answers())
    item = round_.definition.items[1]
    action = services.action_item_create(
        access=access_for(personas.alice, personas.collaboration),
        description="Uitzoeken",
        owner_organisation_id=personas.alpha.pk,
        due_date=None,
        round=round_,
        item_id=item.id,
    )
    data = _call(api_token_for(personas.bob), "get", _item_url(personas, action)).json()
    assert data["round_id"] == round_.pk and data["question"] == str(item.label)


def test_the_openapi_document_explains_the_operations_and_fields():
    schema = Client().get(reverse("api:openapi-json")).json()
    operations = schema["paths"]["/api/v1/instruments/collaborations/{pk}/action-items/{action_pk}"]
    assert {"get", "patch"} <= set(operations)
    assert {"200", "401", "403", "404", "422", "429"} <= set(operations["patch"]["responses"])
    assert set(schema["paths"]["/api/v1/instruments/collaborations/{pk}/action-items"]["post"]["responses"]) >= {
        "201",
        "403",
        "422",
    }
    fields = schema["components"]["schemas"]["ActionItemFullOut"]["properties"]
    assert fields["overdue"]["description"] == "Open and past its due date"
    assert schema["components"]["schemas"]["CollaborationOut"]["properties"]["role"]["description"]
