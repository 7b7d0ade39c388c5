"""Reads that span several models, for the dashboard and lists."""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib.request_memo import memo_per_id, request_memo
from samenwerkwijzer.organisations.models import Membership

from .access import CollaborationAccess
from .models import AuditEvent, Collaboration, Invitation, Observer, Participant, Phase
from .phases import PhaseFacts, PhaseState, derived_phase
from .signals import dashboard_panels_requested, explorer_panels_requested, phase_facts_requested


@dataclass(frozen=True)
class Capability:
    label: str
    # Where it lives; None means it is not built yet and is shown as "coming soon".
    url_name: str | None = None
    # Pages of a collaboration take its pk; public pages (e.g. the legal-form comparison) do not.
    per_collaboration: bool = True
    # Further URL arguments after the pk, e.g. which document and section.
    extra_args: tuple = ()
    # A page only those who write may open; those who only read get ``read_extra_args`` on the
    # read page ``read_url_name`` instead (no link to a refusal).
    read_url_name: str | None = None
    read_extra_args: tuple = ()

    def url(self, collaboration, *, can_write: bool = True) -> str | None:
        if self.url_name is None:
            return None
        url_name, extra_args = self.url_name, self.extra_args
        if self.read_url_name and not can_write:
            url_name, extra_args = self.read_url_name, self.read_extra_args
        args = [collaboration.pk, *extra_args] if self.per_collaboration else list(extra_args)
        return reverse(url_name, args=args)


def _edit(label, section) -> Capability:
    """A section of the agreement: its edit page for those who write, the document for readers."""
    return Capability(
        label,
        "agreements:edit",
        extra_args=("agreement", section),
        read_url_name="agreements:document",
        read_extra_args=("agreement",),
    )


# What each phase offers, in the guide's order.
PHASE_CAPABILITIES = {
    Phase.EXPLORE: [
        Capability(
            _("Self-check: motives, is collaboration the best option, ambition"), "instruments:self_check_shares"
        ),
        Capability(_("Demand and offer per category"), "instruments:self_check_shares"),
        Capability(_("Business Model Canvas of the collaboration"), "businessmodel:canvas"),
    ],
    Phase.FIND_PARTNER: [
        Capability(_("Invite partner organisations and observers"), "collaborations:participants"),
        Capability(_("Wanted-partner profile and partner search"), "directory:collaboration_search"),
        Capability(_("Match check and the ten basic questions"), "instruments:overview"),
        Capability(_("Reliability check in the Handelsregister"), "collaborations:participants"),
        Capability(_("Letter of intent"), "agreements:document", extra_args=("letter-of-intent",)),
    ],
    Phase.AGREEMENTS: [
        _edit(_("Joint SMART goals and planning"), "goals"),
        Capability(_("Joint business plan"), "businessmodel:plan"),
        _edit(_("Benefits and burdens"), "benefits"),
        _edit(_("Term and exit scenario"), "term"),
        Capability(
            _("Collaboration agreement: versions, approval and signing"),
            "agreements:document",
            extra_args=("agreement",),
        ),
    ],
    Phase.LEGAL_FORM: [
        Capability(_("Comparison of legal forms"), "legalforms:comparison", per_collaboration=False),
        Capability(_("Advice on the lightest legal form that fits"), "legalforms:collaboration"),
    ],
    Phase.EXECUTE: [
        Capability(_("Work plan with action items"), "workspace:plan"),
        Capability(_("Meetings with agendas and minutes"), "workspace:meetings"),
        Capability(_("Collaboration checker rounds"), "instruments:overview"),
        Capability(_("Pitfall radar"), "workspace:radar"),
        Capability(_("Governance type"), "instruments:overview"),
        Capability(_("Exit and archive"), "workspace:exit"),
    ],
}

PHASE_DESCRIPTIONS = {
    Phase.EXPLORE: _(
        "Get clear on why you want to work together, what you want to achieve and what you need and bring."
    ),
    Phase.FIND_PARTNER: _("Know what partner you are looking for, find and check them, and test whether you match."),
    Phase.AGREEMENTS: _("Put goals, contributions, benefits and burdens and the way out on paper, and sign."),
    Phase.LEGAL_FORM: _("Choose a form that fits: a plain agreement where possible, a legal entity where needed."),
    Phase.EXECUTE: _("Run the collaboration as a project, meet and evaluate regularly, and dare to stop."),
}


# Statuses of a phase's task per organisation, as the task-list component shows them.
DONE, TO_DO, CANNOT_START, WAITING = "done", "todo", "cannot", "waiting"
STATUS_LABELS = {
    DONE: _("done"),
    TO_DO: _("to do"),
    CANNOT_START: _("cannot start yet"),
    WAITING: _("waiting for this organisation"),
}


@dataclass
class PhaseTask:
    label: str
    done: bool
    status: str = TO_DO

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class OrganisationTodos:
    participant: Participant
    todos: list[PhaseTask] = field(default_factory=list)


@dataclass
class PhaseOverview:
    phase: Phase
    number: int
    description: str
    capabilities: list[tuple[str, str | None]]
    is_current: bool
    is_past: bool
    organisations: list[OrganisationTodos]


class CollaborationCounts(NamedTuple):
    participants: int  # every participating organisation, explorers too
    partners: int  # the lead and partners: an explorer is not (yet) a partner
    explorers: int
    invitation_sent: bool  # ever, accepted or not


def collaboration_counts(collaboration_ids) -> dict[int, CollaborationCounts]:
    """How many organisations take part in each collaboration and whether it ever invited someone. One
    query, read once per ``request_memo`` block: the to-dos, the phase facts and the domains share it."""

    def read(ids):
        rows = (
            Collaboration.objects.filter(pk__in=ids)
            .annotate(
                n=Count("participants", distinct=True),
                partners=Count("participants", filter=~Q(participants__role=Participant.Role.EXPLORER), distinct=True),
                explorers=Count("participants", filter=Q(participants__role=Participant.Role.EXPLORER), distinct=True),
                invitation_sent=Exists(Invitation.objects.filter(collaboration=OuterRef("pk"))),
            )
            .values_list("pk", "n", "partners", "explorers", "invitation_sent")
        )
        return {pk: CollaborationCounts(*values) for pk, *values in rows}

    return memo_per_id("collaborations.counts", collaboration_ids, read, lambda: CollaborationCounts(0, 0, 0, False))


def participants_with_members(collaboration):
    return (
        Participant.objects.filter(collaboration=collaboration)
        .select_related("organisation")
        .prefetch_related(Prefetch("organisation__memberships", queryset=Membership.objects.select_related("user")))
    )


def _todos_for(phase: Phase, participant: Participant, participant_count: int, has_signatory: bool) -> list[PhaseTask]:
    organisation = participant.organisation
    if phase == Phase.EXPLORE:
        return [PhaseTask(_("Describe the organisation in its profile"), bool(organisation.description.strip()))]
    if phase == Phase.FIND_PARTNER:
        todos = []
        if participant.is_lead:
            todos.append(PhaseTask(_("Invite at least one partner organisation"), participant_count > 1))
        todos.append(PhaseTask(_("Name an authorised signatory"), has_signatory))
        return todos
    return []


def _with_status(tasks: list[PhaseTask], *, own: bool, reached: bool) -> list[PhaseTask]:
    """Done; to do (the viewer's own organisation); waiting (another organisation's); or, in a phase
    not reached yet, cannot start yet."""
    for task in tasks:
        if task.done:
            task.status = DONE
        elif not reached:
            task.status = CANNOT_START
        else:
            task.status = TO_DO if own else WAITING
    return tasks


def phase_facts(collaborations) -> dict[int, PhaseFacts]:
    """The phase facts of each collaboration, in a fixed number of queries however many there are."""
    ids = [c.pk for c in collaborations]
    facts = {pk: {} for pk in ids}
    with request_memo():  # what these facts and the receivers' share is read once
        for pk, counts in collaboration_counts(ids).items():
            # An explorer is not (yet) a partner: it does not move the phase.
            facts[pk].update(participant_count=counts.partners, invitation_sent=counts.invitation_sent)
        for _receiver, response in phase_facts_requested.send(sender=Collaboration, collaboration_ids=ids):
            for pk, contributed in response.items():
                facts[pk].update(contributed)
    return {pk: PhaseFacts(**values) for pk, values in facts.items()}


def phase_states(collaborations) -> dict[int, PhaseState]:
    """Derived phase, hand-set phase and current phase of each collaboration."""
    collaborations = list(collaborations)
    facts = phase_facts(collaborations)
    return {
        c.pk: PhaseState(derived=derived_phase(facts[c.pk]), chosen=Phase(c.phase), reason=c.phase_reason)
        for c in collaborations
    }


def phase_state(collaboration) -> PhaseState:
    return phase_states([collaboration])[collaboration.pk]


def dashboard_overview(access: CollaborationAccess) -> dict:
    collaboration = access.collaboration
    signatory = Membership.objects.filter(organisation=OuterRef("organisation"), is_authorised_signatory=True)
    participants = list(
        Participant.objects.filter(collaboration=collaboration)
        .exclude(role=Participant.Role.EXPLORER)
        .select_related("organisation")
        .annotate(has_signatory=Exists(signatory))
    )
    phases = list(Phase)
    state = phase_state(collaboration)
    current_index = phases.index(state.current)
    can_write = access.can_write and not access.must_choose
    own_id = access.organisation.pk if access.organisation else None
    overview = []
    for index, phase in enumerate(phases):
        organisations = [
            OrganisationTodos(
                participant,
                _with_status(
                    _todos_for(phase, participant, len(participants), participant.has_signatory),
                    own=participant.organisation_id == own_id,
                    reached=index <= current_index,
                ),
            )
            for participant in participants
        ]
        overview.append(
            PhaseOverview(
                phase=phase,
                number=index + 1,
                description=PHASE_DESCRIPTIONS[phase],
                capabilities=[(c.label, c.url(collaboration, can_write=can_write)) for c in PHASE_CAPABILITIES[phase]],
                is_current=index == current_index,
                is_past=index < current_index,
                organisations=[o for o in organisations if o.todos],
            )
        )
    waiting_on = [
        entry.participant.organisation.name
        for entry in overview[current_index].organisations
        if any(task.status == WAITING for task in entry.todos)
    ]
    return {"phases": overview, "participants": participants, "phase_state": state, "waiting_on": waiting_on}


def dashboard_panels(access: CollaborationAccess) -> list[tuple[str, dict]]:
    """The domains' panels for the dashboard, as (template name, context) pairs; the foundation
    knows none of them (see ``signals.dashboard_panels_requested``)."""
    panels = []
    for _receiver, response in dashboard_panels_requested.send(sender=Collaboration, access=access):
        panels.extend(response)
    return panels


def collaboration_members(collaboration, *, organisation_ids=None, explorer_id=None):
    """The active people of the participating organisations (optionally only of some of them).

    Explorers hear nothing of the collaboration, except the one named by ``explorer_id`` (about
    its own match check)."""
    roles = [Participant.Role.LEAD, Participant.Role.PARTNER]
    taking_part = Q(
        memberships__organisation__participations__collaboration=collaboration,
        memberships__organisation__participations__role__in=roles,
    )
    if explorer_id is not None:
        taking_part |= Q(
            memberships__organisation__participations__collaboration=collaboration,
            memberships__organisation_id=explorer_id,
        )
    users = get_user_model().objects.filter(taking_part, is_active=True)
    if organisation_ids is not None:
        users = users.filter(memberships__organisation_id__in=organisation_ids)
    return users.distinct()


def explorer_overview(access: CollaborationAccess) -> dict:
    """What an explorer sees: the name and goal (on the page already), the lead's contact, what
    the lead chose to share, its own match check and how far the partners' decision is."""
    collaboration = access.collaboration
    participants = list(
        Participant.objects.filter(collaboration=collaboration)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    leads = [p for p in participants if p.is_lead]
    contacts = list(
        Membership.objects.filter(
            organisation__in=[p.organisation_id for p in leads], role=Membership.Role.ADMIN, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )
    deciders = [p for p in participants if not p.is_explorer]
    agreed = access.participant.explorer_decisions.filter(consent=True).count()
    return {
        "lead_organisations": [p.organisation for p in leads],
        "lead_contacts": contacts,
        "partner_names": [p.organisation.name for p in deciders] if access.explorer_sees("partners") else [],
        "phase_state": phase_state(collaboration) if access.explorer_sees("phase") else None,
        "decision_agreed": agreed,
        "decision_total": len(deciders),
    }


def explorer_panels(access: CollaborationAccess, explorer: Participant) -> list[tuple[str, dict]]:
    """The domains' panels about an explorer's own match check (``signals.explorer_panels_requested``)."""
    panels = []
    for _receiver, response in explorer_panels_requested.send(sender=Collaboration, access=access, explorer=explorer):
        panels.extend(response)
    return panels


def explorers_of(collaboration) -> list[Participant]:
    """The organisations exploring the collaboration, with the decisions on admitting them."""
    return list(
        Participant.objects.filter(collaboration=collaboration, role=Participant.Role.EXPLORER)
        .select_related("organisation")
        .prefetch_related("explorer_decisions__organisation")
    )


def open_invitations(collaboration):
    return Invitation.objects.filter(
        collaboration=collaboration,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def observers_of(collaboration):
    return Observer.objects.filter(collaboration=collaboration).select_related("user")


class AuditLine(NamedTuple):
    event: AuditEvent
    what: str  # e.g. "Added a partner: Bakkerij Jansen → partner (version 2)"
    reason: str
    method: str


def audit_lines(events) -> list[AuditLine]:
    """What each audit event says, in the reader's language, for the audit log page: the details
    an event carries (who or what it concerns, the role, round or version, a reason, how it was
    done) after the action. Built here rather than in the template, where every detail an event
    lacks costs a failed lookup."""
    lines = []
    for event in events:
        details = event.details if isinstance(event.details, dict) else {}
        what = capfirst(str(event.action_label))
        subject = (
            details.get("organisation_name")
            or (details.get("email") and (details.get("name") or details.get("email")))
            or details.get("title")
            or details.get("chosen_form")
        )
        if subject:
            what += f": {subject}"
        if details.get("role"):
            what += " → " + (gettext("lead") if details["role"] == "lead" else gettext("partner"))
        if details.get("round"):
            what += " (" + gettext("round %(number)s") % {"number": details["round"]} + ")"
        if details.get("version"):
            what += " (" + gettext("version %(number)s") % {"number": details["version"]} + ")"
        method = gettext(details["method_text"]) if details.get("method_text") else ""
        lines.append(AuditLine(event, what, str(details.get("reason") or ""), method))
    return lines
