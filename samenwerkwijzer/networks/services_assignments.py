"""Assignments and forming their team: bring in, offer days, propose, invite, answer, cancel.

Every service is keyword-only and atomic: a refusal raises ``ValidationError`` keyed by the form field
it is about (``needs`` for the required expertises, ``__all__`` for the page) and changes nothing.
Who may call them is decided before, by ``networks.access`` (the bringer's actions through
``get_assignment_for_access(access, pk, bringer=True)``, the answer through
``get_team_invitation_for_access``).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenwerkwijzer.lib.formatting import format_money
from samenwerkwijzer.lib.mail import absolute_url, render_plain, render_subject, send_after_commit
from samenwerkwijzer.organisations.models import Membership

from . import candidates as team_candidates
from . import rules
from .access import NetworkAccess
from .models import Assignment, AssignmentNeed, Expertise, NetworkMember, Offer, TeamInvitation, TeamRole
from .reasons import reason_facts, reason_text
from .solver import INFEASIBLE, Candidate, Proposal, best_replacements, propose_team

OPEN_STATUSES = (Assignment.Status.DRAFT, Assignment.Status.FORMING, Assignment.Status.TEAM_COMPLETE)
ON_TEAM = (TeamInvitation.Status.INVITED, TeamInvitation.Status.ACCEPTED)
FIELDS = (
    "title",
    "client",
    "description",
    "starts_on",
    "ends_on",
    "location_pc4",
    "budget",
    "max_km",
    "max_people",
    "include_bringer",
    "objective",
)


# --- Reading ---------------------------------------------------------------------------------------


def working_days(starts_on: date, ends_on: date) -> int:
    """Monday to Friday from ``starts_on`` up to and including ``ends_on``."""
    return len(rules.working_days(starts_on, ends_on))


def open_needs(assignment: Assignment) -> dict[int, int]:
    """Need id → person-days not yet covered by invited or accepted members."""
    filled: dict[int, int] = defaultdict(int)
    for role in TeamRole.objects.filter(invitation__assignment=assignment, invitation__status__in=ON_TEAM):
        filled[role.need_id] += role.days
    return {need.pk: need.days - filled[need.pk] for need in assignment.needs.all() if need.days - filled[need.pk] > 0}


def _is_complete(assignment: Assignment) -> bool:
    filled: dict[int, int] = defaultdict(int)
    accepted = TeamRole.objects.filter(
        invitation__assignment=assignment, invitation__status=TeamInvitation.Status.ACCEPTED
    )
    for role in accepted:
        filled[role.need_id] += role.days
    return all(filled[need.pk] >= need.days for need in assignment.needs.all())


# --- Checking what is brought in ---------------------------------------------------------------------


def _check(*, access: NetworkAccess, bringer: NetworkMember, data: dict, needs: list[tuple[Expertise, int]]) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    today = timezone.localdate()
    if data["starts_on"] < today:
        errors["starts_on"].append(_("The period cannot start in the past: choose today or a later day."))
    if data["ends_on"] < data["starts_on"]:
        errors["ends_on"].append(_("The end cannot be before the start."))
    if not needs:
        errors["needs"].append(_("Fill in the person-days for at least one expertise."))
    if any(expertise.network_id != access.network.pk or days < 1 for expertise, days in needs):
        errors["needs"].append(_("Choose expertises from the network's own list, each with at least one day."))
    expertise_ids = {expertise.pk for expertise, _days in needs}
    if data["include_bringer"] and needs and not (set(bringer.expertises.values_list("pk", flat=True)) & expertise_ids):
        errors["include_bringer"].append(
            _("You have none of the expertises this assignment needs, so you cannot take part in its team.")
        )
    if data["max_people"] is not None:
        required = 1 if data["include_bringer"] else 0
        if data["max_people"] < max(required, 1):
            errors["max_people"].append(_("A team has at least one person."))
    if data["max_km"] is not None and not data["location_pc4"]:
        errors["max_km"].append(_("A maximum distance needs the postcode area of the work."))
    if data["budget"] is not None and needs and not errors:
        cheapest = _cheapest_team_cost(access=access, needs=needs)
        if cheapest is not None and data["budget"] < cheapest:
            errors["budget"].append(
                _("Even the lowest day rates in the network make these days cost at least %(amount)s.")
                % {"amount": format_money(cheapest)}
            )
    if errors:
        raise ValidationError(dict(errors))


def _cheapest_team_cost(*, access: NetworkAccess, needs: list[tuple[Expertise, int]]) -> Decimal | None:
    """A lower bound: every day at the lowest known day rate among active members with the expertise
    (None when a needed expertise has nobody with a known rate)."""
    total = Decimal(0)
    for expertise, days in needs:
        rates = NetworkMember.objects.filter(
            network=access.network, left_at__isnull=True, expertises=expertise, day_rate__isnull=False
        ).values_list("day_rate", flat=True)
        lowest = min(rates, default=None)
        if lowest is None:
            return None
        total += lowest * days
    return total


def _save_needs(assignment: Assignment, needs: list[tuple[Expertise, int]]) -> None:
    assignment.needs.all().delete()
    AssignmentNeed.objects.bulk_create(
        AssignmentNeed(assignment=assignment, expertise=expertise, days=days) for expertise, days in needs
    )


# --- Bringing in and changing ---------------------------------------------------------------------------


@transaction.atomic
def assignment_create(*, access: NetworkAccess, data: dict, needs: list[tuple[Expertise, int]]) -> Assignment:
    _check(access=access, bringer=access.member, data=data, needs=needs)
    assignment = Assignment.objects.create(
        network=access.network,
        brought_in_by=access.member,
        created_by=access.user,
        **{name: data[name] for name in FIELDS},
    )
    _save_needs(assignment, needs)
    return assignment


@transaction.atomic
def assignment_update(
    *, access: NetworkAccess, assignment: Assignment, data: dict, needs: list[tuple[Expertise, int]]
) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != Assignment.Status.DRAFT:
        raise ValidationError(
            {
                "__all__": _(
                    "Members have been invited, so the assignment can no longer be changed. Cancel it and bring it in again."
                )
            }
        )
    _check(access=access, bringer=assignment.brought_in_by, data=data, needs=needs)
    # A proposal made for the old description no longer fits.
    assignment.team.all().delete()
    for name in FIELDS:
        setattr(assignment, name, data[name])
    assignment.proposal = {}
    assignment.updated_at = timezone.now()
    assignment.save()
    _save_needs(assignment, needs)
    return assignment


@transaction.atomic
def assignment_cancel(*, access: NetworkAccess, assignment: Assignment) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status not in OPEN_STATUSES:
        raise ValidationError({"__all__": _("This assignment can no longer be cancelled.")})
    assignment.team.filter(status__in=(*ON_TEAM, TeamInvitation.Status.PROPOSED)).update(
        status=TeamInvitation.Status.WITHDRAWN
    )
    assignment.status = Assignment.Status.CANCELLED
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["status", "updated_at"])
    return assignment


@transaction.atomic
def offer_save(*, access: NetworkAccess, assignment: Assignment, days: int) -> Offer:
    if assignment.status not in (Assignment.Status.DRAFT, Assignment.Status.FORMING):
        raise ValidationError({"days": _("The team for this assignment is no longer being formed.")})
    most = working_days(assignment.starts_on, assignment.ends_on)
    if days > most:
        raise ValidationError(
            {
                "days": ngettext(
                    "The period has only %(n)s working day.", "The period has only %(n)s working days.", most
                )
                % {"n": most}
            }
        )
    offer, _created = Offer.objects.update_or_create(
        assignment=assignment, member=access.member, defaults={"days": days, "created_at": timezone.now()}
    )
    return offer


# --- Proposing -----------------------------------------------------------------------------------------


def _solve(assignment: Assignment):
    """The solver's input as ``candidates`` builds it (accepted and still-invited roles kept), solved once."""
    needs = team_candidates.needs_for(assignment)
    found = team_candidates.candidates_for(assignment)
    wishes = team_candidates.wishes_for(assignment)
    limit = settings.NETWORK_SOLVER_TIME_LIMIT
    proposal = propose_team(needs, list(found.values()), wishes, time_limit=limit)
    replacements = (
        {}
        if proposal.status == INFEASIBLE
        else best_replacements(needs, list(found.values()), wishes, proposal, time_limit=limit)
    )
    return proposal, found, replacements


def _proposal_data(assignment: Assignment, proposal: Proposal, found: dict, replacements: dict, number: int) -> dict:
    needs = {need.expertise_id: need for need in assignment.needs.select_related("expertise")}
    names = {expertise_id: need.expertise.name for expertise_id, need in needs.items()}
    members = {m.pk: m for m in NetworkMember.objects.select_related("organisation").filter(pk__in=proposal.member_ids)}
    data = {
        "number": number,
        "status": proposal.status,
        "made_at": timezone.now().isoformat(),
        "people": proposal.people,
        "cost": None if proposal.cost is None else str(proposal.cost),
        "total_km": proposal.total_km,
        "missing": [{"expertise_id": e, "name": names.get(e, "")} for e in proposal.missing],
        "shortfall": [
            {"expertise_id": e, "name": names.get(e, ""), "days": d} for e, d in sorted(proposal.shortfall.items())
        ],
        "members": [],
    }
    if proposal.status == INFEASIBLE:
        return data
    kept = set(assignment.team.filter(status__in=ON_TEAM).values_list("member_id", flat=True))
    for member_id in proposal.member_ids:
        placements = [p for p in proposal.placements if p.member_id == member_id]
        replacement = replacements.get(member_id)
        if replacement is None or replacement.proposal.status == INFEASIBLE:
            instead = None
        else:
            newcomers = sorted(set(replacement.proposal.member_ids) - set(proposal.member_ids))
            others = {m.pk: m for m in NetworkMember.objects.select_related("organisation").filter(pk__in=newcomers)}
            instead = [
                {
                    "name": others[other_id].organisation.name,
                    "roles": [
                        {"expertise": names.get(p.expertise_id, ""), "days": p.days}
                        for p in replacement.proposal.placements
                        if p.member_id == other_id
                    ],
                }
                for other_id in newcomers
            ]
        data["members"].append(
            {
                "member_id": member_id,
                "name": members[member_id].organisation.name,
                "roles": [{"expertise": names.get(p.expertise_id, ""), "days": p.days} for p in placements],
                "kept": member_id in kept,
                "facts": reason_facts(
                    # A kept member whose profile changed since is no candidate any more: still explained.
                    found.get(member_id) or Candidate(member_id=member_id, expertise_ids=frozenset(), capacity_days=0),
                    expertise_names=[names.get(p.expertise_id, "") for p in placements],
                    candidates=found,
                    objective=assignment.objective,
                    is_bringer=member_id == assignment.brought_in_by_id,
                ),
                "replacement": instead,
            }
        )
    return data


def _propose(assignment: Assignment) -> dict:
    """Make and store a new proposal for the open roles (callers hold the assignment's lock)."""
    assignment.team.filter(status=TeamInvitation.Status.PROPOSED).delete()
    proposal, found, replacements = _solve(assignment)
    number = assignment.proposal_number + 1
    data = _proposal_data(assignment, proposal, found, replacements, number)
    if proposal.status != INFEASIBLE:
        needs = {need.expertise_id: need for need in assignment.needs.all()}
        taken: dict[tuple[int, int], int] = defaultdict(int)  # what the team already holds
        for role in TeamRole.objects.filter(
            invitation__assignment=assignment, invitation__status__in=ON_TEAM
        ).select_related("invitation", "need"):
            taken[(role.invitation.member_id, role.need.expertise_id)] += role.days
        facts = {entry["member_id"]: entry["facts"] for entry in data["members"]}
        new_roles: dict[int, list[tuple[AssignmentNeed, int]]] = defaultdict(list)
        for placement in proposal.placements:
            key = (placement.member_id, placement.expertise_id)
            extra = placement.days - taken[key]
            taken[key] = max(taken[key] - placement.days, 0)
            if extra > 0:
                new_roles[placement.member_id].append((needs[placement.expertise_id], extra))
        for member_id, roles in new_roles.items():
            invitation = TeamInvitation.objects.create(
                assignment=assignment,
                member_id=member_id,
                status=TeamInvitation.Status.PROPOSED,
                proposal_number=number,
                reason=reason_text(facts[member_id])[:500],
            )
            TeamRole.objects.bulk_create(TeamRole(invitation=invitation, need=need, days=days) for need, days in roles)
    assignment.proposal = data
    assignment.proposal_number = number
    assignment.updated_at = timezone.now()
    if assignment.status == Assignment.Status.TEAM_COMPLETE:
        assignment.status = Assignment.Status.FORMING
    assignment.save(update_fields=["proposal", "proposal_number", "updated_at", "status"])
    return data


@transaction.atomic
def assignment_propose(*, access: NetworkAccess, assignment: Assignment) -> dict:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status not in OPEN_STATUSES:
        raise ValidationError({"__all__": _("The team for this assignment is no longer being formed.")})
    if not open_needs(assignment):
        raise ValidationError({"__all__": _("Every role is filled: there is nothing left to propose.")})
    return _propose(assignment)


# --- Inviting and answering ----------------------------------------------------------------------------


def _mail_member(member: NetworkMember, template: str, context: dict) -> None:
    users = [m.user for m in Membership.objects.select_related("user").filter(organisation=member.organisation_id)]
    for user in users:
        if not user.is_active:
            continue
        with translation.override(user.language):
            subject = render_subject(f"{template}_subject.txt", context)
            body = render_plain(f"{template}_body.txt", context)
        send_after_commit(subject=subject, body=body, to=[user.email])


def _link(assignment: Assignment) -> str:
    return absolute_url(reverse("networks:assignment", args=[assignment.network_id, assignment.pk]))


@transaction.atomic
def team_invite(*, access: NetworkAccess, assignment: Assignment) -> int:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status not in OPEN_STATUSES:
        raise ValidationError({"__all__": _("The team for this assignment is no longer being formed.")})
    proposed = list(
        assignment.team.filter(status=TeamInvitation.Status.PROPOSED, proposal_number=assignment.proposal_number)
        .prefetch_related("roles__need__expertise")
        .order_by("pk")
    )
    if not proposed:
        raise ValidationError({"__all__": _("There is nobody to invite: make a proposal first.")})
    # Lock the members: a second bringer inviting the same member waits here and then sees our days.
    locked = {
        m.pk: m
        for m in NetworkMember.objects.select_for_update()
        .select_related("organisation")
        .filter(pk__in=[i.member_id for i in proposed])
    }
    short = []
    for invitation in proposed:
        member = locked[invitation.member_id]
        wanted = sum(role.days for role in invitation.roles.all())
        free = 0 if member.left_at else team_candidates.free_days(member, assignment)
        if wanted > free:
            short.append(member.organisation.name)
    if short:
        raise ValidationError(
            {
                "__all__": _(
                    "%(names)s no longer has the days for this team: another invitation got there first, or the "
                    "member left the network. Nobody has been invited; make a new proposal."
                )
                % {"names": get_text_list(short, _("and"))}
            }
        )
    now = timezone.now()
    for invitation in proposed:
        invitation.invited_at = now
        if invitation.member_id == access.member.pk:
            # The bringer placing themselves says yes by inviting: no mail to themselves.
            invitation.status = TeamInvitation.Status.ACCEPTED
            invitation.responded_at = now
            invitation.responded_by = access.user
            invitation.save(update_fields=["status", "invited_at", "responded_at", "responded_by"])
            continue
        invitation.status = TeamInvitation.Status.INVITED
        invitation.save(update_fields=["status", "invited_at"])
        _mail_member(
            locked[invitation.member_id],
            "networks/mail/team_invitation",
            {
                "assignment": assignment,
                "invitation": invitation,
                "roles": list(invitation.roles.all()),
                "link": _link(assignment),
            },
        )
    assignment.status = Assignment.Status.TEAM_COMPLETE if _is_complete(assignment) else Assignment.Status.FORMING
    assignment.updated_at = now
    assignment.save(update_fields=["status", "updated_at"])
    return len(proposed)


@transaction.atomic
def team_respond(*, access: NetworkAccess, invitation: TeamInvitation, accept: bool, note: str = "") -> TeamInvitation:
    invitation = (
        TeamInvitation.objects.select_for_update(of=("self",))
        .select_related("member__organisation")
        .get(pk=invitation.pk)
    )
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("brought_in_by__organisation")
        .get(pk=invitation.assignment_id)
    )
    if invitation.status != TeamInvitation.Status.INVITED or assignment.status not in OPEN_STATUSES:
        raise ValidationError({"answer": _("This invitation is no longer open: it has been answered or withdrawn.")})
    now = timezone.now()
    invitation.status = TeamInvitation.Status.ACCEPTED if accept else TeamInvitation.Status.DECLINED
    invitation.response_note = note.strip()[:500]
    invitation.responded_at = now
    invitation.responded_by = access.user
    invitation.save(update_fields=["status", "response_note", "responded_at", "responded_by"])
    context = {"assignment": assignment, "invitation": invitation, "link": _link(assignment)}
    if not accept:
        # At once a new proposal for the roles now open: the accepted and invited members kept.
        _propose(assignment)
        _mail_member(assignment.brought_in_by, "networks/mail/team_declined", context)
    elif _is_complete(assignment):
        assignment.status = Assignment.Status.TEAM_COMPLETE
        assignment.updated_at = now
        assignment.save(update_fields=["status", "updated_at"])
        _mail_member(assignment.brought_in_by, "networks/mail/team_complete", context)
    return invitation
