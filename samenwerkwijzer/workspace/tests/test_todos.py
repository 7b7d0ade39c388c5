"""The workspace's to-do rules (docs/todos.md)."""

import datetime

from django.utils import timezone

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.todos import todos_for_access
from samenwerkwijzer.instruments.models import ActionItem


def overdue(personas, user):
    access = get_collaboration_for_user(user, personas.collaboration.pk)
    return [t for t in todos_for_access(access) if t.rule == "workspace.action_overdue"]


def item(personas, *, organisation, days=-1, person=None, status=ActionItem.Status.OPEN):
    return ActionItem.objects.create(
        collaboration=personas.collaboration,
        description="Offerte voor de gezamenlijke stand opvragen",
        owner_organisation=organisation,
        owner_person=person,
        due_date=timezone.localdate() + datetime.timedelta(days=days),
        status=status,
    )


def test_an_overdue_item_of_ones_organisation_is_a_to_do(personas):
    item(personas, organisation=personas.alpha, days=-3)
    [todo] = overdue(personas, personas.alice)
    assert todo.title == "Actiepunt “Offerte voor de gezamenlijke stand opvragen” is verlopen"
    assert todo.hint.startswith("Deadline ")  # docs/glossary.md: one word, "deadline"
    assert overdue(personas, personas.bob) == []  # not his organisation's
    assert overdue(personas, personas.olivia) == []  # observers read along


def test_items_not_yet_due_or_done_are_no_to_do(personas):
    item(personas, organisation=personas.alpha, days=0)
    item(personas, organisation=personas.alpha, days=-5, status=ActionItem.Status.DONE)
    assert overdue(personas, personas.alice) == []


def test_an_item_taken_on_by_a_colleague_is_theirs_alone(personas):
    item(personas, organisation=personas.alpha, person=personas.anna)
    assert overdue(personas, personas.alice) == []
    assert len(overdue(personas, personas.anna)) == 1
