from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.core.jobs import run_all
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.workspace import services
from samenwerkwijzer.workspace.models import AgendaItem, Meeting

from .factories import action, proposal, revealed_checker_round

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def access_for(user, personas, **kwargs):
    return get_collaboration_for_user(user, personas.collaboration.pk, **kwargs)


def plan(personas, *, starts_at=None, free_items=(), user=None):
    return services.meeting_create(
        access=access_for(user or personas.alice, personas, write=True),
        title="Kwartaaloverleg",
        starts_at=starts_at or timezone.now() + timedelta(days=7),
        duration_minutes=90,
        location="Bakkerij, Breukelen",
        online_link="",
        free_items=list(free_items),
    )


def test_the_agenda_is_built_from_divergences_overdue_actions_and_free_items(personas):
    round_ = revealed_checker_round(
        personas.collaboration, {personas.alpha: {"mutual_trust": 5}, personas.beta: {"mutual_trust": 2}}
    )
    proposal(personas.collaboration, round_)
    overdue = action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=3))
    action(personas.collaboration, personas.alpha, due=timezone.localdate() + timedelta(days=60))
    action(personas.collaboration, personas.alpha, description="Klaar", due=timezone.localdate(), status="done")
    with translation.override("nl"):
        meeting = plan(personas, free_items=["Rondvraag", "  "])
    items = list(meeting.agenda_items.all())
    assert [i.kind for i in items] == ["divergence", "action", "free"]
    assert items[0].title == "Verschil in ronde 1: We kunnen op elkaar vertrouwen."
    assert items[1].action_item == overdue
    assert items[2].title == "Rondvraag"
    # A difference goes onto one agenda only.
    assert [i.kind for i in plan(personas).agenda_items.all()] == ["action"]


def test_a_new_meeting_cannot_start_in_the_past(personas):
    with pytest.raises(ValidationError):
        plan(personas, starts_at=timezone.now() - timedelta(hours=1))
    assert not Meeting.objects.exists()


def test_observers_cannot_plan_meetings(personas):
    with pytest.raises(PermissionDenied):
        access_for(personas.olivia, personas, write=True)


def test_an_edit_from_an_old_version_is_a_conflict_not_a_lost_update(personas):
    meeting = plan(personas)
    alice, bob = access_for(personas.alice, personas, write=True), access_for(personas.bob, personas, write=True)
    services.meeting_update(access=alice, meeting=meeting, base_version=1, changes={"location": "Woerden"})
    with pytest.raises(ValidationError, match=r"Iemand anders|Someone else"):
        services.meeting_update(access=bob, meeting=meeting, base_version=1, changes={"location": "Utrecht"})
    meeting.refresh_from_db()
    assert meeting.location == "Woerden" and meeting.version == 2


def test_a_decision_becomes_an_action_item_of_an_participating_organisation(personas):
    meeting = plan(personas, free_items=["Bezorgroute"])
    item = meeting.agenda_items.get()
    access = access_for(personas.bob, personas, write=True)
    created = services.decision_add(
        access=access, item=item, description="Route testen", owner_organisation=personas.beta, due_date=None
    )
    assert created.source == f"meeting:{meeting.pk}:{item.pk}"
    with pytest.raises(ValidationError):
        services.decision_add(
            access=access, item=item, description="x", owner_organisation=personas.gamma, due_date=None
        )
    with pytest.raises(ValidationError):
        services.decision_add(
            access=access,
            item=item,
            description="x",
            owner_organisation=personas.beta,
            due_date=timezone.localdate() - timedelta(days=1),
        )
    assert ActionItem.objects.count() == 1


def test_the_ics_invite_describes_the_meeting_for_every_member(personas):
    meeting = plan(personas, starts_at=datetime(2027, 1, 12, 9, 30, tzinfo=AMSTERDAM), free_items=["Begroting"])
    calendar = Calendar.from_ical(services.meeting_ics(meeting))
    event = next(iter(calendar.walk("VEVENT")))
    assert event["summary"] == "Zonnedak Zwaluwstaart: Kwartaaloverleg"
    assert event.decoded("dtstart") == datetime(2027, 1, 12, 9, 30, tzinfo=AMSTERDAM)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=90)
    attendees = sorted(str(a).removeprefix("mailto:") for a in event["attendee"])
    assert attendees == ["alice@example.org", "anna@example.org", "bob@example.org"]
    assert "Begroting" in str(event["description"])


def test_sending_the_invitation_mails_an_ics_to_every_member(personas, mailoutbox, django_capture_on_commit_callbacks):
    meeting = plan(personas)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.meeting_send_invites(access=access_for(personas.alice, personas, write=True), meeting=meeting)
    assert count == 3 and len(mailoutbox) == 3
    assert mailoutbox[0].attachments[0][2] == "text/calendar"
    assert "Kwartaaloverleg" in mailoutbox[0].subject


def test_the_reminder_goes_out_once_a_day_before(personas, mailoutbox, django_capture_on_commit_callbacks):
    start = datetime(2027, 3, 10, 14, 0, tzinfo=AMSTERDAM)
    plan(personas, starts_at=start)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_all(now=start - timedelta(hours=30))["meeting reminders"] == 0
        assert run_all(now=start - timedelta(hours=20))["meeting reminders"] == 1
        assert run_all(now=start - timedelta(hours=19))["meeting reminders"] == 0
    assert len(mailoutbox) == 3
    assert "Herinnering" in mailoutbox[0].subject


def test_no_reminders_for_an_archived_collaboration(personas, mailoutbox):
    start = timezone.now() + timedelta(days=5)
    plan(personas, starts_at=start)
    personas.collaboration.archived_at = timezone.now()
    personas.collaboration.save(update_fields=["archived_at"])
    assert services.send_meeting_reminders(now=start - timedelta(hours=2)) == 0
    assert not mailoutbox


def test_the_meeting_pages_work_for_members_and_observers(client, personas):
    meeting = plan(personas, free_items=["Rondvraag"])
    client.force_login(personas.olivia)
    page = client.get(reverse("workspace:meeting_detail", args=[personas.collaboration.pk, meeting.pk]))
    assert "Rondvraag" in page.content.decode() and "Notulen opslaan" not in page.content.decode()
    client.force_login(personas.bob)
    item = meeting.agenda_items.get()
    url = reverse("workspace:minutes_save", args=[personas.collaboration.pk, meeting.pk])
    client.post(url, {f"minutes-{item.pk}-minutes": "Iedereen akkoord.", f"minutes-{item.pk}-original": ""})
    assert AgendaItem.objects.get().minutes == "Iedereen akkoord."
    ics = client.get(reverse("workspace:meeting_ics", args=[personas.collaboration.pk, meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")


def test_planning_a_meeting_through_the_form(client, personas):
    client.force_login(personas.alice)
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("workspace:meeting_create", args=[personas.collaboration.pk]),
        {
            "title": "Startoverleg",
            "date": day.isoformat(),
            "time": "10:00",
            "duration_minutes": 60,
            "location": "",
            "online_link": "meet.example.nl/abc",
            "free_items": "Kennismaking",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == reverse("workspace:meeting_detail", args=[personas.collaboration.pk, meeting.pk])
    assert meeting.online_link == "https://meet.example.nl/abc"
    response = client.post(
        reverse("workspace:meeting_create", args=[personas.collaboration.pk]),
        {"title": "Te laat", "date": "2020-01-01", "time": "10:00", "duration_minutes": 60},
    )
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert Meeting.objects.count() == 1


def test_a_stale_edit_through_the_form_shows_the_conflict(client, personas):
    meeting = plan(personas)
    client.force_login(personas.bob)
    data = {
        "title": "Nieuw",
        "date": (timezone.localdate() + timedelta(days=9)).isoformat(),
        "time": "11:00",
        "duration_minutes": 60,
        "version": 1,
    }
    url = reverse("workspace:meeting_edit", args=[personas.collaboration.pk, meeting.pk])
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Nog nieuwer"})
    assert "Iemand anders heeft dit overleg gewijzigd" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "Nieuw"


def other_meeting(personas) -> Meeting:
    """A meeting with one agenda item in dave's collaboration, which alice and bob do not belong to."""
    return services.meeting_create(
        access=get_collaboration_for_user(personas.dave, personas.other_collaboration.pk, write=True),
        title="Geheim overleg",
        starts_at=timezone.now() + timedelta(days=7),
        duration_minutes=60,
        location="",
        online_link="",
        free_items=["Geheime begroting"],
    )


def test_a_member_adds_a_subject_to_the_end_of_the_agenda(client, personas):
    meeting = plan(personas, free_items=["Rondvraag"])
    client.force_login(personas.bob)
    url = reverse("workspace:agenda_item_add", args=[personas.collaboration.pk, meeting.pk])
    response = client.post(url, {"title": "  Bezorgroute  "}, follow=True)
    assert "Het onderwerp staat op de agenda." in response.content.decode()
    assert list(meeting.agenda_items.values_list("position", "title")) == [(1, "Rondvraag"), (2, "Bezorgroute")]


def test_an_empty_subject_is_refused_with_a_message(personas):
    meeting = plan(personas, free_items=["Rondvraag"])
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(access=access_for(personas.bob, personas, write=True), meeting=meeting, title="   ")
    assert refused.value.message_dict == {"title": ["Vul een onderwerp in."]}
    assert meeting.agenda_items.count() == 1


@pytest.mark.parametrize("who", ["observer", "partner of an archived collaboration"])
def test_without_write_access_nobody_adds_to_the_agenda(personas, who):
    meeting = plan(personas)
    if who == "observer":
        access = access_for(personas.olivia, personas)
    else:
        personas.collaboration.archived_at = timezone.now()
        personas.collaboration.save(update_fields=["archived_at"])
        access = access_for(personas.bob, personas)
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(access=access, meeting=meeting, title="Stiekem punt")
    assert not meeting.agenda_items.exists()


def test_a_meeting_of_another_collaboration_cannot_be_reached_through_ones_own(client, personas):
    secret = other_meeting(personas)
    client.force_login(personas.alice)
    own = personas.collaboration.pk
    assert client.get(reverse("workspace:meeting_detail", args=[own, secret.pk])).status_code == 404
    response = client.post(reverse("workspace:agenda_item_add", args=[own, secret.pk]), {"title": "Inbraak"})
    assert response.status_code == 404
    assert list(secret.agenda_items.values_list("title", flat=True)) == ["Geheime begroting"]


def test_an_agenda_item_of_another_meeting_cannot_be_reached_through_ones_own(client, personas):
    meeting = plan(personas, free_items=["Rondvraag"])
    secret_item = other_meeting(personas).agenda_items.get()
    client.force_login(personas.bob)
    url = reverse("workspace:minutes_save", args=[personas.collaboration.pk, meeting.pk])
    client.post(url, {f"minutes-{secret_item.pk}-minutes": "Overschreven", f"minutes-{secret_item.pk}-original": ""})
    secret_item.refresh_from_db()
    assert secret_item.minutes == ""


def test_no_invitation_goes_out_for_a_meeting_that_has_taken_place(client, personas, mailoutbox):
    meeting = plan(personas)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(days=1))
    client.force_login(personas.alice)
    url = reverse("workspace:meeting_send", args=[personas.collaboration.pk, meeting.pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "workspace:meeting_detail", args=[personas.collaboration.pk, meeting.pk]
    )
    assert "Dit overleg heeft al plaatsgevonden." in response.content.decode()
    assert not mailoutbox
