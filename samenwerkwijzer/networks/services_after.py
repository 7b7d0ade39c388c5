"""What follows a complete team: the light assignment agreement with an approval per member, marking
the work done, the blind evaluation and its reveal, and turning the team into a full collaboration.

Every write runs in one transaction on the locked assignment; rule violations raise ValidationError
keyed by form field, a member asking for someone else's action gets PermissionDenied.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AmbitionLevel, Collaboration, DurationKind, Invitation
from samenwerkwijzer.collaborations.services import collaboration_create, invitation_create
from samenwerkwijzer.lib.formatting import format_money
from samenwerkwijzer.organisations.models import Membership

from .access import NetworkAccess
from .evaluation import GRADE_MAX, GRADE_MIN, SCALE_MAX, SCALE_MIN, STATEMENTS
from .models import AgreementApproval, Assignment, AssignmentAgreement, Evaluation, NetworkMember, TeamInvitation

AGREEMENT_STATUSES = (Assignment.Status.TEAM_COMPLETE, Assignment.Status.AGREED)


def team_invitations(assignment: Assignment) -> list[TeamInvitation]:
    """The members who said yes, with their roles, by organisation name."""
    return list(
        assignment.team.filter(status=TeamInvitation.Status.ACCEPTED)
        .select_related("member__organisation", "responded_by")
        .prefetch_related("roles__need__expertise")
        .order_by("member__organisation__name", "pk")
    )


def team_members(assignment: Assignment) -> list[NetworkMember]:
    return [invitation.member for invitation in team_invitations(assignment)]


def agreement_terms(assignment: Assignment) -> list[dict]:
    """Who does what, from the accepted team: each member's roles, days and day rate."""
    terms = []
    for invitation in team_invitations(assignment):
        member = invitation.member
        roles = [{"expertise": role.need.expertise.name, "days": role.days} for role in invitation.roles.all()]
        rate = member.day_rate
        terms.append(
            {
                "member": member.pk,
                "organisation": member.organisation.name,
                "roles": roles,
                "days": sum(role["days"] for role in roles),
                "day_rate": format_money(rate) if rate is not None else member.get_rate_band_display(),
            }
        )
    return terms


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().get(pk=assignment.pk)


def is_bringer(access: NetworkAccess, assignment: Assignment) -> bool:
    return assignment.brought_in_by_id == access.member.pk or access.is_coordinator


def _require_team_member(access: NetworkAccess, assignment: Assignment) -> None:
    if access.member.pk not in {m.pk for m in team_members(assignment)}:
        raise PermissionDenied


@transaction.atomic
def agreement_save(
    *,
    access: NetworkAccess,
    assignment: Assignment,
    lead_member: NetworkMember | None,
    client_contact: NetworkMember | None,
    income_split: str,
    other_terms: str,
    base_version: int,
) -> AssignmentAgreement:
    """Save the agreement as a new version; every member is asked to approve it again. ``base_version``
    is the version the form started from (0 for a first one): a different current version is a
    conflict and nothing is overwritten."""
    assignment = _locked(assignment)
    if not is_bringer(access, assignment):
        raise PermissionDenied
    if assignment.status not in AGREEMENT_STATUSES:
        raise ValidationError({"__all__": _("The agreement can be made once the team is complete.")})
    members = {m.pk for m in team_members(assignment)}
    errors = {}
    if lead_member is None or lead_member.pk not in members:
        errors["lead_member"] = _("Choose the penvoerder from the team.")
    if client_contact is None or client_contact.pk not in members:
        errors["client_contact"] = _("Choose the contact for the client from the team.")
    if errors:
        raise ValidationError(errors)
    agreement = AssignmentAgreement.objects.filter(assignment=assignment).first()
    current = agreement.version if agreement else 0
    if current != base_version:
        raise ValidationError(
            {
                "version": ValidationError(
                    _("Someone saved a newer version (version %(version)s) while you were editing."),
                    code="conflict",
                    params={"version": current},
                )
            }
        )
    if agreement is None:
        agreement = AssignmentAgreement(assignment=assignment, version=1)
    else:
        agreement.version += 1
    agreement.lead_member = lead_member
    agreement.client_contact = client_contact
    agreement.income_split = income_split.strip()
    agreement.other_terms = other_terms.strip()
    agreement.data = {"team": agreement_terms(assignment)}
    agreement.updated_by = access.user
    agreement.updated_at = timezone.now()
    agreement.save()
    if assignment.status == Assignment.Status.AGREED:
        assignment.status = Assignment.Status.TEAM_COMPLETE
        assignment.updated_at = timezone.now()
        assignment.save(update_fields=["status", "updated_at"])
    return agreement


def approved_member_ids(agreement: AssignmentAgreement) -> set[int]:
    return set(agreement.approvals.filter(version=agreement.version).values_list("member_id", flat=True))


@transaction.atomic
def agreement_approve(*, access: NetworkAccess, assignment: Assignment, version: int) -> AgreementApproval:
    """The acting member approves the agreement's ``version`` for its organisation; when every team
    member has approved the current version the assignment is agreed."""
    assignment = _locked(assignment)
    _require_team_member(access, assignment)
    agreement = AssignmentAgreement.objects.filter(assignment=assignment).first()
    if agreement is None or assignment.status not in AGREEMENT_STATUSES:
        raise ValidationError({"version": _("There is no agreement to approve yet.")})
    if version != agreement.version:
        raise ValidationError(
            {"version": _("The agreement changed while you were reading it. Read the new version and approve that.")}
        )
    if access.member.pk in approved_member_ids(agreement):
        raise ValidationError({"version": _("You have already approved this version.")})
    approval = AgreementApproval.objects.create(
        agreement=agreement,
        member=access.member,
        version=agreement.version,
        user=access.user,
        user_name=access.user.display_name,
    )
    if {m.pk for m in team_members(assignment)} <= approved_member_ids(agreement):
        assignment.status = Assignment.Status.AGREED
        assignment.updated_at = timezone.now()
        assignment.save(update_fields=["status", "updated_at"])
    return approval


def can_mark_done(access: NetworkAccess, assignment: Assignment) -> bool:
    agreement = AssignmentAgreement.objects.filter(assignment=assignment).first()
    return is_bringer(access, assignment) or (agreement is not None and agreement.lead_member_id == access.member.pk)


@transaction.atomic
def assignment_mark_done(*, access: NetworkAccess, assignment: Assignment) -> Assignment:
    """The bringer or the penvoerder says the work is done: the evaluation opens."""
    assignment = _locked(assignment)
    if not can_mark_done(access, assignment):
        raise PermissionDenied
    if assignment.status != Assignment.Status.AGREED:
        raise ValidationError({"__all__": _("Only an assignment the team has agreed can be marked done.")})
    assignment.status = Assignment.Status.DONE
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["status", "updated_at"])
    return assignment


def is_revealed(assignment: Assignment) -> bool:
    return assignment.evaluation_revealed_at is not None


@transaction.atomic
def evaluation_save(
    *,
    access: NetworkAccess,
    assignment: Assignment,
    answers: dict,
    grade: int | None,
    remarks: str,
    submit: bool,
) -> Evaluation:
    """Save the acting member's evaluation; it may change until it is submitted. Submitting needs every
    statement and the grade. When the last team member submits, the evaluation is revealed."""
    assignment = _locked(assignment)
    _require_team_member(access, assignment)
    if assignment.status != Assignment.Status.DONE:
        raise ValidationError({"__all__": _("The evaluation opens once the work is marked done.")})
    evaluation, _created = Evaluation.objects.get_or_create(assignment=assignment, member=access.member)
    if evaluation.submitted_at is not None:
        raise ValidationError({"__all__": _("You have already submitted your evaluation.")})
    clean = {}
    errors = {}
    for statement in STATEMENTS:
        value = answers.get(statement.key)
        if value is None:
            if submit:
                errors[statement.key] = _("Choose how far this holds.")
        elif not SCALE_MIN <= value <= SCALE_MAX:
            errors[statement.key] = _("Choose a value from the scale.")
        else:
            clean[statement.key] = value
    if grade is None:
        if submit:
            errors["grade"] = _("Give a grade from 1 to 10.")
    elif not GRADE_MIN <= grade <= GRADE_MAX:
        errors["grade"] = _("Give a grade from 1 to 10.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    evaluation.answers = clean
    evaluation.grade = grade
    evaluation.remarks = remarks.strip()
    evaluation.updated_at = now
    if submit:
        evaluation.submitted_at = now
        evaluation.submitted_by = access.user
    evaluation.save()
    if submit and not is_revealed(assignment):
        team = {m.pk for m in team_members(assignment)}
        submitted = set(assignment.evaluations.filter(submitted_at__isnull=False).values_list("member_id", flat=True))
        if team <= submitted:
            assignment.evaluation_revealed_at = now
            assignment.save(update_fields=["evaluation_revealed_at"])
    return evaluation


@transaction.atomic
def evaluation_reveal(*, access: NetworkAccess, assignment: Assignment) -> Assignment:
    """The bringer lays the submitted evaluations side by side before every member has submitted;
    who did so is recorded. Evaluations not yet submitted stay hidden."""
    assignment = _locked(assignment)
    if not is_bringer(access, assignment):
        raise PermissionDenied
    if assignment.status != Assignment.Status.DONE or is_revealed(assignment):
        raise ValidationError({"__all__": _("There is no blind evaluation to reveal.")})
    if not assignment.evaluations.filter(submitted_at__isnull=False).exists():
        raise ValidationError({"__all__": _("Nobody has submitted an evaluation yet.")})
    assignment.evaluation_revealed_at = timezone.now()
    assignment.evaluation_revealed_by = access.user
    assignment.save(update_fields=["evaluation_revealed_at", "evaluation_revealed_by"])
    return assignment


@dataclass(frozen=True)
class CollaborationResult:
    collaboration: Collaboration
    invited: list[str]  # organisation names invited to take part
    unreachable: list[str]  # organisations with nobody to invite


@transaction.atomic
def assignment_to_collaboration(*, access: NetworkAccess, assignment: Assignment) -> CollaborationResult:
    """Turn the team into a full collaboration: the bringer's organisation leads it, and every other
    team organisation is invited to take part (the usual consent: it joins by accepting), at the
    address of the person who said yes to the team."""
    assignment = _locked(assignment)
    if assignment.brought_in_by_id != access.member.pk:
        raise PermissionDenied
    if assignment.collaboration_id is not None:
        raise ValidationError({"__all__": _("This team has already been turned into a collaboration.")})
    if assignment.status not in (Assignment.Status.AGREED, Assignment.Status.DONE):
        raise ValidationError({"__all__": _("Only a team that has agreed its agreement can become a collaboration.")})
    organisation = access.organisation
    purpose = assignment.description or _("Assignment for %(client)s, from the network %(network)s.") % {
        "client": assignment.client,
        "network": assignment.network.name,
    }
    collaboration = collaboration_create(
        user=access.user,
        organisation=organisation,
        name=assignment.title,
        purpose=purpose[:2000],
        ambition_level=AmbitionLevel.OPERATIONAL,
        duration_kind=DurationKind.STRUCTURAL,
        planned_end_date=None,
    )
    lead_access = get_collaboration_for_user(
        access.user, collaboration.pk, lead=True, preferred_organisation_id=organisation.pk
    )
    invited, unreachable = [], []
    for invitation in team_invitations(assignment):
        member = invitation.member
        if member.organisation_id == organisation.pk:
            continue
        user = invitation.responded_by
        if user is None or not Membership.objects.filter(user=user, organisation=member.organisation).exists():
            membership = (
                Membership.objects.filter(organisation=member.organisation)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            user = membership.user if membership else None
        if user is None or not user.email:
            unreachable.append(member.organisation.name)
            continue
        invitation_create(
            access=lead_access,
            email=user.email,
            kind=Invitation.Kind.PARTICIPANT,
            base_url=settings.SITE_URL,
            message=_("Our team for “%(title)s” becomes a collaboration.") % {"title": assignment.title},
        )
        invited.append(member.organisation.name)
    assignment.collaboration = collaboration
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["collaboration", "updated_at"])
    return CollaborationResult(collaboration, invited, unreachable)
