"""The network itself: creating it, its expertise list, invitations, members' profiles, leaving.

Every service takes the caller's ``NetworkAccess`` (from ``access.py``) where a network exists
already, is keyword-only and atomic, and raises ``ValidationError`` keyed by the form field.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.lib.mail import absolute_url, render_plain, render_subject, send_after_commit
from samenwerkwijzer.lib.tokens import hash_token, new_token
from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.organisations.validators import validate_pc4

from .access import NetworkAccess
from .models import (
    Assignment,
    AssignmentNeed,
    Availability,
    Expertise,
    Network,
    NetworkInvitation,
    NetworkMember,
    RateBand,
    TeamInvitation,
)

OPEN_TEAM_STATUSES = (TeamInvitation.Status.PROPOSED, TeamInvitation.Status.INVITED, TeamInvitation.Status.ACCEPTED)
RUNNING_ASSIGNMENT_STATUSES = (
    Assignment.Status.DRAFT,
    Assignment.Status.FORMING,
    Assignment.Status.TEAM_COMPLETE,
    Assignment.Status.AGREED,
)


def _require_coordinator(access: NetworkAccess) -> None:
    if not access.is_coordinator:
        raise PermissionDenied


def _clean_name(name: str, field: str = "name") -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({field: _("Enter a name.")})
    return name


@transaction.atomic
def network_create(*, user, organisation: Organisation, name: str, description: str = "") -> Network:
    """Start a network; the user's organisation becomes its first member and coordinator."""
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"organisation": _("Choose one of your organisations.")})
    network = Network.objects.create(name=_clean_name(name), description=description.strip(), created_by=user)
    NetworkMember.objects.create(network=network, organisation=organisation, role=NetworkMember.Role.COORDINATOR)
    return network


@transaction.atomic
def network_update(*, access: NetworkAccess, name: str, description: str = "") -> Network:
    _require_coordinator(access)
    network = Network.objects.select_for_update().get(pk=access.network.pk)
    network.name = _clean_name(name)
    network.description = description.strip()
    network.save(update_fields=["name", "description"])
    return network


def _check_unique_expertise(network: Network, name: str, exclude_pk: int | None = None) -> None:
    others = Expertise.objects.filter(network=network, name__iexact=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError({"name": _("The network already has the expertise %(name)s.") % {"name": name}})


@transaction.atomic
def expertise_add(*, access: NetworkAccess, name: str, description: str = "") -> Expertise:
    _require_coordinator(access)
    name = _clean_name(name)
    _check_unique_expertise(access.network, name)
    return Expertise.objects.create(network=access.network, name=name, description=description.strip())


@transaction.atomic
def expertise_rename(*, access: NetworkAccess, expertise: Expertise, name: str, description: str = "") -> Expertise:
    _require_coordinator(access)
    name = _clean_name(name)
    _check_unique_expertise(access.network, name, exclude_pk=expertise.pk)
    expertise.name = name
    expertise.description = description.strip()
    expertise.save(update_fields=["name", "description"])
    return expertise


@transaction.atomic
def expertise_remove(*, access: NetworkAccess, expertise: Expertise) -> None:
    """Remove an expertise from the list; refused while an assignment needs it (its history stays)."""
    _require_coordinator(access)
    used = AssignmentNeed.objects.filter(expertise=expertise).select_related("assignment").first()
    if used is not None:
        raise ValidationError(
            {
                "__all__": _("%(name)s cannot be removed: the assignment %(assignment)s needs it. Rename it instead.")
                % {"name": expertise.name, "assignment": used.assignment.title}
            }
        )
    expertise.delete()


# Invitations ------------------------------------------------------------------------------------


def _active_member_for_email(network: Network, email: str) -> NetworkMember | None:
    return (
        NetworkMember.objects.select_related("organisation")
        .filter(network=network, left_at__isnull=True, organisation__memberships__user__email__iexact=email)
        .first()
    )


@transaction.atomic
def invitation_create(*, access: NetworkAccess, email: str, message: str = "") -> tuple[NetworkInvitation, str]:
    """Invite someone by e-mail; the mail carries a single-use link. Returns the invitation and token."""
    _require_coordinator(access)
    network = access.network
    email = email.strip().lower()
    member = _active_member_for_email(network, email)
    if member is not None:
        raise ValidationError(
            {
                "email": _("This person is already a member for %(organisation)s.")
                % {"organisation": member.organisation.name}
            }
        )
    now = timezone.now()
    if NetworkInvitation.objects.filter(
        network=network,
        email__iexact=email,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).exists():
        raise ValidationError({"email": _("An open invitation for this address already exists.")})
    token = new_token()
    invitation = NetworkInvitation.objects.create(
        network=network,
        email=email,
        message=message.strip(),
        token_hash=hash_token(token),
        invited_by=access.user,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    context = {
        "invitation": invitation,
        "network": network,
        "inviter": access.user,
        "organisation": access.organisation,
        "link": absolute_url(reverse("networks:accept_invitation", args=[token])),
    }
    send_after_commit(
        subject=render_subject("networks/mail/network_invitation_subject.txt", context),
        body=render_plain("networks/mail/network_invitation_body.txt", context),
        to=[email],
    )
    return invitation, token


def invitation_find(token: str) -> NetworkInvitation | None:
    return (
        NetworkInvitation.objects.select_related("network", "invited_by").filter(token_hash=hash_token(token)).first()
    )


def invitation_problem(invitation: NetworkInvitation | None, user) -> tuple[str, int] | None:
    """Why this user cannot use this invitation (message and HTTP status), or None when they can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link."), 404
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Ask the coordinator of the network for a new one."), 410
    if invitation.declined_at is not None:
        return _("This invitation has been declined. Ask the coordinator of the network for a new one."), 410
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn."), 410
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the coordinator of the network for a new one."), 410
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return _("This invitation was sent to another e-mail address. Log in with the address it was sent to."), 403
    return None


def _usable_invitation(token: str, user) -> NetworkInvitation:
    invitation = NetworkInvitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if problem := invitation_problem(invitation, user):
        raise ValidationError({"__all__": problem[0]})
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user, organisation: Organisation | None) -> NetworkMember:
    """The invited person joins with one of their organisations (a member who left comes back)."""
    invitation = _usable_invitation(token, user)
    if organisation is None or not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"organisation": _("Choose one of your organisations.")})
    member = NetworkMember.objects.filter(network=invitation.network, organisation=organisation).first()
    now = timezone.now()
    if member is None:
        member = NetworkMember.objects.create(network=invitation.network, organisation=organisation, joined_at=now)
    elif member.is_active:
        raise ValidationError({"organisation": _("This organisation is already a member of the network.")})
    else:
        member.left_at = None
        member.role = NetworkMember.Role.MEMBER
        member.joined_at = now
        member.save(update_fields=["left_at", "role", "joined_at"])
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.member = member
    invitation.save(update_fields=["accepted_at", "accepted_by", "member"])
    return member


@transaction.atomic
def invitation_decline(*, token: str, user) -> NetworkInvitation:
    invitation = _usable_invitation(token, user)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    return invitation


@transaction.atomic
def invitation_revoke(*, access: NetworkAccess, invitation: NetworkInvitation) -> None:
    _require_coordinator(access)
    invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk, network=access.network)
    if (
        invitation.accepted_at
        or invitation.declined_at
        or invitation.revoked_at
        or invitation.expires_at <= timezone.now()
    ):
        raise ValidationError({"__all__": _("This invitation is no longer open.")})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


# The member's profile ---------------------------------------------------------------------------


@transaction.atomic
def profile_update(
    *,
    access: NetworkAccess,
    expertises: list[Expertise],
    sbi_codes: list[str],
    day_rate: Decimal | None,
    rate_band: str,
    home_pc4: str,
) -> NetworkMember:
    member = NetworkMember.objects.select_for_update().get(pk=access.member.pk)
    foreign = [e for e in expertises if e.network_id != access.network.pk]
    if foreign:
        raise ValidationError({"expertises": _("Choose expertises from the network's list.")})
    if day_rate is not None and day_rate <= 0:
        raise ValidationError({"day_rate": _("A day rate is more than € 0.")})
    if rate_band and rate_band not in RateBand.values:
        raise ValidationError({"rate_band": _("Choose one of the rate bands.")})
    if home_pc4:
        try:
            validate_pc4(home_pc4)
        except ValidationError as error:
            raise ValidationError({"home_pc4": error.messages}) from error
    member.sbi_codes = sbi_codes
    member.day_rate = day_rate
    member.rate_band = "" if day_rate is not None else rate_band
    member.home_pc4 = home_pc4
    member.save(update_fields=["sbi_codes", "day_rate", "rate_band", "home_pc4"])
    member.expertises.set(expertises)
    return member


@transaction.atomic
def availability_add(
    *,
    access: NetworkAccess,
    kind: str,
    starts_on: date,
    ends_on: date,
    days_per_week: int | None = None,
    note: str = "",
    today: date | None = None,
) -> Availability:
    today = today or timezone.localdate()
    if kind not in Availability.Kind.values:
        raise ValidationError({"kind": _("Choose available or busy.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    if ends_on < today:
        raise ValidationError({"ends_on": _("This period is already over. Enter a period from today onwards.")})
    if kind == Availability.Kind.BUSY:
        days_per_week = 5
    elif days_per_week is None or not 1 <= days_per_week <= 5:
        raise ValidationError({"days_per_week": _("Enter 1 to 5 days a week.")})
    return Availability.objects.create(
        member=access.member,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        days_per_week=days_per_week,
        note=note.strip(),
    )


@transaction.atomic
def availability_delete(*, access: NetworkAccess, availability: Availability) -> None:
    if availability.member_id != access.member.pk:
        raise PermissionDenied
    availability.delete()


# Roles and leaving ------------------------------------------------------------------------------


@transaction.atomic
def member_make_coordinator(*, access: NetworkAccess, member: NetworkMember) -> NetworkMember:
    _require_coordinator(access)
    member = NetworkMember.objects.select_for_update().get(pk=member.pk, network=access.network)
    if not member.is_active:
        raise ValidationError({"__all__": _("This organisation has left the network.")})
    member.role = NetworkMember.Role.COORDINATOR
    member.save(update_fields=["role"])
    return member


def _bringer_addresses(assignment: Assignment) -> list[str]:
    if assignment.created_by is not None and assignment.created_by.email:
        return [assignment.created_by.email]
    return sorted(
        Membership.objects.filter(organisation=assignment.brought_in_by.organisation).values_list(
            "user__email", flat=True
        )
    )


@transaction.atomic
def member_leave(*, access: NetworkAccess) -> NetworkMember:
    """The user's organisation leaves the network. Its row stays (history); open places on teams are
    withdrawn and the bringer of each such assignment is told."""
    members = list(NetworkMember.objects.select_for_update().filter(network=access.network, left_at__isnull=True))
    member = next(m for m in members if m.pk == access.member.pk)
    if member.is_coordinator and not any(m.is_coordinator and m.pk != member.pk for m in members):
        raise ValidationError(
            {"__all__": _("You are the only coordinator. Make another member coordinator first, then leave.")}
        )
    now = timezone.now()
    member.left_at = now
    member.save(update_fields=["left_at"])
    places = list(
        TeamInvitation.objects.select_for_update(of=("self",))
        .select_related("assignment__created_by", "assignment__brought_in_by__organisation")
        .filter(member=member, status__in=OPEN_TEAM_STATUSES, assignment__status__in=RUNNING_ASSIGNMENT_STATUSES)
    )
    for place in places:
        place.status = TeamInvitation.Status.WITHDRAWN
        place.responded_at = now
        place.responded_by = access.user
        place.response_note = _("Left the network.")
        place.save(update_fields=["status", "responded_at", "responded_by", "response_note"])
        assignment = place.assignment
        if assignment.brought_in_by_id == member.pk:
            continue  # nobody else to tell
        context = {
            "assignment": assignment,
            "network": access.network,
            "organisation": member.organisation,
            "link": absolute_url(reverse("networks:assignment", args=[access.network.pk, assignment.pk])),
        }
        send_after_commit(
            subject=render_subject("networks/mail/network_member_left_subject.txt", context),
            body=render_plain("networks/mail/network_member_left_body.txt", context),
            to=_bringer_addresses(assignment),
        )
    return member
