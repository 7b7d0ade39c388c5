from datetime import timedelta

from django.utils import timezone

from samenwerkwijzer.lib.authz import LEAD, READ, WRITE, Expect
from samenwerkwijzer.workspace.models import AgendaItem, Meeting

collaboration = {"pk": lambda p: p.collaboration.pk}


def _meeting(p):
    meeting = Meeting.objects.filter(collaboration=p.collaboration).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            collaboration=p.collaboration, title="Overleg", starts_at=timezone.now() + timedelta(days=3)
        )
        AgendaItem.objects.create(meeting=meeting, position=1, title="Rondvraag")
    return meeting.pk


def _item(p):
    return AgendaItem.objects.get(meeting_id=_meeting(p)).pk


def _action(p):
    from samenwerkwijzer.instruments.models import ActionItem

    item = ActionItem.objects.filter(collaboration=p.collaboration).first()
    if item is None:
        item = ActionItem.objects.create(collaboration=p.collaboration, description="x", owner_organisation=p.alpha)
    return item.pk


meeting = {**collaboration, "meeting_pk": _meeting}

EXPECTATIONS = {
    "workspace:meetings": Expect(READ, kwargs=collaboration),
    "workspace:meeting_create": Expect(
        WRITE,
        kwargs=collaboration,
        methods=("GET", "POST"),
        data=lambda p: {"title": "x", "date": "2031-01-01", "time": "10:00", "duration_minutes": 60},
    ),
    "workspace:meeting_detail": Expect(READ, kwargs=meeting),
    "workspace:meeting_ics": Expect(READ, kwargs=meeting),
    "workspace:meeting_edit": Expect(
        WRITE,
        kwargs=meeting,
        methods=("GET", "POST"),
        data=lambda p: {"title": "x", "date": "2031-01-01", "time": "10:00", "duration_minutes": 60, "version": 1},
    ),
    "workspace:meeting_send": Expect(WRITE, kwargs=meeting, methods=("POST",), data=lambda p: {}),
    "workspace:agenda_item_add": Expect(WRITE, kwargs=meeting, methods=("POST",), data=lambda p: {"title": "x"}),
    "workspace:minutes_save": Expect(
        WRITE,
        kwargs=meeting,
        methods=("POST",),
        data=lambda p: {f"minutes-{_item(p)}-minutes": "x", f"minutes-{_item(p)}-original": ""},
    ),
    "workspace:decision_add": Expect(
        WRITE,
        kwargs={**meeting, "item_pk": _item},
        methods=("POST",),
        data=lambda p: {"description": "x", "owner_organisation": p.alpha.pk},
    ),
    "workspace:plan": Expect(READ, kwargs=collaboration),
    "workspace:plan_goal_add": Expect(
        WRITE, kwargs=collaboration, methods=("POST",), data=lambda p: {"year": 2026, "title": "x"}
    ),
    "workspace:plan_action_add": Expect(
        WRITE,
        kwargs=collaboration,
        methods=("POST",),
        data=lambda p: {"description": "x", "owner_organisation": p.alpha.pk},
    ),
    "workspace:plan_action_status": Expect(
        WRITE, kwargs={**collaboration, "action_pk": _action}, methods=("POST",), data=lambda p: {"status": "done"}
    ),
    "workspace:radar": Expect(READ, kwargs=collaboration),
    "workspace:exit": Expect(READ, kwargs=collaboration),
    "workspace:exit_start": Expect(LEAD, kwargs=collaboration, methods=("POST",), data=lambda p: {"reason": "x"}),
    "workspace:exit_check": Expect(
        WRITE, kwargs={**collaboration, "index": lambda p: 0}, methods=("POST",), data=lambda p: {"done": "1"}
    ),
    "workspace:exit_division": Expect(
        LEAD, kwargs=collaboration, methods=("POST",), data=lambda p: {"results_division": "x"}
    ),
    "workspace:exit_archive": Expect(LEAD, kwargs=collaboration, methods=("POST",), data=lambda p: {}),
    # Observers read along but the full export is for participants (403); the matrix checks that too.
    "workspace:export_zip": Expect(WRITE, kwargs=collaboration, allowed_statuses=(303,)),  # made in the background
    # The JSON API (workspace/api.py): the same access as the pages; anonymous callers get 401.
    "api:workspace_plan": Expect(READ, kwargs=collaboration),
    "api:workspace_meetings": Expect(READ, kwargs=collaboration),
    "api:workspace_meeting": Expect(READ, kwargs=meeting),
    "api:workspace_radar": Expect(READ, kwargs=collaboration),
    "api:workspace_agenda_proposal": Expect(WRITE, kwargs=meeting, methods=("POST",), data=lambda p: {"title": "x"}),
    "workspace:flag_discussed": Expect(
        WRITE, kwargs=collaboration, methods=("POST",), data=lambda p: {"key": "trust_low", "evidence_hash": "x"}
    ),
}
