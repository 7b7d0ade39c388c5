"""The yearly work plan: goals and the action items that serve them (guide ch. 6)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.organisations.models import Membership

from .models import WorkGoal

FILTERS = ("all", "mine", "organisation", "overdue")


def agreement_goal_titles(collaboration) -> list[str]:
    """The goals of the current agreement, when the agreements app has one."""
    try:
        from samenwerkwijzer.agreements.selectors import agreement_goal_titles as titles
    except ImportError:
        return []
    return titles(collaboration)


@transaction.atomic
def work_goal_add(*, access: CollaborationAccess, year: int, title: str, agreement_goal: str = "") -> WorkGoal:
    if not access.can_write:
        raise PermissionDenied
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Describe the goal.")})
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 5:
        raise ValidationError(
            {
                "year": _("Choose a year between %(first)s and %(last)s.")
                % {"first": this_year - 1, "last": this_year + 5}
            }
        )
    if agreement_goal and agreement_goal not in agreement_goal_titles(access.collaboration):
        raise ValidationError({"agreement_goal": _("Choose one of the goals of the agreement.")})
    return WorkGoal.objects.create(
        collaboration=access.collaboration,
        year=year,
        title=title,
        agreement_goal=agreement_goal,
        created_by=access.user,
    )


@transaction.atomic
def plan_action_add(
    *,
    access: CollaborationAccess,
    description: str,
    owner_organisation_id: int,
    owner_person_id: int | None,
    due_date: date | None,
    work_goal: WorkGoal | None,
) -> ActionItem:
    """An action item of the work plan: an owner organisation, optionally one of its people, and a goal."""
    if (
        owner_person_id is not None
        and not Membership.objects.filter(user_id=owner_person_id, organisation_id=owner_organisation_id).exists()
    ):
        raise ValidationError({"owner_person": _("This person does not work for the chosen organisation.")})
    if work_goal is not None and work_goal.collaboration_id != access.collaboration.pk:
        raise ValidationError({"work_goal": _("Choose one of the goals of this collaboration.")})
    action = instrument_services.action_item_create(
        access=access, description=description, owner_organisation_id=owner_organisation_id, due_date=due_date
    )
    action.owner_person_id = owner_person_id
    action.work_goal = work_goal
    action.save(update_fields=["owner_person", "work_goal"])
    return action


def overdue_actions(actions, *, today: date):
    """The work plan's rule for "overdue": open and due before today (also the webhook job's rule)."""
    return actions.filter(status=ActionItem.Status.OPEN, due_date__lt=today)


def plan_overview(access: CollaborationAccess, *, year: int, filter_: str, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    actions = ActionItem.objects.filter(collaboration=access.collaboration).select_related(
        "owner_organisation", "owner_person", "work_goal"
    )
    if filter_ == "mine":
        actions = actions.filter(owner_person=access.user)
    elif filter_ == "organisation" and access.organisation is not None:
        actions = actions.filter(owner_organisation=access.organisation)
    elif filter_ == "overdue":
        actions = overdue_actions(actions, today=today)
    actions = list(actions.order_by("status", "due_date", "id"))
    # One query for the goals of every year: this year's are listed, all years go into the year choice.
    all_goals = list(WorkGoal.objects.filter(collaboration=access.collaboration))
    goals = [goal for goal in all_goals if goal.year == year]
    by_goal = {goal.pk: [] for goal in goals}
    other = []
    for action in actions:
        if action.work_goal_id in by_goal:
            by_goal[action.work_goal_id].append(action)
        elif action.work_goal_id is None:
            other.append(action)
    return {
        "year": year,
        "years": sorted({today.year, year, *(goal.year for goal in all_goals)}),
        "filter": filter_,
        "goals": [(goal, by_goal[goal.pk]) for goal in goals],
        "other_actions": other,
        "overdue_ids": {
            a.pk for a in actions if a.status == ActionItem.Status.OPEN and a.due_date and a.due_date < today
        },
        "agreement_goals": agreement_goal_titles(access.collaboration),
    }
