"""One date rule (lib/dates.py): every date that plans the future refuses the past when it is set or
changed, everywhere with the same message; an unchanged past date on an existing record is kept."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from samenwerkwijzer.agreements.forms import SectionEditor
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.forms import CollaborationForm
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.forms import ActionItemForm
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.lib import dates
from samenwerkwijzer.workspace import services as workspace_services
from samenwerkwijzer.workspace.forms import DecisionForm, EditMeetingForm, NewMeetingForm, PlanActionForm
from samenwerkwijzer.workspace.models import Meeting

MESSAGE_NL = "Kies een datum van vandaag of later."
MESSAGE_EN = "Choose a date of today or later."


def today():
    return timezone.localdate()


def yesterday():
    return today() - timedelta(days=1)


# --- The rule ---


def test_the_rule_refuses_a_past_date_and_keeps_today_the_future_and_empty():
    day = date(2026, 12, 6)
    for value in (None, "", day, day + timedelta(days=1), "2026-12-06"):
        assert dates.validate_planned_date(value, today=day) == value
    for value in (day - timedelta(days=1), "2020-01-01", date(2026, 3, 1)):
        with translation.override("en"):
            with pytest.raises(ValidationError) as refused:
                dates.validate_planned_date(value, today=day)
            assert refused.value.messages == [MESSAGE_EN]
        assert refused.value.error_list[0].code == dates.PAST_DATE_CODE


def test_an_unchanged_past_date_is_kept_and_a_changed_one_refused():
    day = date(2026, 12, 6)
    past = date(2026, 11, 1)
    assert dates.validate_planned_date(past, previous=past, today=day) == past
    assert dates.validate_planned_date(past, previous="2026-11-01", today=day) == past
    with pytest.raises(ValidationError):
        dates.validate_planned_date(past, previous=date(2026, 10, 1), today=day)


def test_a_datetime_counts_by_its_local_day():
    now = timezone.now()
    assert dates.is_planned_date_allowed(now)
    assert not dates.is_planned_date_allowed(now - timedelta(days=2))
    assert dates.is_planned_date_allowed(datetime(2030, 1, 1, 9, 0))
    assert dates.is_planned_date_allowed("not a date")  # a form field reports that itself


def test_the_message_is_dutch_in_the_dutch_interface():
    with translation.override("nl"):
        assert str(dates.PAST_DATE_MESSAGE) == MESSAGE_NL


# --- Every place that plans the future ---


def _errors(form, field):
    with translation.override("nl"):
        form.is_valid()
        return [str(e) for e in form.errors.get(field, [])]


@pytest.mark.parametrize(
    ("kind", "section", "field", "item_fields"),
    [
        ("letter_of_intent", "next_steps", "date", {"description": "Overeenkomst opstellen"}),
        ("agreement", "planning", "date", {"description": "Proefrit", "owner": "Alfa"}),
        (
            "agreement",
            "goals",
            "deadline",
            {"description": "Meer klanten in de regio", "indicator": "aantal klanten", "target": "12"},
        ),
    ],
)
def test_the_agreement_items_refuse_a_past_date_and_keep_an_unchanged_one(kind, section, field, item_fields):
    def post(value):
        data = {
            "base_version": "1",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            f"items-0-{field}": value,
            **{f"items-0-{k}": v for k, v in item_fields.items()},
        }
        if section == "goals":
            data.update(purpose="", activities="")
        return data

    stored = {"items": [{**item_fields, field: "2020-03-01"}]}
    for value in ("2020-01-01", "2026-03-01", yesterday().isoformat()):
        editor = SectionEditor(section, stored=stored, parties=[], data=post(value))
        with translation.override("nl"):
            assert not editor.is_valid()
            assert editor.item_formset.forms[0].errors[field] == [MESSAGE_NL]
    # The date it already had (even past) is kept; a date of today is fine.
    for value in ("2020-03-01", today().isoformat()):
        editor = SectionEditor(section, stored=stored, parties=[], data=post(value))
        assert editor.is_valid(), editor.item_formset.errors


def test_the_letter_of_intent_next_step_page_refuses_1_march_2026(personas):
    client = Client()
    client.force_login(personas.alice)
    response = client.post(
        reverse("agreements:edit", args=[personas.collaboration.pk, "letter-of-intent", "next_steps"]),
        {
            "base_version": "0",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-description": "Overeenkomst opstellen",
            "items-0-date": "2026-03-01" if today() > date(2026, 3, 1) else "2020-03-01",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE_NL in page
    assert "Overeenkomst opstellen" in page  # what was typed is kept


def test_the_collaboration_end_date_refuses_the_past_and_keeps_an_unchanged_one(personas):
    collaboration = personas.collaboration
    fields = {"name": collaboration.name, "purpose": "x", "ambition_level": "operational", "duration_kind": "project"}
    form = CollaborationForm({**fields, "planned_end_date": yesterday().isoformat()}, instance=collaboration)
    assert _errors(form, "planned_end_date") == [MESSAGE_NL]
    type(collaboration).objects.filter(pk=collaboration.pk).update(planned_end_date=date(2020, 1, 1))
    collaboration.refresh_from_db()
    form = CollaborationForm({**fields, "planned_end_date": "2020-01-01"}, instance=collaboration)
    assert _errors(form, "planned_end_date") == []


def test_the_workspace_forms_refuse_a_past_due_date(personas):
    organisations = personas.collaboration.participants.model.objects.none()
    for form in (
        DecisionForm({"description": "x", "due_date": yesterday().isoformat()}, organisations=organisations),
        PlanActionForm(
            {"description": "x", "due_date": yesterday().isoformat()},
            organisations=organisations,
            people=organisations,
            goals=organisations,
        ),
    ):
        assert _errors(form, "due_date") == [MESSAGE_NL]


def test_a_new_meeting_on_a_past_day_is_refused_with_the_same_message():
    form = NewMeetingForm(
        {"title": "Overleg", "date": yesterday().isoformat(), "time": "10:00", "duration_minutes": "60"}
    )
    assert _errors(form, "date") == [MESSAGE_NL]


def test_a_meeting_keeps_its_unchanged_past_day_and_refuses_another_past_day(personas):
    starts_at = timezone.make_aware(datetime(2020, 5, 4, 10, 0))
    meeting = Meeting.objects.create(collaboration=personas.collaboration, title="Oud overleg", starts_at=starts_at)
    data = {"title": "Oud overleg", "time": "10:00", "duration_minutes": "60", "version": "1"}
    assert _errors(EditMeetingForm({**data, "date": "2020-05-04"}, instance=meeting), "date") == []
    assert _errors(EditMeetingForm({**data, "date": "2020-05-05"}, instance=meeting), "date") == [MESSAGE_NL]


def test_an_action_item_refuses_a_past_due_date_in_form_and_service(personas):
    organisations = type(personas.alpha).objects.filter(pk__in=[personas.alpha.pk, personas.beta.pk])
    form = ActionItemForm(
        {"description": "x", "owner_organisation": personas.alpha.pk, "due_date": yesterday().isoformat()},
        organisations=organisations,
    )
    assert _errors(form, "due_date") == [MESSAGE_NL]
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    with pytest.raises(ValidationError) as refused, translation.override("nl"):
        instrument_services.action_item_create(
            access=access, description="x", owner_organisation_id=personas.alpha.pk, due_date=yesterday()
        )
    assert refused.value.message_dict["due_date"] == [MESSAGE_NL]
    assert not ActionItem.objects.exists()


def test_an_overdue_action_keeps_its_past_due_date_when_its_status_or_text_changes(personas):
    action = ActionItem.objects.create(
        collaboration=personas.collaboration,
        description="Offerte opvragen",
        owner_organisation=personas.alpha,
        due_date=date(2020, 1, 1),
    )
    organisations = type(personas.alpha).objects.filter(pk__in=[personas.alpha.pk, personas.beta.pk])
    form = ActionItemForm(
        {"description": "Offerte opvragen bij twee", "owner_organisation": personas.alpha.pk, "due_date": "2020-01-01"},
        organisations=organisations,
        instance=action,
    )
    assert _errors(form, "due_date") == []
    access = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    updated = instrument_services.action_item_set_status(access=access, action=action, status=ActionItem.Status.DONE)
    assert updated.status == ActionItem.Status.DONE and updated.due_date == date(2020, 1, 1)


def test_a_decision_with_a_past_due_date_is_refused_by_the_service_with_the_same_message(personas):
    meeting = Meeting.objects.create(
        collaboration=personas.collaboration, title="Overleg", starts_at=timezone.now() + timedelta(days=1)
    )
    item = meeting.agenda_items.create(title="Onderwerp", position=1)
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    with pytest.raises(ValidationError) as refused, translation.override("nl"):
        workspace_services.decision_add(
            access=access, item=item, description="x", owner_organisation=personas.alpha, due_date=yesterday()
        )
    assert refused.value.message_dict["due_date"] == [MESSAGE_NL]
