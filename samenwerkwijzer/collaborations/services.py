"""Multi-party workflows of a collaboration. Every write goes through here.

Each service runs in one transaction, checks the rule it guards and records an
audit event. Rule violations raise ``ValidationError`` keyed by form field so a
view can show the message next to that field.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.lib.mail import render_plain, render_subject, send_after_commit
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.webhooks.events import PARTICIPANT_JOINED, PARTICIPANT_LEFT, emit

from .access import CollaborationAccess
from .models import (
    EXPLORER_SHARES,
    AuditEvent,
    Collaboration,
    ExplorerDecision,
    Invitation,
    Observer,
    Participant,
    hash_token,
)
from .signals import explorer_joined, participant_removed


def audit_record(*, collaboration, actor, action, organisation=None, **details) -> AuditEvent:
    return AuditEvent.objects.create(
        collaboration=collaboration,
        actor=actor,
        actor_name=actor.display_name if actor else "",
        actor_organisation_name=organisation.name if organisation else "",
        action=action,
        details=details,
    )


@transaction.atomic
def collaboration_create(
    *,
    user,
    organisation: Organisation,
    name: str,
    purpose: str,
    ambition_level: str,
    duration_kind: str,
    planned_end_date: date | None,
) -> Collaboration:
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"organisation": _("You are not a member of this organisation.")})
    collaboration = Collaboration.objects.create(
        name=name,
        purpose=purpose,
        ambition_level=ambition_level,
        duration_kind=duration_kind,
        planned_end_date=planned_end_date,
        created_by=user,
    )
    Participant.objects.create(collaboration=collaboration, organisation=organisation, role=Participant.Role.LEAD)
    audit_record(
        collaboration=collaboration,
        actor=user,
        organisation=organisation,
        action=AuditEvent.Action.CREATED,
        name=name,
    )
    return collaboration


@transaction.atomic
def collaboration_update(*, access: CollaborationAccess, changes: dict) -> Collaboration:
    _require_lead(access)
    collaboration = Collaboration.objects.select_for_update().get(pk=access.collaboration.pk)
    changed = {}
    for field, value in changes.items():
        if getattr(collaboration, field) != value:
            setattr(collaboration, field, value)
            changed[field] = str(value) if value is not None else ""
    if changed:
        collaboration.save(update_fields=list(changed))
        action = AuditEvent.Action.PHASE_CHANGED if list(changed) == ["phase"] else AuditEvent.Action.UPDATED
        audit_record(
            collaboration=collaboration,
            actor=access.user,
            organisation=access.organisation,
            action=action,
            fields=sorted(changed),
        )
    return collaboration


def _require_lead(access: CollaborationAccess) -> None:
    if not access.is_lead:
        raise PermissionDenied


@transaction.atomic
def invitation_create(
    *, access: CollaborationAccess, email: str, kind: str, base_url: str, message: str = ""
) -> tuple[Invitation, str]:
    """Create a single-use invitation and mail its link. Returns the invitation and the raw token.

    The mail says who invites (name and organisation), to what (name and purpose), why (the
    optional personal ``message``), what Samenwerkwijzer is, what to do and until when.
    """
    _require_lead(access)
    collaboration = access.collaboration
    email = email.strip().lower()
    participating = Membership.objects.filter(
        user__email__iexact=email, organisation__participations__collaboration=collaboration
    ).select_related("organisation")
    if kind in (Invitation.Kind.PARTICIPANT, Invitation.Kind.EXPLORER) and participating.exists():
        raise ValidationError(
            {
                "email": _("This person already takes part for %(organisation)s.")
                % {"organisation": participating.first().organisation.name}
            }
        )
    if (
        kind == Invitation.Kind.OBSERVER
        and Observer.objects.filter(collaboration=collaboration, user__email__iexact=email).exists()
    ):
        raise ValidationError({"email": _("This person is already an observer.")})
    now = timezone.now()
    if Invitation.objects.filter(
        collaboration=collaboration,
        email__iexact=email,
        kind=kind,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).exists():
        raise ValidationError({"email": _("An open invitation for this address already exists.")})

    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        collaboration=collaboration,
        kind=kind,
        email=email,
        message=message.strip(),
        token_hash=hash_token(token),
        invited_by=access.user,
        invited_by_organisation=access.organisation,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(
        collaboration=collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.INVITED,
        email=email,
        kind=kind,
    )
    link = base_url.rstrip("/") + reverse("collaborations:invitation_accept", args=[token])
    context = {"invitation": invitation, "link": link, "inviter": access.user, "organisation": access.organisation}
    # The invitee has no account language yet; the inviter's language is the best guess.
    send_after_commit(
        subject=render_subject("collaborations/email/invitation_subject.txt", context),
        body=render_plain("collaborations/email/invitation_body.txt", context),
        to=[email],
    )
    return invitation, token


def invitation_find(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("collaboration", "invited_by_organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None, user) -> tuple[str, int] | None:
    """Why this user cannot use this invitation (message and HTTP status), or None when they can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link."), 404
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Ask the lead of the collaboration for a new one."), 410
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn."), 410
    if invitation.collaboration.is_archived:
        return _("This collaboration has ended."), 410
    if invitation.is_expired():
        return _("This invitation has expired. Ask the lead of the collaboration for a new one."), 410
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return _("This invitation was sent to another e-mail address. Log in with the address it was sent to."), 403
    return None


@transaction.atomic
def invitation_accept(*, token: str, user, organisation: Organisation | None = None) -> Participant | Observer:
    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if problem := invitation_problem(invitation, user):
        raise ValidationError({"__all__": problem[0]})
    collaboration = invitation.collaboration
    now = timezone.now()
    if invitation.kind == Invitation.Kind.OBSERVER:
        joined, _created = Observer.objects.get_or_create(collaboration=collaboration, user=user)
        action, extra = AuditEvent.Action.OBSERVER_JOINED, {"email": user.email, "name": user.display_name}
    else:
        if organisation is None or not Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError({"organisation": _("Choose one of your organisations.")})
        if Participant.objects.filter(collaboration=collaboration, organisation=organisation).exists():
            raise ValidationError({"organisation": _("This organisation already takes part in the collaboration.")})
        exploring = invitation.kind == Invitation.Kind.EXPLORER
        joined = Participant.objects.create(
            collaboration=collaboration,
            organisation=organisation,
            role=Participant.Role.EXPLORER if exploring else Participant.Role.PARTNER,
        )
        action = AuditEvent.Action.EXPLORER_JOINED if exploring else AuditEvent.Action.JOINED
        extra = {"organisation_name": organisation.name}
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(collaboration=collaboration, actor=user, organisation=organisation, action=action, **extra)
    if action == AuditEvent.Action.JOINED:  # webhooks: a partner (not an observer or an explorer) joined
        emit(collaboration, PARTICIPANT_JOINED, {"organisation": organisation.name, "role": joined.role, "url": site_url("collaborations:participants", collaboration.pk)})  # fmt: skip
    if action == AuditEvent.Action.EXPLORER_JOINED:
        # The instruments open the explorer's own match check with the partners.
        explorer_joined.send(sender=Participant, participant=joined, actor=user)
    return joined


@transaction.atomic
def invitation_revoke(*, access: CollaborationAccess, invitation: Invitation) -> None:
    _require_lead(access)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open():
        raise ValidationError({"__all__": _("This invitation is no longer open.")})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.INVITATION_REVOKED,
        email=invitation.email,
    )


def _lock_participants(collaboration) -> list[Participant]:
    return list(Participant.objects.select_for_update().filter(collaboration=collaboration))


@transaction.atomic
def participant_remove(*, access: CollaborationAccess, participant: Participant) -> None:
    """A lead removes a participant, or a participant's member leaves for their own organisation."""
    leaving = access.participant is not None and access.participant.pk == participant.pk
    if not leaving:
        _require_lead(access)
    participants = _lock_participants(access.collaboration)
    leads = [p for p in participants if p.is_lead]
    if participant.is_lead and len(leads) == 1:
        raise ValidationError({"__all__": _("The last lead cannot be removed. First make another organisation lead.")})
    Participant.objects.filter(pk=participant.pk).delete()
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.LEFT if leaving else AuditEvent.Action.REMOVED,
        organisation_name=participant.organisation.name,
    )
    emit(access.collaboration, PARTICIPANT_LEFT, {"organisation": participant.organisation.name, "how": "left" if leaving else "removed", "url": site_url("collaborations:participants", access.collaboration.pk)})  # fmt: skip
    participant_removed.send(sender=Participant, access=access, participant=participant)


@transaction.atomic
def participant_set_role(*, access: CollaborationAccess, participant: Participant, role: str) -> None:
    _require_lead(access)
    if role not in Participant.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    participants = _lock_participants(access.collaboration)
    current = next((p for p in participants if p.pk == participant.pk), None)
    if current is None or current.role == role:
        return
    if Participant.Role.EXPLORER in (role, current.role):
        raise ValidationError({"role": _("An explorer becomes a partner only when every partner organisation agrees.")})
    if current.is_lead and sum(p.is_lead for p in participants) == 1:
        raise ValidationError({"role": _("The last lead cannot be removed. First make another organisation lead.")})
    current.role = role
    current.save(update_fields=["role"])
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.ROLE_CHANGED,
        organisation_name=current.organisation.name,
        role=role,
    )


@transaction.atomic
def observer_remove(*, access: CollaborationAccess, observer: Observer) -> None:
    leaving = observer.user_id == access.user.pk
    if not leaving:
        _require_lead(access)
    Observer.objects.filter(pk=observer.pk).delete()
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.OBSERVER_REMOVED,
        email=observer.user.email,
        name=observer.user.display_name,
    )


@transaction.atomic
def phase_set(*, access: CollaborationAccess, phase: str, reason: str) -> Collaboration:
    """A lead sets the phase by hand, with a reason; it holds until the derived phase passes it.

    Setting the derived phase itself means: follow what has happened again.
    """
    from . import phases, selectors

    _require_lead(access)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you set the phase by hand; all partners will see it.")})
    collaboration = Collaboration.objects.select_for_update().get(pk=access.collaboration.pk)
    derived = selectors.phase_state(collaboration).derived
    if not phases.allowed_choice(derived=derived, chosen=phase):
        raise ValidationError(
            {
                "phase": _(
                    "What has happened already places the collaboration in “%(phase)s”; choose that phase or a later one."
                )
                % {"phase": derived.label}
            }
        )
    collaboration.phase = phase
    collaboration.phase_reason = reason
    collaboration.save(update_fields=["phase", "phase_reason"])
    audit_record(
        collaboration=collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.PHASE_CHANGED,
        phase=phase,
        reason=reason,
    )
    return collaboration


# --- Explorers (verkenners): what they see, and admitting them as partner ---------------------


@transaction.atomic
def explorer_shares_set(*, access: CollaborationAccess, shares: list[str]) -> Collaboration:
    """The lead chooses what explorers see besides the name, the goal and the lead's contact."""
    _require_lead(access)
    unknown = set(shares) - set(EXPLORER_SHARES)
    if unknown:
        raise ValidationError({"shares": _("Choose only from the list.")})
    collaboration = Collaboration.objects.select_for_update().get(pk=access.collaboration.pk)
    chosen = [key for key in EXPLORER_SHARES if key in shares]
    if chosen == (collaboration.explorer_shares or []):
        return collaboration
    collaboration.explorer_shares = chosen
    collaboration.save(update_fields=["explorer_shares"])
    audit_record(
        collaboration=collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.EXPLORER_SHARES_CHANGED,
        shares=chosen,
    )
    return collaboration


def explorer_deciders(collaboration) -> list[Participant]:
    """The organisations whose consent admits an explorer: every lead and partner now taking part."""
    return list(
        Participant.objects.filter(collaboration=collaboration)
        .exclude(role=Participant.Role.EXPLORER)
        .select_related("organisation")
    )


@transaction.atomic
def explorer_decide(*, access: CollaborationAccess, explorer: Participant, consent: bool) -> Participant | None:
    """A partner organisation (one of its members acting for it) agrees to admit the explorer, or declines.

    When every lead and partner organisation has agreed, the explorer becomes a partner. One
    decline ends the exploration: the explorer leaves the collaboration. Returns the explorer
    participant, or None when it has left.
    """
    if not access.is_partner_side or not access.can_write:
        raise PermissionDenied
    _lock_participants(access.collaboration)
    explorer = Participant.objects.select_related("organisation").filter(pk=explorer.pk).first()
    if explorer is None or explorer.collaboration_id != access.collaboration.pk or not explorer.is_explorer:
        raise ValidationError({"__all__": _("This organisation is no longer exploring the collaboration.")})
    if ExplorerDecision.objects.filter(explorer=explorer, organisation=access.organisation).exists():
        raise ValidationError({"__all__": _("Your organisation has already given its answer.")})
    ExplorerDecision.objects.create(
        explorer=explorer, organisation=access.organisation, consent=consent, decided_by=access.user
    )
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.EXPLORER_CONSENTED if consent else AuditEvent.Action.EXPLORER_DECLINED,
        organisation_name=explorer.organisation.name,
    )
    if not consent:
        Participant.objects.filter(pk=explorer.pk).delete()
        participant_removed.send(sender=Participant, access=access, participant=explorer)
        return None
    agreed = set(
        ExplorerDecision.objects.filter(explorer=explorer, consent=True).values_list("organisation_id", flat=True)
    )
    if any(p.organisation_id not in agreed for p in explorer_deciders(access.collaboration)):
        return explorer
    explorer.role = Participant.Role.PARTNER
    explorer.save(update_fields=["role"])
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.EXPLORER_ADMITTED,
        organisation_name=explorer.organisation.name,
    )
    emit(access.collaboration, PARTICIPANT_JOINED, {"organisation": explorer.organisation.name, "role": explorer.role, "url": site_url("collaborations:participants", access.collaboration.pk)})  # fmt: skip
    return explorer
