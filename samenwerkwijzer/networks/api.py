"""JSON API of the networks (mounted at /api/v1/networks): the caller's networks, a network with its
expertises, the members' profiles, the assignments with their needs, proposal and team, and the
evaluations after an assignment.

Every operation reads through the pages' own access helper (``networks.access``): outside the
network (or outside the token's organisation) 404, as the pages. A token limited to an organisation
sees only the networks where that organisation is an active member and acts for it; a token limited
to one collaboration sees no network (a network is not part of a collaboration). The evaluations
keep the pages' blind rule: before the reveal a caller sees only their own organisation's
evaluation; after it every submitted one. Words shown on the pages come next to their keys as
``*_label``, in the caller's language.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router

from samenwerkwijzer.integrations.api_support import API_AUTH, ERRORS, PageQuery, api_token, page_of, paginate
from samenwerkwijzer.organisations.access import current_organisation_id
from samenwerkwijzer.reference import catalog

from .access import NetworkAccess, get_assignment_for_access, get_network_for_user, networks_for_user
from .api_schemas import (
    AssignmentDetailOut,
    AssignmentOut,
    AssignmentQuery,
    EvaluationsOut,
    MemberOut,
    NetworkDetailOut,
    NetworkOut,
)
from .evaluation import STATEMENTS
from .models import (
    Assignment,
    AssignmentAgreement,
    Availability,
    Evaluation,
    Expertise,
    Network,
    NetworkMember,
    TeamInvitation,
)
from .track_record import track_record

router = Router(tags=["networks"])

NETWORK = "/{int:pk}"
ASSIGNMENT = NETWORK + "/assignments/{int:assignment_pk}"


# --- The caller's access ------------------------------------------------------------------------


def networks_for_caller(request) -> QuerySet[Network]:
    """The networks the caller may read: the person's, narrowed to the token's limits."""
    token = api_token(request)
    if token is not None and token.collaboration_id:
        return Network.objects.none()
    networks = networks_for_user(request.user)
    if token is not None and token.organisation_id:
        networks = networks.filter(members__organisation_id=token.organisation_id, members__left_at__isnull=True)
    return networks.distinct()


def network_access(request, network_pk) -> NetworkAccess:
    """The caller's access to one network, through the pages' own access helper (outsiders 404).

    A token acts for its organisation (404 when that organisation is not an active member); the
    browser session for the organisation chosen in the header, as the pages."""
    token = api_token(request)
    if token is not None and token.collaboration_id:
        raise Http404
    preferred = token.organisation_id if token is not None else current_organisation_id(request)
    access = get_network_for_user(request.user, network_pk, preferred_organisation_id=preferred)
    if token is not None and token.organisation_id and access.organisation.pk != token.organisation_id:
        raise Http404
    return access


# --- Serialisation (the pages' reads, turned into the schemas' dicts) -----------------------------


def _organisation(organisation) -> dict:
    return {"id": organisation.pk, "name": organisation.name}


def _member_ref(member: NetworkMember | None) -> dict | None:
    if member is None:
        return None
    return {"member_id": member.pk, "organisation": _organisation(member.organisation)}


def _active_count(network: Network) -> int:
    return NetworkMember.objects.filter(network=network, left_at__isnull=True).count()


def network_out(access: NetworkAccess) -> dict:
    return {
        "id": access.network.pk,
        "name": access.network.name,
        "description": access.network.description,
        "acting_for": _organisation(access.organisation),
        "role": access.member.role,
        "role_label": access.member.get_role_display(),
        "member_count": _active_count(access.network),
    }


def network_detail_out(access: NetworkAccess) -> dict:
    network = access.network
    expertises = Expertise.objects.filter(network=network).annotate(
        member_count=Count("members", filter=Q(members__left_at__isnull=True), distinct=True)
    )
    coordinators = NetworkMember.objects.filter(
        network=network, role=NetworkMember.Role.COORDINATOR, left_at__isnull=True
    ).select_related("organisation")
    return {
        **network_out(access),
        "coordinators": [_organisation(m.organisation) for m in coordinators],
        "expertises": [
            {"id": e.pk, "name": e.name, "description": e.description, "member_count": e.member_count}
            for e in expertises
        ],
    }


def members_for(access: NetworkAccess) -> QuerySet[NetworkMember]:
    today = timezone.localdate()
    return (
        NetworkMember.objects.filter(network=access.network, left_at__isnull=True)
        .select_related("organisation")
        .prefetch_related(
            "expertises",
            Prefetch("availability", queryset=Availability.objects.filter(ends_on__gte=today).order_by("starts_on")),
        )
        .order_by("organisation__name", "pk")
    )


def member_out(member: NetworkMember) -> dict:
    area = catalog.pc4_areas().get(member.home_pc4)
    record = track_record(member)
    return {
        "id": member.pk,
        "organisation": _organisation(member.organisation),
        "role": member.role,
        "role_label": member.get_role_display(),
        "expertises": [e.name for e in member.expertises.all()],
        "sbi_codes": list(member.sbi_codes),
        "day_rate": member.day_rate,
        "rate_band": member.rate_band,
        "rate_band_label": member.get_rate_band_display() if member.rate_band else "",
        "home_pc4": member.home_pc4,
        "home_place": area.place_name if area else "",
        "joined_at": member.joined_at,
        "availability": [
            {
                "kind": period.kind,
                "kind_label": period.get_kind_display(),
                "starts_on": period.starts_on,
                "ends_on": period.ends_on,
                "days_per_week": period.days_per_week,
                "note": period.note,
            }
            for period in member.availability.all()
        ],
        "track_record": {
            "assignments": record.assignments,
            "days": record.days,
            "evaluations": record.evaluations,
            "average_grade": record.average_grade,
            "since": record.since,
        },
    }


def assignments_for(access: NetworkAccess, status: str | None = None) -> QuerySet[Assignment]:
    assignments = Assignment.objects.filter(network=access.network).select_related("brought_in_by__organisation")
    if status:
        assignments = assignments.filter(status=status)
    return assignments.order_by("-starts_on", "-pk")


def assignment_out(assignment: Assignment) -> dict:
    return {
        "id": assignment.pk,
        "title": assignment.title,
        "client": assignment.client,
        "status": assignment.status,
        "status_label": assignment.get_status_display(),
        "brought_in_by": _member_ref(assignment.brought_in_by),
        "starts_on": assignment.starts_on,
        "ends_on": assignment.ends_on,
        "location_pc4": assignment.location_pc4,
        "budget": assignment.budget,
    }


def _sees_responses(access: NetworkAccess, assignment: Assignment) -> bool:
    return access.is_coordinator or assignment.brought_in_by_id == access.member.pk


def _agreement_out(assignment: Assignment) -> dict | None:
    agreement = (
        AssignmentAgreement.objects.filter(assignment=assignment)
        .select_related("lead_member__organisation", "client_contact__organisation")
        .first()
    )
    if agreement is None:
        return None
    approvals = agreement.approvals.filter(version=agreement.version).select_related("member__organisation")
    return {
        "lead_member": _member_ref(agreement.lead_member),
        "client_contact": _member_ref(agreement.client_contact),
        "income_split": agreement.income_split,
        "other_terms": agreement.other_terms,
        "terms": agreement.data,
        "version": agreement.version,
        "approvals": [
            {**_member_ref(a.member), "version": a.version, "approved_at": a.created_at}
            for a in approvals.order_by("created_at", "pk")
        ],
    }


def assignment_detail_out(access: NetworkAccess, assignment: Assignment) -> dict:
    sees_all = _sees_responses(access, assignment)
    team = (
        TeamInvitation.objects.filter(assignment=assignment)
        .select_related("member__organisation")
        .prefetch_related("roles__need__expertise")
        .order_by("member__organisation__name", "pk")
    )
    return {
        **assignment_out(assignment),
        "description": assignment.description,
        "objective": assignment.objective,
        "objective_label": assignment.get_objective_display(),
        "max_km": assignment.max_km,
        "max_people": assignment.max_people,
        "include_bringer": assignment.include_bringer,
        "needs": [
            {"id": need.pk, "expertise": need.expertise.name, "expertise_id": need.expertise_id, "days": need.days}
            for need in assignment.needs.select_related("expertise")
        ],
        "proposal_number": assignment.proposal_number,
        "proposal": assignment.proposal or {},
        "team": [
            {
                **_member_ref(invitation.member),
                "status": invitation.status,
                "status_label": invitation.get_status_display(),
                "proposal_number": invitation.proposal_number,
                "reason": invitation.reason,
                "roles": [
                    {"expertise": role.need.expertise.name, "days": role.days} for role in invitation.roles.all()
                ],
                "invited_at": invitation.invited_at,
                "responded_at": invitation.responded_at,
                "response_note": invitation.response_note
                if sees_all or invitation.member_id == access.member.pk
                else "",
            }
            for invitation in team
        ],
        "agreement": _agreement_out(assignment),
        "evaluation_revealed_at": assignment.evaluation_revealed_at,
        "collaboration_id": assignment.collaboration_id,
    }


def visible_evaluations(access: NetworkAccess, assignment: Assignment) -> QuerySet[Evaluation]:
    """The blind rule of the pages: before the reveal only the caller's own organisation's evaluation;
    after it every submitted one (and one's own draft)."""
    own = Q(member=access.member)
    shown = own | Q(submitted_at__isnull=False) if assignment.evaluation_revealed_at else own
    return (
        Evaluation.objects.filter(assignment=assignment)
        .filter(shown)
        .select_related("member__organisation")
        .order_by("member__organisation__name", "pk")
    )


def evaluations_out(access: NetworkAccess, assignment: Assignment) -> dict:
    return {
        "revealed": assignment.evaluation_revealed_at is not None,
        "revealed_at": assignment.evaluation_revealed_at,
        "statements": [{"key": s.key, "text": s.text} for s in STATEMENTS],
        "evaluations": [
            {
                **_member_ref(e.member),
                "answers": e.answers,
                "grade": e.grade,
                "remarks": e.remarks,
                "submitted_at": e.submitted_at,
            }
            for e in visible_evaluations(access, assignment)
        ],
    }


# --- Operations -----------------------------------------------------------------------------------


@router.get("", response={200: page_of(NetworkOut), **ERRORS}, auth=API_AUTH, url_name="networks")
def network_list(request, page: Query[PageQuery]):
    """The caller's networks (a token limited to an organisation: only where that organisation is a member)."""
    networks = networks_for_caller(request).order_by("name", "pk")
    return paginate(networks, page, serialise=lambda network: network_out(network_access(request, network.pk)))


@router.get(NETWORK, response={200: NetworkDetailOut, **ERRORS}, auth=API_AUTH, url_name="network")
def network_detail(request, pk: int):
    """One network with its coordinators and its list of expertises."""
    return network_detail_out(network_access(request, pk))


@router.get(
    NETWORK + "/members", response={200: page_of(MemberOut), **ERRORS}, auth=API_AUTH, url_name="network_members"
)
def member_list(request, pk: int, page: Query[PageQuery]):
    """The active members' profiles: expertises, day rate or rate band, home area, availability, track record."""
    access = network_access(request, pk)
    return paginate(members_for(access), page, serialise=member_out)


@router.get(
    NETWORK + "/assignments",
    response={200: page_of(AssignmentOut), **ERRORS},
    auth=API_AUTH,
    url_name="network_assignments",
)
def assignment_list(request, pk: int, page: Query[PageQuery], query: Query[AssignmentQuery]):
    """The network's assignments, latest start first, optionally of one status."""
    access = network_access(request, pk)
    return paginate(assignments_for(access, query.status), page, serialise=assignment_out)


@router.get(ASSIGNMENT, response={200: AssignmentDetailOut, **ERRORS}, auth=API_AUTH, url_name="network_assignment")
def assignment_detail(request, pk: int, assignment_pk: int):
    """One assignment: its needs, the current proposal, the team with each member's status, the agreement."""
    access = network_access(request, pk)
    return assignment_detail_out(access, get_assignment_for_access(access, assignment_pk))


@router.get(
    ASSIGNMENT + "/evaluations",
    response={200: EvaluationsOut, **ERRORS},
    auth=API_AUTH,
    url_name="network_assignment_evaluations",
)
def evaluation_list(request, pk: int, assignment_pk: int):
    """The evaluations after the assignment: blind until revealed (before: only your own organisation's)."""
    access = network_access(request, pk)
    return evaluations_out(access, get_assignment_for_access(access, assignment_pk))
