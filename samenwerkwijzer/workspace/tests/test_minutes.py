"""Meeting minutes: one save button keeps every box, an autosave keeps one, a refusal keeps all."""

import pytest
from django.urls import reverse
from django.utils import translation

from samenwerkwijzer.workspace.models import AgendaItem

from .test_meetings import other_meeting, plan

pytestmark = pytest.mark.django_db


def boxes(*pairs):
    """POST data for minutes boxes: (item, text, what the box held when the page was loaded)."""
    data = {}
    for item, text, original in pairs:
        data[f"minutes-{item.pk}-minutes"] = text
        data[f"minutes-{item.pk}-original"] = original
    return data


def save_url(personas, meeting):
    return reverse("workspace:minutes_save", args=[personas.collaboration.pk, meeting.pk])


def test_one_save_keeps_the_minutes_of_every_box(client, personas):
    meeting = plan(personas, free_items=["Begroting", "Rondvraag"])
    first, second = meeting.agenda_items.all()
    client.force_login(personas.bob)
    response = client.post(save_url(personas, meeting), boxes((first, "Akkoord.", ""), (second, "Geen vragen.", "")))
    assert response.status_code == 302
    assert list(meeting.agenda_items.values_list("minutes", flat=True)) == ["Akkoord.", "Geen vragen."]


def test_the_meeting_page_has_one_form_for_all_minutes(client, personas):
    meeting = plan(personas, free_items=["Begroting", "Rondvraag"])
    client.force_login(personas.alice)
    with translation.override("nl"):
        page = client.get(reverse("workspace:meeting_detail", args=[personas.collaboration.pk, meeting.pk]))
    html = page.content.decode()
    assert html.count('form="minutes-form"') == 4  # two boxes, each with its starting point
    assert html.count("Notulen opslaan") == 1
    assert 'id="minutes-form"' in html and "data-warn-unsaved" in html


def test_a_box_nobody_changed_is_left_alone(client, personas):
    meeting = plan(personas, free_items=["Begroting", "Rondvraag"])
    first, second = meeting.agenda_items.all()
    client.force_login(personas.bob)
    # Alice saved the second box after Bob loaded the page; Bob only typed in the first.
    AgendaItem.objects.filter(pk=second.pk).update(minutes="Van Alice.")
    client.post(save_url(personas, meeting), boxes((first, "Van Bob.", ""), (second, "", "")))
    assert list(meeting.agenda_items.values_list("minutes", flat=True)) == ["Van Bob.", "Van Alice."]


def test_a_refused_save_keeps_everything_typed_and_saves_nothing(client, personas):
    meeting = plan(personas, free_items=["Begroting", "Rondvraag"])
    first, second = meeting.agenda_items.all()
    client.force_login(personas.bob)
    with translation.override("nl"):
        response = client.post(
            save_url(personas, meeting), boxes((first, "Akkoord over de begroting.", ""), (second, "x" * 8001, ""))
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert list(meeting.agenda_items.values_list("minutes", flat=True)) == ["", ""]
    assert "Akkoord over de begroting." in html and "x" * 8001 in html
    assert 'id="minutes-errors"' in html and "data-error-summary" in html
    # The error stands next to the box it is about.
    field_id = f"id_minutes-{second.pk}-minutes"
    assert f'<ul class="errorlist" id="{field_id}_error">' in html
    assert html.index(f'id="{field_id}_error"') < html.index(f'id="{field_id}"')


def test_an_autosave_keeps_one_box_and_says_when(client, personas):
    meeting = plan(personas, free_items=["Begroting", "Rondvraag"])
    first, _second = meeting.agenda_items.all()
    client.force_login(personas.bob)
    with translation.override("nl"):
        response = client.post(save_url(personas, meeting), boxes((first, "Concept.", "")), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Opgeslagen om" in html and "data-autosaved" in html
    # The box's starting point is now what was saved, so a later save does not count it as changed.
    assert f'name="minutes-{first.pk}-original" value="Concept."' in html
    assert list(meeting.agenda_items.values_list("minutes", flat=True)) == ["Concept.", ""]


def test_a_refused_autosave_says_so_and_saves_nothing(client, personas):
    meeting = plan(personas, free_items=["Begroting"])
    item = meeting.agenda_items.get()
    client.force_login(personas.bob)
    with translation.override("nl"):
        response = client.post(save_url(personas, meeting), boxes((item, "x" * 8001, "")), HTTP_HX_REQUEST="true")
    assert "Niet opgeslagen" in response.content.decode()
    assert "data-autosaved" not in response.content.decode()
    item.refresh_from_db()
    assert item.minutes == ""


def test_minutes_of_another_meeting_cannot_be_written_through_ones_own(client, personas):
    meeting = plan(personas, free_items=["Rondvraag"])
    secret_item = other_meeting(personas).agenda_items.get()
    client.force_login(personas.bob)
    client.post(save_url(personas, meeting), boxes((secret_item, "Overschreven", "")))
    secret_item.refresh_from_db()
    assert secret_item.minutes == ""


def test_a_refused_decision_keeps_what_was_typed_open_beside_the_field(client, personas):
    """A past due date: the page comes back (not a redirect) with this item's form open, the
    description and owner kept, the error next to the date and nothing recorded."""
    import datetime

    from samenwerkwijzer.instruments.models import ActionItem

    meeting = plan(personas, free_items=["Begroting"])
    [item] = meeting.agenda_items.all()
    client.force_login(personas.alice)
    before = ActionItem.objects.count()
    with translation.override("nl"):
        response = client.post(
            reverse("workspace:decision_add", args=[personas.collaboration.pk, meeting.pk, item.pk]),
            {
                "description": "Offerte opvragen bij de drukker",
                "owner_organisation": personas.beta.pk,
                "due_date": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert ActionItem.objects.count() == before
    assert f'id="decision-form-{item.pk}" open' in page
    assert 'value="Offerte opvragen bij de drukker"' in page
    assert f'<option value="{personas.beta.pk}" selected' in page
    assert "Kies een datum van vandaag of later." in page
    assert f'href="#decision-{item.pk}-due_date"' in page  # the error summary links to the field


def test_a_decision_on_an_agenda_item_of_another_meeting_is_not_found(client, personas):
    first = plan(personas, free_items=["Begroting"])
    second = plan(personas, free_items=["Rondvraag"])
    [other_item] = second.agenda_items.all()
    client.force_login(personas.alice)
    response = client.post(
        reverse("workspace:decision_add", args=[personas.collaboration.pk, first.pk, other_item.pk]),
        {"description": "Iets", "owner_organisation": personas.alpha.pk},
    )
    assert response.status_code == 404
