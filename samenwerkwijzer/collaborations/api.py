"""JSON API of collaborations (mounted at /api/v1/collaborations).

Every operation reads through ``integrations.api_support.collaboration_access`` (the pages' own
access helper plus the token's limits) and the pages' own selectors, so the API shows what the
dashboard, the participants page and the audit page show, to whom they show it: outsiders get 404,
explorers 403 (they see only their reduced dashboard).
"""

from datetime import date, datetime

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from samenwerkwijzer.integrations.api_support import (
    API_AUTH,
    ERRORS,
    PageQuery,
    api_token,
    collaboration_access,
    collaborations_for_caller,
    page_of,
    paginate,
)
from samenwerkwijzer.integrations.exports import register_section
from samenwerkwijzer.organisations.schemas import VerificationOut

from . import selectors
from .access import CollaborationAccess
from .models import AuditEvent, Collaboration, Participant

router = Router(tags=["collaborations"])

ROLE_RANK = {Participant.Role.LEAD: 0, Participant.Role.PARTNER: 1, Participant.Role.EXPLORER: 2}


class CollaborationOut(Schema):
    id: int
    name: str
    phase: str = Field(description="The current phase in plain words (in the language of the request)")
    phase_key: str = Field(description="The current phase: explore, find_partner, agreements, legal_form or execute")
    lead_organisation: str | None = Field(description="The name of the lead organisation")
    archived: bool = Field(description="True once the collaboration is archived (read-only)")
    role: str = Field(description="The caller's role: lead, partner, explorer or observer")


class CollaborationDetailOut(CollaborationOut):
    purpose: str
    ambition_level: str = Field(description="operational, tactical or strategic")
    ambition_level_label: str = Field(description="The ambition level in plain words")
    duration_kind: str = Field(description="project or structural")
    duration_kind_label: str = Field(description="Project or structural, in plain words")
    planned_end_date: date | None
    phase_set_by_hand: bool = Field(description="True when the lead set the current phase by hand")
    phase_reason: str = Field(description="Why the lead set the phase by hand; empty otherwise")
    participants: list[str] = Field(description="The participating organisations (without explorers), by name")
    waiting_on: list[str] = Field(description="The organisations that still have something to do in this phase")
    acting_organisation: str | None = Field(description="The organisation the caller acts for; null for an observer")


class SignatoryOut(Schema):
    name: str
    basis: str = Field(description="On what basis this person may sign, in plain words")


class ParticipantOut(Schema):
    id: int
    organisation: str = Field(description="The organisation's name")
    kvk_number: str = Field(description="Its KvK number; empty when it has none")
    role: str = Field(description="lead, partner or explorer")
    role_label: str = Field(description="The role in plain words")
    verification: VerificationOut
    authorised_signatories: list[SignatoryOut] = Field(description="Who may sign for the organisation")


class ObserverOut(Schema):
    id: int
    name: str = Field(description="The observer's name as the participants page shows it")


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor: str = Field(description="Who did it; 'Samenwerkwijzer' for the system itself")
    actor_organisation: str = Field(description="For which organisation; empty when none")
    action: str = Field(description="What happened, as a key (e.g. participant_joined)")
    action_label: str = Field(description="What happened, in plain words")
    subject: str = Field(description="About what or whom (an organisation, a person, a title); may be empty")
    role: str = Field(description="The new role, for a role change; else empty")
    round: int | None = Field(description="The round number, when it is about a round")
    version: int | None = Field(description="The version number, when it is about a document version")
    reason: str = Field(description="The reason given; may be empty")


# --- Serialisation (shared with the export) ---------------------------------


def _role(collaboration: Collaboration, roles: dict[int, str]) -> str:
    return roles.get(collaboration.pk, CollaborationAccess.OBSERVER)


def _lead_names(collaborations) -> dict[int, str]:
    rows = Participant.objects.filter(
        collaboration__in=[c.pk for c in collaborations], role=Participant.Role.LEAD
    ).values_list("collaboration_id", "organisation__name")
    return dict(rows)


def _collaboration_rows(collaborations: list[Collaboration], roles: dict[int, str]) -> list[dict]:
    states = selectors.phase_states(collaborations)
    leads = _lead_names(collaborations)
    return [
        {
            "id": c.pk,
            "name": c.name,
            "phase": str(states[c.pk].current.label),
            "phase_key": states[c.pk].current.value,
            "lead_organisation": leads.get(c.pk),
            "archived": c.is_archived,
            "role": _role(c, roles),
        }
        for c in collaborations
    ]


def collaboration_out(access: CollaborationAccess) -> dict:
    """The collaboration as its dashboard shows it to this caller."""
    collaboration = access.collaboration
    overview = selectors.dashboard_overview(access)
    state = overview["phase_state"]
    (row,) = _collaboration_rows([collaboration], {collaboration.pk: access.role})
    return {
        **row,
        "purpose": collaboration.purpose,
        "ambition_level": collaboration.ambition_level,
        "ambition_level_label": str(collaboration.get_ambition_level_display()),
        "duration_kind": collaboration.duration_kind,
        "duration_kind_label": str(collaboration.get_duration_kind_display()),
        "planned_end_date": collaboration.planned_end_date,
        "phase_set_by_hand": state.overridden,
        "phase_reason": state.reason if state.overridden else "",
        "participants": [p.organisation.name for p in overview["participants"]],
        "waiting_on": overview["waiting_on"],
        "acting_organisation": access.organisation.name if access.organisation else None,
    }


def participant_out(participant: Participant) -> dict:
    organisation = participant.organisation
    return {
        "id": participant.pk,
        "organisation": organisation.name,
        "kvk_number": organisation.kvk_number,
        "role": participant.role,
        "role_label": str(participant.get_role_display()),
        "verification": organisation.verification_dict(),
        "authorised_signatories": [
            {"name": m.user.display_name, "basis": str(m.get_signatory_basis_display())}
            for m in organisation.memberships.all()
            if m.is_authorised_signatory
        ],
    }


def observer_out(observer) -> dict:
    return {"id": observer.pk, "name": observer.user.display_name}


def audit_event_out(event: AuditEvent) -> dict:
    """One entry as the audit page shows it (the same details, nothing more)."""
    details = event.details or {}
    subject = (
        details.get("organisation_name")
        or details.get("name")
        or details.get("email")
        or details.get("title")
        or details.get("chosen_form")
        or ""
    )
    reason = details.get("reason") or (_(details["method_text"]) if details.get("method_text") else "")
    return {
        "id": event.pk,
        "created_at": event.created_at,
        "actor": event.actor_name or "Samenwerkwijzer",
        "actor_organisation": event.actor_organisation_name,
        "action": event.action,
        "action_label": str(event.action_label),
        "subject": str(subject),
        "role": str(details.get("role") or ""),
        "round": details.get("round") if isinstance(details.get("round"), int) else None,
        "version": details.get("version") if isinstance(details.get("version"), int) else None,
        "reason": str(reason),
    }


def _audit_events(access: CollaborationAccess):
    # The audit page's own query: newest first (the model's ordering).
    return AuditEvent.objects.filter(collaboration=access.collaboration)


# --- Operations ---------------------------------------------------------------


@router.get("", response={200: page_of(CollaborationOut), **ERRORS}, auth=API_AUTH, url_name="collaborations")
def collaboration_list(request, page: Query[PageQuery]):
    """The caller's collaborations (a token limited to one organisation or collaboration: only those)."""
    collaborations = collaborations_for_caller(request).order_by("name", "pk")
    result = paginate(collaborations, page)
    window = result["results"]
    participations = Participant.objects.filter(
        collaboration__in=[c.pk for c in window], organisation__memberships__user=request.user
    )
    token = api_token(request)
    if token is not None and token.organisation_id:
        participations = participations.filter(organisation_id=token.organisation_id)
    roles: dict[int, str] = {}
    ranked = participations.annotate(
        rank=Case(*[When(role=r, then=Value(n)) for r, n in ROLE_RANK.items()], output_field=IntegerField())
    ).order_by("-rank")
    for collaboration_id, role in ranked.values_list("collaboration_id", "role"):
        roles[collaboration_id] = role  # the best role wins (lead before partner before explorer)
    return {**result, "results": _collaboration_rows(window, roles)}


@router.get("/{int:pk}", response={200: CollaborationDetailOut, **ERRORS}, auth=API_AUTH, url_name="collaboration")
def collaboration_detail(request, pk: int):
    """One collaboration as its dashboard shows it: purpose, phase, participants, who is awaited."""
    return collaboration_out(collaboration_access(request, pk))


@router.get(
    "/{int:pk}/participants",
    response={200: page_of(ParticipantOut), **ERRORS},
    auth=API_AUTH,
    url_name="collaboration_participants",
)
def participant_list(request, pk: int, page: Query[PageQuery]):
    """The participating organisations with their role, verification and authorised signatories."""
    access = collaboration_access(request, pk)
    return paginate(selectors.participants_with_members(access.collaboration), page, serialise=participant_out)


@router.get(
    "/{int:pk}/observers",
    response={200: page_of(ObserverOut), **ERRORS},
    auth=API_AUTH,
    url_name="collaboration_observers",
)
def observer_list(request, pk: int, page: Query[PageQuery]):
    """The people who read along as observers, by name (as the participants page shows them)."""
    access = collaboration_access(request, pk)
    return paginate(selectors.observers_of(access.collaboration), page, serialise=observer_out)


@router.get(
    "/{int:pk}/audit-log",
    response={200: page_of(AuditEventOut), **ERRORS},
    auth=API_AUTH,
    url_name="collaboration_audit_log",
)
def audit_log(request, pk: int, page: Query[PageQuery]):
    """The audit log, newest first, as the collaboration's audit page shows it to every reader."""
    access = collaboration_access(request, pk)
    return paginate(_audit_events(access), page, serialise=audit_event_out)


# --- The collaboration export ------------------------------------------------

register_section("collaboration", collaboration_out)
register_section(
    "participants",
    lambda access: [participant_out(p) for p in selectors.participants_with_members(access.collaboration)],
)
register_section("observers", lambda access: [observer_out(o) for o in selectors.observers_of(access.collaboration)])
register_section("audit_log", lambda access: [audit_event_out(e) for e in _audit_events(access)])
