"""JSON API of the workspace (mounted at /api/v1/workspace): the work plan, meetings with their
agenda, minutes and decisions, agenda proposals, and the pitfall radar.

Every operation reads through the pages' own access helper (``collaboration_access``) and the
pages' own selectors (``plan.plan_overview``, ``selectors.decisions_by_agenda_item``,
``selectors.radar_overview``), so a caller gets exactly what the pages show them. Words shown on
the pages (a status, a state) come next to their keys as ``*_label``, in the caller's language.
"""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.integrations.api_support import (
    API_AUTH,
    ERRORS,
    WRITE_ERRORS,
    PageQuery,
    collaboration_access,
    page_of,
    paginate,
)
from samenwerkwijzer.integrations.exports import register_section

from . import plan as plan_services
from . import selectors, services
from .access import get_meeting_for_access
from .models import AgendaItem, Meeting
from .radar import rules

router = Router(tags=["workspace"])

COLLABORATION = "/collaborations/{int:pk}"


# --- Schemas ------------------------------------------------------------------------------------


class OrganisationRefOut(Schema):
    id: int = Field(description="The organisation's id")
    name: str = Field(description="The organisation's name")


class ActionItemOut(Schema):
    id: int = Field(description="The action item's id")
    description: str = Field(description="What needs to happen")
    owner_organisation: OrganisationRefOut = Field(description="The organisation that takes care of it")
    owner_person: str | None = Field(description="The person of that organisation who takes it on, if any")
    due_date: date | None = Field(description="When it must be done")
    status: Literal["open", "done"] = Field(description="open or done")
    status_label: str = Field(description="The status in words, as the page shows it")
    overdue: bool = Field(description="Open and past its due date (marked 'overdue' on the page)")
    source: str = Field(description="Where it came from, e.g. 'meeting:12:34'; empty when added by hand")
    work_goal_id: int | None = Field(description="The goal of the work plan it serves, if any")


class WorkGoalOut(Schema):
    id: int = Field(description="The goal's id")
    year: int = Field(description="The year of the work plan")
    title: str = Field(description="The goal")
    agreement_goal: str = Field(description="The goal of the agreement it serves; empty if none")
    action_items: list[ActionItemOut] = Field(description="The action items that serve this goal (after the filter)")


class WorkPlanOut(Schema):
    year: int = Field(description="The year shown")
    years: list[int] = Field(description="The years the page offers to choose from")
    filter: Literal["all", "mine", "organisation", "overdue"] = Field(description="The filter applied")
    filter_label: str = Field(description="The filter in words, as the page shows it")
    goals: list[WorkGoalOut] = Field(description="The goals of this year, each with its action items")
    other_action_items: list[ActionItemOut] = Field(description="Action items that serve no goal")
    agreement_goals: list[str] = Field(description="The goals of the current agreement, if there is one")


class PlanQuery(Schema):
    year: int | None = Field(None, ge=1, le=9999, description="The year of the work plan (default: this year)")
    filter: Literal["all", "mine", "organisation", "overdue"] = Field(
        "all",
        description="all; mine (owned by the caller); organisation (owned by the caller's organisation); overdue",
    )


class MeetingOut(Schema):
    id: int = Field(description="The meeting's id")
    title: str = Field(description="The meeting's title")
    starts_at: datetime = Field(description="When it starts")
    ends_at: datetime = Field(description="When it ends")
    duration_minutes: int = Field(description="How long it lasts, in minutes")
    location: str = Field(description="Where it takes place; empty if online only")
    online_link: str = Field(description="The link for joining online; empty if none")
    state: Literal["upcoming", "past"] = Field(description="upcoming, or past once it has started")
    state_label: str = Field(description="The state in words, as the meetings page shows it")


class DecisionOut(Schema):
    id: int = Field(description="The action item the decision became")
    description: str = Field(description="What was decided")
    owner_organisation: OrganisationRefOut = Field(description="The organisation that takes care of it")
    due_date: date | None = Field(description="When it must be done")
    status: Literal["open", "done"] = Field(description="open or done")
    status_label: str = Field(description="The status in words")


class AgendaItemOut(Schema):
    id: int = Field(description="The agenda item's id")
    position: int = Field(description="Its place on the agenda")
    kind: Literal["divergence", "action", "free"] = Field(
        description="divergence (a difference from a round), action (an open or overdue action item) or free"
    )
    kind_label: str = Field(description="The kind in words, as the meeting page shows it")
    title: str = Field(description="The subject")
    minutes: str = Field(description="The minutes written for this subject; empty if none yet")
    decisions: list[DecisionOut] = Field(description="The decisions taken on this subject")


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut] = Field(description="The agenda, in order, with minutes and decisions")


class MeetingQuery(Schema):
    when: Literal["all", "upcoming", "past"] = Field(
        "all", description="upcoming (soonest first), past (latest first) or all (upcoming, then past)"
    )


class AgendaProposalIn(Schema):
    title: str = Field(max_length=300, description="The subject to put on the agenda")


class FlagOut(Schema):
    key: str = Field(description="The pitfall's key")
    category: str = Field(description="The group of the guide it belongs to")
    category_title: str = Field(description="The group in words")
    title: str = Field(description="The pitfall")
    status: Literal["signal", "no_signal", "no_data", "not_derivable"] = Field(
        description="signal (the data shows it), no_signal, no_data (nothing to read yet) or not_derivable "
        "(no data can show it: discuss it)"
    )
    status_label: str = Field(description="The status in words, as the radar page shows it")
    evidence: list[str] = Field(description="What the radar sees (signal only)")
    next_step: str = Field(description="The suggested next step (signal only)")
    question: str = Field(description="A question to discuss (not_derivable only)")
    context: list[str] = Field(description="What the data does show, without proving the pitfall")
    missing: list[str] = Field(description="The data the radar does not have yet")
    thresholds: list[str] = Field(description="How the radar looks, in words")
    evidence_hash: str = Field(description="Identifies the evidence; a discussed signal returns when it changes")
    discussed: bool = Field(description="The partners marked this signal as discussed (for this evidence)")
    discussed_at: datetime | None = Field(description="When it was marked as discussed")
    discussed_note: str = Field(description="What was agreed when it was discussed")


class RadarOut(Schema):
    rhythm: str = Field(description="The evaluation rhythm, in words")
    rhythm_source: Literal["signed", "draft"] | None = Field(
        description="Where the rhythm comes from: the signed agreement, a draft, or none (the default)"
    )
    flags: list[FlagOut] = Field(description="The twelve pitfalls of the guide, in the page's order")


# --- Serialisation (the pages' own reads, turned into the schemas' dicts) -------------------------


def _organisation(organisation) -> dict:
    return {"id": organisation.pk, "name": organisation.name}


def _action_out(action: ActionItem, overdue_ids: set[int]) -> dict:
    return {
        "id": action.pk,
        "description": action.description,
        "owner_organisation": _organisation(action.owner_organisation),
        "owner_person": action.owner_person.display_name if action.owner_person else None,
        "due_date": action.due_date,
        "status": action.status,
        "status_label": action.get_status_display(),
        "overdue": action.pk in overdue_ids,
        "source": action.source,
        "work_goal_id": action.work_goal_id,
    }


FILTER_LABELS = {
    "all": gettext_lazy("All"),
    "mine": gettext_lazy("Mine"),
    "organisation": gettext_lazy("My organisation"),
    "overdue": gettext_lazy("Overdue"),
}


def work_plan_out(access, *, year: int | None = None, filter_: str = "all") -> dict:
    overview = plan_services.plan_overview(access, year=year or timezone.localdate().year, filter_=filter_)
    overdue = overview["overdue_ids"]
    return {
        "year": overview["year"],
        "years": overview["years"],
        "filter": overview["filter"],
        "filter_label": str(FILTER_LABELS[overview["filter"]]),
        "goals": [
            {
                "id": goal.pk,
                "year": goal.year,
                "title": goal.title,
                "agreement_goal": goal.agreement_goal,
                "action_items": [_action_out(a, overdue) for a in actions],
            }
            for goal, actions in overview["goals"]
        ],
        "other_action_items": [_action_out(a, overdue) for a in overview["other_actions"]],
        "agreement_goals": overview["agreement_goals"],
    }


def meeting_out(meeting: Meeting, now: datetime | None = None) -> dict:
    past = meeting.is_past(now)
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "online_link": meeting.online_link,
        "state": "past" if past else "upcoming",
        "state_label": _("Past") if past else _("Upcoming"),
    }


def _decision_out(action: ActionItem) -> dict:
    return {
        "id": action.pk,
        "description": action.description,
        "owner_organisation": _organisation(action.owner_organisation),
        "due_date": action.due_date,
        "status": action.status,
        "status_label": action.get_status_display(),
    }


def agenda_item_out(item: AgendaItem, decisions: list[ActionItem] = ()) -> dict:
    return {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "title": item.title,
        "minutes": item.minutes,
        "decisions": [_decision_out(action) for action in decisions],
    }


def meeting_detail_out(meeting: Meeting) -> dict:
    decisions = selectors.decisions_by_agenda_item(meeting)
    return {
        **meeting_out(meeting),
        "agenda": [agenda_item_out(item, decisions.get(item.pk, [])) for item in meeting.agenda_items.all()],
    }


def meetings_for(access, when: str = "all", now: datetime | None = None) -> list[Meeting]:
    """As the meetings page lists them: upcoming soonest first, then past latest first."""
    now = now or timezone.now()
    meetings = list(access.collaboration.meetings.all())
    upcoming = [m for m in meetings if not m.is_past(now)] if when in ("all", "upcoming") else []
    past = [m for m in reversed(meetings) if m.is_past(now)] if when in ("all", "past") else []
    return upcoming + past


STATUS_LABELS = {
    rules.SIGNAL: gettext_lazy("signal"),
    rules.NO_SIGNAL: gettext_lazy("no signal in the data"),
    rules.NO_DATA: gettext_lazy("no data yet"),
    rules.NOT_DERIVABLE: gettext_lazy("cannot be read from data: discuss it"),
}


def radar_out(access) -> dict:
    overview = selectors.radar_overview(access.collaboration)
    flags = []
    for group in overview.groups:
        for entry in group.entries:
            pitfall, review = entry.flag, entry.review
            flags.append(
                {
                    "key": pitfall.key,
                    "category": pitfall.category,
                    "category_title": group.title,
                    "title": str(pitfall.title),
                    "status": pitfall.status,
                    "status_label": str(STATUS_LABELS[pitfall.status]),
                    "evidence": [str(line) for line in pitfall.evidence],
                    "next_step": str(pitfall.next_step),
                    "question": str(pitfall.question),
                    "context": [str(line) for line in pitfall.context],
                    "missing": [str(line) for line in pitfall.missing],
                    "thresholds": [str(line) for line in pitfall.thresholds],
                    "evidence_hash": entry.evidence_hash,
                    "discussed": review is not None,
                    "discussed_at": review.discussed_at if review else None,
                    "discussed_note": review.note if review else "",
                }
            )
    return {"rhythm": str(overview.rhythm), "rhythm_source": overview.evaluation.source, "flags": flags}


# --- Operations -----------------------------------------------------------------------------------


@router.get(COLLABORATION + "/plan", response={200: WorkPlanOut, **ERRORS}, auth=API_AUTH, url_name="workspace_plan")
def work_plan(request, pk: int, query: Query[PlanQuery]):
    """The work plan of one year, as the work-plan page shows it: the goals with their action items."""
    access = collaboration_access(request, pk)
    return work_plan_out(access, year=query.year, filter_=query.filter)


@router.get(
    COLLABORATION + "/meetings",
    response={200: page_of(MeetingOut), **ERRORS},
    auth=API_AUTH,
    url_name="workspace_meetings",
)
def meetings(request, pk: int, page: Query[PageQuery], query: Query[MeetingQuery]):
    """The meetings, as the meetings page lists them: upcoming first (soonest first), then past."""
    access = collaboration_access(request, pk)
    now = timezone.now()
    return paginate(meetings_for(access, query.when, now), page, serialise=lambda m: meeting_out(m, now))


@router.get(
    COLLABORATION + "/meetings/{int:meeting_pk}",
    response={200: MeetingDetailOut, **ERRORS},
    auth=API_AUTH,
    url_name="workspace_meeting",
)
def meeting(request, pk: int, meeting_pk: int):
    """One meeting with its agenda, the minutes per subject and the decisions taken."""
    access = collaboration_access(request, pk)
    return meeting_detail_out(get_meeting_for_access(access, meeting_pk))


def _agenda_proposal_body(request) -> AgendaProposalIn:
    """The JSON body, read after the access check: an outsider learns nothing from a 422."""
    try:
        return AgendaProposalIn.model_validate_json(request.body or b"{}")
    except PydanticValidationError as error:
        raise NinjaValidationError(
            [
                {"type": e["type"], "loc": ("body", "body", *e["loc"]), "msg": e["msg"]}
                for e in error.errors(include_url=False)
            ]
        ) from None


@router.post(
    COLLABORATION + "/meetings/{int:meeting_pk}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    auth=API_AUTH,
    url_name="workspace_agenda_proposal",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": AgendaProposalIn.model_json_schema()}},
        }
    },
)
def agenda_proposal_add(request, pk: int, meeting_pk: int):
    """Propose a subject for a meeting's agenda, as the meeting page's "Add to the agenda" does.

    Body: ``{"title": "..."}``. Needs a write token (it acts for its organisation) of a participant;
    observers, read tokens and archived collaborations get 403, outsiders 404 (whatever the body)."""
    access = collaboration_access(request, pk, write=True)
    meeting_ = get_meeting_for_access(access, meeting_pk)
    body = _agenda_proposal_body(request)
    item = services.agenda_item_add(access=access, meeting=meeting_, title=body.title)
    return Status(201, agenda_item_out(item))


@router.get(COLLABORATION + "/radar", response={200: RadarOut, **ERRORS}, auth=API_AUTH, url_name="workspace_radar")
def radar(request, pk: int):
    """The pitfall radar: the twelve pitfalls with their status, evidence and whether discussed."""
    access = collaboration_access(request, pk)
    return radar_out(access)


# --- Export sections (the API's own serialisation) ------------------------------------------------


def _export_work_plan(access) -> list:
    years = plan_services.plan_overview(access, year=timezone.localdate().year, filter_="all")["years"]
    return [WorkPlanOut.model_validate(work_plan_out(access, year=year)).model_dump(mode="json") for year in years]


def _export_meetings(access) -> list:
    return [
        MeetingDetailOut.model_validate(meeting_detail_out(m)).model_dump(mode="json") for m in meetings_for(access)
    ]


def _export_radar(access) -> dict:
    return RadarOut.model_validate(radar_out(access)).model_dump(mode="json")


register_section("work_plan", _export_work_plan)
register_section("meetings", _export_meetings)
register_section("radar", _export_radar)
