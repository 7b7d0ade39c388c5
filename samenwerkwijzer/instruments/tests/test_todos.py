"""The instruments' to-do rules (docs/todos.md)."""

from django.urls import reverse

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.todos import todos_for_access

from .. import definitions
from ..models import Round, SelfCheckShare
from .factories import open_round, revealed_round, submit, tien_answers


def todos(user, collaboration, rule):
    access = get_collaboration_for_user(user, collaboration.pk)
    return [t for t in todos_for_access(access) if t.rule == rule]


def share(organisation, collaboration):
    SelfCheckShare.objects.create(organisation=organisation, collaboration=collaboration, definition_version=1)


def test_an_open_round_your_organisation_has_not_submitted_is_a_to_do(personas):
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.bob, personas.collaboration, round_, tien_answers())
    [todo] = todos(personas.alice, personas.collaboration, "instruments.round_answer")
    assert todo.hint == "1 van 2 organisaties klaar"
    assert todo.button == "Nu invullen"
    assert todo.url == reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])
    # Bob's organisation has submitted: nothing for him.
    assert todos(personas.bob, personas.collaboration, "instruments.round_answer") == []


def test_a_revealed_round_is_no_to_do(personas):
    revealed_round(personas)
    assert todos(personas.alice, personas.collaboration, "instruments.round_answer") == []


def test_observers_are_never_asked_to_answer(personas):
    open_round(personas)
    assert todos(personas.olivia, personas.collaboration, "instruments.round_answer") == []


def test_an_organisation_that_has_not_shared_its_self_check_is_asked_to(personas):
    share(personas.beta, personas.collaboration)
    [todo] = todos(personas.alice, personas.collaboration, "instruments.self_check_share")
    assert todo.hint == "1 van 2 organisaties gedeeld"
    assert todos(personas.bob, personas.collaboration, "instruments.self_check_share") == []
    assert todos(personas.olivia, personas.collaboration, "instruments.self_check_share") == []


def test_the_dashboard_offers_fill_in_now_for_an_open_round_of_ones_own(client, personas):
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.bob, personas.collaboration, round_, tien_answers())
    client.force_login(personas.alice)
    page = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert "Nu invullen" in page
    client.force_login(personas.bob)
    page = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert "Nu invullen" not in page


def test_once_a_partner_joined_the_lead_is_asked_to_start_the_ten_basic_questions(personas):
    [todo] = todos(personas.alice, personas.collaboration, "instruments.round_start")
    assert todo.title == "Start de tien basisvragen"
    assert todo.url == reverse("instruments:round_open", args=[personas.collaboration.pk, definitions.TIEN_BASISVRAGEN])
    # Lead work: not for the partner or an observer.
    assert todos(personas.bob, personas.collaboration, "instruments.round_start") == []
    assert todos(personas.olivia, personas.collaboration, "instruments.round_start") == []
    # Once started, each organisation is asked to answer instead.
    open_round(personas, definitions.TIEN_BASISVRAGEN)
    assert todos(personas.alice, personas.collaboration, "instruments.round_start") == []
    assert todos(personas.alice, personas.collaboration, "instruments.round_answer")


def test_without_a_partner_there_are_no_basic_questions_to_start(personas):
    from samenwerkwijzer.collaborations.models import Participant

    Participant.objects.filter(collaboration=personas.collaboration, organisation=personas.beta).delete()
    assert todos(personas.alice, personas.collaboration, "instruments.round_start") == []


def test_the_start_to_do_leads_to_a_page_with_one_button_that_starts_the_round(client, personas):
    """The to-do's link is a page (GET) that says what starting means; its one button starts the round."""
    client.force_login(personas.alice)
    url = reverse("instruments:round_open", args=[personas.collaboration.pk, definitions.TIEN_BASISVRAGEN])
    page = client.get(url).content.decode()
    assert "Ronde starten" in page and "Tien basisvragen" in page
    assert not Round.objects.filter(collaboration=personas.collaboration).exists()
    response = client.post(url)
    started = Round.objects.get(collaboration=personas.collaboration, instrument=definitions.TIEN_BASISVRAGEN)
    assert response.url == reverse("instruments:round_detail", args=[personas.collaboration.pk, started.pk])
