"""The workspace's to-dos (see collaborations.todos and docs/todos.md)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.signals import todos_requested
from samenwerkwijzer.collaborations.todos import ORGANISATION, Todo
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.lib.formatting import format_date

TITLE_LENGTH = 60


def contribute(sender, *, accesses, **kwargs) -> list:
    """An open action item of your organisation (or taken on by you) past its due date. One query.

    An item taken on by one person is that person's; one without a person is the organisation's."""
    acting = {a.collaboration.pk: a.organisation.pk for a in accesses if a.organisation is not None}
    if not acting:
        return []
    user = accesses[0].user
    today = timezone.localdate()
    items = ActionItem.objects.filter(
        collaboration_id__in=list(acting), status=ActionItem.Status.OPEN, due_date__lt=today
    ).filter(Q(owner_person=user) | Q(owner_person__isnull=True))
    todos = []
    for item in items.only(
        "pk", "collaboration_id", "owner_organisation_id", "owner_person_id", "description", "due_date"
    ):
        if item.owner_person_id is None and item.owner_organisation_id != acting[item.collaboration_id]:
            continue
        description = (
            item.description if len(item.description) <= TITLE_LENGTH else item.description[:TITLE_LENGTH] + "…"
        )
        todos.append(
            (
                item.collaboration_id,
                Todo(
                    "workspace.action_overdue",
                    _("Action item “%(description)s” is overdue") % {"description": description},
                    reverse("workspace:plan", args=[item.collaboration_id]),
                    _("View the action item"),
                    hint=_("Due on %(date)s") % {"date": format_date(item.due_date)},
                    urgency=25,
                    scope=ORGANISATION,
                ),
            )
        )
    return todos


todos_requested.connect(contribute, dispatch_uid="workspace_todos")
