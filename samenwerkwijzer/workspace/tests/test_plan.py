from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.workspace import plan

from .factories import action

pytestmark = pytest.mark.django_db


def write(p, user=None):
    return get_collaboration_for_user(user or p.alice, p.collaboration.pk, write=True)


def test_goals_and_action_items_make_the_yearly_plan(personas):
    year = timezone.localdate().year
    goal = plan.work_goal_add(access=write(personas), year=year, title="Tien nieuwe klanten")
    item = plan.plan_action_add(
        access=write(personas, personas.bob),
        description="Flyer maken",
        owner_organisation_id=personas.beta.pk,
        owner_person_id=personas.bob.pk,
        due_date=timezone.localdate() + timedelta(days=5),
        work_goal=goal,
    )
    overview = plan.plan_overview(write(personas), year=year, filter_="all")
    assert overview["goals"] == [(goal, [item])]
    assert overview["other_actions"] == []


def test_an_owner_must_work_for_the_owner_organisation(personas):
    with pytest.raises(ValidationError, match=r"werkt niet voor|does not work for"):
        plan.plan_action_add(
            access=write(personas),
            description="x",
            owner_organisation_id=personas.alpha.pk,
            owner_person_id=personas.bob.pk,
            due_date=None,
            work_goal=None,
        )
    assert not ActionItem.objects.exists()


def test_bad_action_items_are_refused(personas):
    for owner, due in ((personas.gamma.pk, None), (personas.alpha.pk, timezone.localdate() - timedelta(days=1))):
        with pytest.raises(ValidationError):
            plan.plan_action_add(
                access=write(personas),
                description="x",
                owner_organisation_id=owner,
                owner_person_id=None,
                due_date=due,
                work_goal=None,
            )
    assert not ActionItem.objects.exists()


def test_observers_do_not_plan(personas):
    with pytest.raises(PermissionDenied):
        get_collaboration_for_user(personas.olivia, personas.collaboration.pk, write=True)


def test_filters_mine_my_organisation_and_overdue(personas):
    today = timezone.localdate()
    mine = action(personas.collaboration, personas.beta, description="Van Bob", due=today + timedelta(days=3))
    ActionItem.objects.filter(pk=mine.pk).update(owner_person=personas.bob)
    late = action(personas.collaboration, personas.alpha, description="Te laat", due=today - timedelta(days=2))
    action(personas.collaboration, personas.alpha, description="Klaar", due=today - timedelta(days=9), status="done")
    bob = write(personas, personas.bob)

    def descriptions(filter_):
        return [a.description for a in plan.plan_overview(bob, year=today.year, filter_=filter_)["other_actions"]]

    assert descriptions("mine") == ["Van Bob"]
    assert descriptions("organisation") == ["Van Bob"]
    assert descriptions("overdue") == ["Te laat"]
    assert plan.plan_overview(bob, year=today.year, filter_="all")["overdue_ids"] == {late.pk}


def test_the_plan_page_highlights_overdue_items(client, personas):
    action(
        personas.collaboration,
        personas.alpha,
        description="Prijslijst sturen",
        due=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(personas.olivia)
    page = client.get(reverse("workspace:plan", args=[personas.collaboration.pk])).content.decode()
    assert "Prijslijst sturen" in page and "row--overdue" in page and "verlopen" in page
    assert "Actiepunt toevoegen" not in page


def test_adding_and_closing_an_action_through_the_page(client, personas):
    client.force_login(personas.bob)
    client.post(
        reverse("workspace:plan_action_add", args=[personas.collaboration.pk]),
        {"description": "Route testen", "owner_organisation": personas.beta.pk, "owner_person": personas.bob.pk},
    )
    item = ActionItem.objects.get()
    assert item.owner_person == personas.bob
    client.post(reverse("workspace:plan_action_status", args=[personas.collaboration.pk, item.pk]), {"status": "done"})
    item.refresh_from_db()
    assert item.status == "done"


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("/workspace/elsewhere/?x=1", "/workspace/elsewhere/?x=1"),
        ("plan", None),  # a word is not a URL name to look up: back to the plan
        ("https://evil.example/", None),
        ("", None),
    ],
)
def test_the_status_button_goes_back_only_to_a_page_of_this_site(client, personas, back, expected):
    item = action(personas.collaboration, personas.beta)
    client.force_login(personas.bob)
    url = reverse("workspace:plan_action_status", args=[personas.collaboration.pk, item.pk])
    response = client.post(url, {"status": "done", "back": back})
    assert response.status_code == 302
    assert response.url == (expected or reverse("workspace:plan", args=[personas.collaboration.pk]))
