"""The workspace's JSON API shows what the pages show that caller, and adds agenda subjects as the page does."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.integrations.exports import SECTIONS
from samenwerkwijzer.workspace import selectors
from samenwerkwijzer.workspace.models import AgendaItem, FlagReview, Meeting, WorkGoal
from testsupport.factories import make_collaboration

from .factories import action

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def meeting(personas, *, days=7, title="Kwartaaloverleg", collaboration=None):
    return Meeting.objects.create(
        collaboration=collaboration or personas.collaboration,
        title=title,
        starts_at=timezone.now() + timedelta(days=days),
    )


def meetings_url(personas):
    return reverse("api:workspace_meetings", args=[personas.collaboration.pk])


def meeting_url(personas, meeting_):
    return reverse("api:workspace_meeting", args=[personas.collaboration.pk, meeting_.pk])


def agenda_url(personas, meeting_):
    return reverse("api:workspace_agenda_proposal", args=[personas.collaboration.pk, meeting_.pk])


def plan_url(personas):
    return reverse("api:workspace_plan", args=[personas.collaboration.pk])


def radar_url(personas):
    return reverse("api:workspace_radar", args=[personas.collaboration.pk])


def filled_meeting(personas):
    """A past meeting with a subject, its minutes and a decision (an action item of Beta)."""
    past = meeting(personas, days=-7, title="Startoverleg")
    item = AgendaItem.objects.create(meeting=past, position=1, title="Begroting", minutes="Akkoord op de begroting.")
    decision = action(personas.collaboration, personas.beta, description="Offerte opvragen")
    decision.source = f"meeting:{past.pk}:{item.pk}"
    decision.save(update_fields=["source"])
    return past, item, decision


def test_a_participant_reads_a_meeting_with_agenda_minutes_and_decisions(client, personas, api_token_for):
    past, _item, decision = filled_meeting(personas)
    response = client.get(meeting_url(personas, past), **bearer(api_token_for(personas.bob)))
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Startoverleg"
    assert (body["state"], body["state_label"]) == ("past", "Geweest")
    [subject] = body["agenda"]
    assert (subject["title"], subject["minutes"], subject["kind_label"]) == (
        "Begroting",
        "Akkoord op de begroting.",
        "ander onderwerp",
    )
    assert subject["decisions"] == [
        {
            "id": decision.pk,
            "description": "Offerte opvragen",
            "owner_organisation": {"id": personas.beta.pk, "name": "Beta Transport"},
            "due_date": None,
            "status": "open",
            "status_label": "open",
        }
    ]


def test_the_meetings_are_listed_as_the_page_does_with_its_filter_and_pages(client, personas, api_token_for):
    later = meeting(personas, days=14, title="Later")
    soon = meeting(personas, days=2, title="Binnenkort")
    old = meeting(personas, days=-30, title="Lang geleden")
    recent = meeting(personas, days=-3, title="Vorige week")
    headers = bearer(api_token_for(personas.alice))
    url = meetings_url(personas)

    body = client.get(url, **headers).json()
    assert [m["id"] for m in body["results"]] == [soon.pk, later.pk, recent.pk, old.pk]
    assert body["total"] == 4

    page = client.get(url, {"limit": 2, "offset": 1}, **headers).json()
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 1)
    assert [m["id"] for m in page["results"]] == [later.pk, recent.pk]

    upcoming = client.get(url, {"when": "upcoming"}, **headers).json()
    assert [m["state"] for m in upcoming["results"]] == ["upcoming", "upcoming"]
    assert upcoming["results"][0]["state_label"] == "Gepland"
    assert [m["id"] for m in client.get(url, {"when": "past"}, **headers).json()["results"]] == [recent.pk, old.pk]
    assert client.get(url, {"limit": 0}, **headers).status_code == 422


def test_an_observer_reads_what_the_pages_show_an_observer(client, personas, api_token_for):
    past, _item, _decision = filled_meeting(personas)
    headers = bearer(api_token_for(personas.olivia))
    detail = client.get(meeting_url(personas, past), **headers)
    assert detail.status_code == 200
    assert detail.json()["agenda"][0]["minutes"] == "Akkoord op de begroting."
    assert client.get(meetings_url(personas), **headers).json()["total"] == 1
    assert client.get(plan_url(personas), **headers).status_code == 200
    assert len(client.get(radar_url(personas), **headers).json()["flags"]) == 12
    # The page shows the observer the meeting too.
    client.force_login(personas.olivia)
    assert (
        "Akkoord op de begroting."
        in client.get(reverse("workspace:meeting_detail", args=[personas.collaboration.pk, past.pk])).content.decode()
    )


def test_an_outsider_gets_404_and_never_data(client, personas, api_token_for):
    past, _item, _decision = filled_meeting(personas)
    headers = bearer(api_token_for(personas.charlie))
    for url in (meetings_url(personas), meeting_url(personas, past), plan_url(personas), radar_url(personas)):
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert "Begroting" not in response.content.decode()
        assert "Offerte" not in response.content.decode()


def test_a_meeting_of_another_collaboration_is_404(client, personas, api_token_for):
    elsewhere = meeting(personas, title="Geheim", collaboration=personas.other_collaboration)
    response = client.get(meeting_url(personas, elsewhere), **bearer(api_token_for(personas.alice)))
    assert response.status_code == 404
    assert "Geheim" not in response.content.decode()


def test_a_token_limited_to_another_collaboration_gets_404(client, personas, api_token_for):
    own = make_collaboration(user=personas.alice, organisation=personas.alpha, name="Ander verband")
    meeting(personas)
    headers = bearer(api_token_for(personas.alice, collaboration=own))
    assert client.get(meetings_url(personas), **headers).status_code == 404
    assert client.get(radar_url(personas), **headers).status_code == 404
    assert client.get(reverse("api:workspace_meetings", args=[own.pk]), **headers).json()["total"] == 0


def test_without_a_valid_token_the_answer_is_401(client, personas):
    assert client.get(meetings_url(personas), **bearer("swz_wrong")).status_code == 401
    assert client.get(meetings_url(personas)).status_code == 401


def test_a_write_token_adds_a_subject_for_its_organisation(client, personas, api_token_for):
    upcoming = meeting(personas)
    AgendaItem.objects.create(meeting=upcoming, position=1, title="Opening")
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    response = client.post(
        agenda_url(personas, upcoming),
        {"title": "  Planning voorjaar "},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["position"], body["kind"], body["minutes"], body["decisions"]) == (
        "Planning voorjaar",
        2,
        "free",
        "",
        [],
    )
    assert AgendaItem.objects.get(pk=body["id"]).meeting == upcoming
    # The meeting page shows it afterwards, and so does the API.
    client.force_login(personas.alice)
    page = client.get(reverse("workspace:meeting_detail", args=[personas.collaboration.pk, upcoming.pk]))
    assert "Planning voorjaar" in page.content.decode()
    titles = [i["title"] for i in client.get(meeting_url(personas, upcoming), **bearer(raw)).json()["agenda"]]
    assert titles == ["Opening", "Planning voorjaar"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "   "}, "title"),
        ({}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": 5}, "title"),
        ("geen json", "body"),
    ],
)
def test_bad_input_is_422_and_changes_nothing(client, personas, api_token_for, body, field):
    upcoming = meeting(personas)
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(agenda_url(personas, upcoming), data, content_type="application/json", **bearer(raw))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert list(response.json()["errors"]) == [field]
    assert not AgendaItem.objects.exists()


def test_the_empty_subject_is_refused_in_dutch(client, personas, api_token_for):
    upcoming = meeting(personas)
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    response = client.post(
        agenda_url(personas, upcoming), {"title": " "}, content_type="application/json", **bearer(raw)
    )
    assert response.json()["errors"] == {"title": ["Vul een onderwerp in."]}


def test_a_read_token_may_not_add_a_subject(client, personas, api_token_for):
    upcoming = meeting(personas)
    raw = api_token_for(personas.bob)
    response = client.post(
        agenda_url(personas, upcoming), {"title": "X"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_an_observer_may_not_add_a_subject(client, personas):
    upcoming = meeting(personas)
    client.force_login(personas.olivia)
    response = client.post(agenda_url(personas, upcoming), {"title": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_an_outsider_may_not_add_a_subject(client, personas, api_token_for):
    upcoming = meeting(personas)
    raw = api_token_for(personas.charlie, scope="write", organisation=personas.gamma)
    response = client.post(
        agenda_url(personas, upcoming), {"title": "X"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 404
    assert not AgendaItem.objects.exists()


def test_an_archived_collaboration_refuses_a_subject_as_the_page_does(client, personas, api_token_for):
    upcoming = meeting(personas)
    raw = api_token_for(personas.bob, scope="write", organisation=personas.beta)
    personas.collaboration.archived_at = timezone.now()
    personas.collaboration.save(update_fields=["archived_at"])
    response = client.post(
        agenda_url(personas, upcoming), {"title": "X"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 403
    client.force_login(personas.bob)
    page = client.post(
        reverse("workspace:agenda_item_add", args=[personas.collaboration.pk, upcoming.pk]), {"title": "X"}
    )
    assert page.status_code == 403
    assert not AgendaItem.objects.exists()


def test_the_work_plan_of_a_year_as_the_page_shows_it(client, personas, api_token_for):
    this_year = timezone.localdate().year
    goal = WorkGoal.objects.create(collaboration=personas.collaboration, year=this_year, title="Meer omzet")
    WorkGoal.objects.create(collaboration=personas.collaboration, year=this_year + 1, title="Nieuwe markt")
    overdue = action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=2))
    overdue.work_goal = goal
    overdue.save(update_fields=["work_goal"])
    loose = action(personas.collaboration, personas.alpha, description="Website", status="done")
    headers = bearer(api_token_for(personas.alice))

    body = client.get(plan_url(personas), **headers).json()
    assert body["year"] == this_year
    assert body["years"] == [this_year, this_year + 1]
    [shown] = body["goals"]
    assert shown["title"] == "Meer omzet"
    [item] = shown["action_items"]
    assert (item["id"], item["overdue"], item["status_label"]) == (overdue.pk, True, "open")
    [other] = body["other_action_items"]
    assert (other["id"], other["status"], other["status_label"], other["overdue"]) == (loose.pk, "done", "klaar", False)

    next_year = client.get(plan_url(personas), {"year": this_year + 1}, **headers).json()
    assert [g["title"] for g in next_year["goals"]] == ["Nieuwe markt"]
    assert next_year["year"] == this_year + 1

    mine = client.get(plan_url(personas), {"filter": "organisation"}, **headers).json()
    assert mine["filter_label"] == "Van mijn organisatie"
    assert [a["id"] for a in mine["other_action_items"]] == [loose.pk]
    assert mine["goals"][0]["action_items"] == []
    assert client.get(plan_url(personas), {"year": "volgend"}, **headers).status_code == 422


def test_the_radar_flags_with_their_state(client, personas, api_token_for):
    headers = bearer(api_token_for(personas.bob))
    body = client.get(radar_url(personas), **headers).json()
    assert len(body["flags"]) == 12
    assert body["rhythm"]
    assert "signal" not in {flag["status"] for flag in body["flags"]}
    not_derivable = next(f for f in body["flags"] if f["status"] == "not_derivable")
    assert not_derivable["status_label"] == "niet uit gegevens af te leiden: bespreek dit"
    assert not_derivable["question"]

    # An overdue action item is a signal, with its evidence; marked as discussed, the API says so.
    action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=3))
    [entry] = selectors.radar_flags(personas.collaboration)
    flag = next(f for f in client.get(radar_url(personas), **headers).json()["flags"] if f["key"] == entry.flag.key)
    assert (flag["status"], flag["status_label"], flag["discussed"]) == ("signal", "signaal", False)
    assert any("Offerte opvragen" in line for line in flag["evidence"])
    assert flag["evidence_hash"] == entry.evidence_hash
    FlagReview.objects.create(
        collaboration=personas.collaboration,
        key=entry.flag.key,
        evidence_hash=entry.evidence_hash,
        note="Besproken in het overleg.",
    )
    flag = next(f for f in client.get(radar_url(personas), **headers).json()["flags"] if f["key"] == entry.flag.key)
    assert (flag["discussed"], flag["discussed_note"]) == (True, "Besproken in het overleg.")
    assert flag["discussed_at"]


def test_the_export_sections_hold_the_api_serialisation(personas):
    from samenwerkwijzer.collaborations.access import get_collaboration_for_user

    past, _item, _decision = filled_meeting(personas)
    WorkGoal.objects.create(collaboration=personas.collaboration, year=timezone.localdate().year, title="Meer omzet")
    access = get_collaboration_for_user(personas.bob, personas.collaboration.pk)
    meetings = SECTIONS["meetings"](access)
    assert meetings[0]["id"] == past.pk
    assert meetings[0]["agenda"][0]["decisions"][0]["description"] == "Offerte opvragen"
    assert isinstance(meetings[0]["starts_at"], str)
    assert SECTIONS["work_plan"](access)[0]["goals"][0]["title"] == "Meer omzet"
    assert len(SECTIONS["radar"](access)["flags"]) == 12
