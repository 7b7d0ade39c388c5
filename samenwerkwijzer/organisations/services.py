"""Writes on organisations and their members."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.accounts.models import NotificationKind
from samenwerkwijzer.accounts.notifications import notify
from samenwerkwijzer.lib import tokens
from samenwerkwijzer.lib.mail import SUBJECT_LIMIT, render_plain, render_subject, safe_subject, send_after_commit

from .models import Membership, MembershipInvitation, Organisation
from .signals import organisation_changed, organisation_verified

ORGANISATION_FIELDS = ["name", "kvk_number", "legal_form", "sbi_codes", "size_class", "pc4", "website", "description"]


MAIL_SUBJECT_LIMIT = SUBJECT_LIMIT


def mail_subject(text: str, *, limit: int = MAIL_SUBJECT_LIMIT) -> str:
    """One line of at most ``limit`` characters (``lib.mail.safe_subject``)."""
    return safe_subject(text, limit=limit)


def verified_holder(kvk_number: str, *, exclude_pk=None) -> Organisation | None:
    """The verified organisation that holds this KvK number, if any."""
    if not kvk_number:
        return None
    holders = Organisation.objects.filter(
        kvk_number=kvk_number, verification_status=Organisation.VerificationStatus.VERIFIED
    )
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    return holders.first()


def _refuse_held_number(kvk_number: str, *, exclude_pk=None) -> None:
    holder = verified_holder(kvk_number, exclude_pk=exclude_pk)
    if holder is not None:
        raise ValidationError(
            {
                "kvk_number": _(
                    "%(name)s holds this KvK number and is verified. Ask one of its administrators to invite you."
                )
                % {"name": holder.name}
            }
        )


def _signatory_basis(is_authorised_signatory: bool) -> str:
    # Set by an administrator, the flag rests on the organisation's own word.
    return Membership.SignatoryBasis.SELF if is_authorised_signatory else Membership.SignatoryBasis.NONE


@transaction.atomic
def organisation_create(*, user, data: dict, is_authorised_signatory: bool) -> Organisation:
    """A new organisation starts unverified; a number a verified organisation holds cannot be claimed."""
    _refuse_held_number(data["kvk_number"])
    organisation = Organisation.objects.create(**{field: data[field] for field in ORGANISATION_FIELDS})
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=Membership.Role.ADMIN,
        is_authorised_signatory=is_authorised_signatory,
        signatory_basis=_signatory_basis(is_authorised_signatory),
    )
    return organisation


@transaction.atomic
def organisation_update(*, membership: Membership, data: dict) -> Organisation:
    if not membership.is_admin:
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    fields = list(ORGANISATION_FIELDS)
    if organisation.is_verified:
        # The verified number is what was proven; it is not edited afterwards.
        fields.remove("kvk_number")
    else:
        _refuse_held_number(data["kvk_number"], exclude_pk=organisation.pk)
    for field in fields:
        setattr(organisation, field, data[field])
    organisation.save(update_fields=fields)
    organisation_changed.send(sender=Organisation, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_verify(
    *, organisation: Organisation, method: str, assurance_level: str = "", actor=None
) -> Organisation:
    """Mark the organisation verified for its KvK number (by eHerkenning or a reviewed extract).

    The number is taken away from every unverified claim of it: their administrators are told why,
    and their collaborations keep them as an unverified party without a KvK number. Refused when
    another verified organisation holds the number.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.kvk_number:
        raise ValidationError({"kvk_number": _("Enter the organisation's KvK number first.")})
    _refuse_held_number(organisation.kvk_number, exclude_pk=organisation.pk)
    organisation.verification_status = Organisation.VerificationStatus.VERIFIED
    organisation.verification_method = method
    organisation.assurance_level = assurance_level
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["verification_status", "verification_method", "assurance_level", "verified_at"])
    displaced = list(
        Organisation.objects.select_for_update()
        .filter(kvk_number=organisation.kvk_number, verification_status=Organisation.VerificationStatus.UNVERIFIED)
        .exclude(pk=organisation.pk)
    )
    for claim in displaced:
        claim.kvk_number = ""
        claim.save(update_fields=["kvk_number"])
        for admin in Membership.objects.filter(organisation=claim, role=Membership.Role.ADMIN).select_related("user"):
            notify(
                user=admin.user,
                kind=NotificationKind.MEMBERSHIP,
                template="organisations/email/claim_removed",
                context={"claim": claim, "holder": organisation, "kvk_number": organisation.kvk_number},
            )
    organisation_verified.send(sender=Organisation, organisation=organisation, displaced=displaced)
    return organisation


@transaction.atomic
def membership_invitation_create(
    *, by: Membership, email: str, role: str, is_authorised_signatory: bool, base_url: str, message: str = ""
) -> tuple[MembershipInvitation, str]:
    """Invite a person to the organisation and mail them a single-use link. Returns the invitation
    and the raw token (which is not stored).

    The answer is the same whether or not the address has an account: nobody learns from this form
    who has one. Only an address that is already a member is refused, which an administrator can read
    in the member list anyway. Role and signing authority take effect when the person accepts.
    """
    if not by.is_admin:
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=by.organisation_id)
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of %(name)s.") % {"name": organisation.name}}
        )
    now = timezone.now()
    if MembershipInvitation.objects.open(now).filter(organisation=organisation, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("An open invitation for this address already exists. Withdraw it first to send a new one.")}
        )
    token = tokens.new_token()
    invitation = MembershipInvitation.objects.create(
        organisation=organisation,
        email=email,
        message=message.strip(),
        role=role,
        is_authorised_signatory=is_authorised_signatory,
        token_hash=tokens.hash_token(token),
        invited_by=by.user,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = base_url.rstrip("/") + reverse("organisations:invitation_accept", args=[token])
    context = {"invitation": invitation, "link": link, "inviter": by.user, "organisation": organisation}
    # Sent on commit whether or not the address has an account, so the answer takes the same time.
    # The invitee may have no account language yet; the inviter's language is the best guess.
    send_after_commit(
        subject=render_subject("organisations/email/invitation_subject.txt", context),
        body=render_plain("organisations/email/invitation_body.txt", context),
        to=[email],
    )
    return invitation, token


def membership_invitation_find(token: str) -> MembershipInvitation | None:
    return (
        MembershipInvitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=tokens.hash_token(token))
        .first()
    )


def membership_invitation_problem(invitation: MembershipInvitation | None, user) -> tuple[str, int] | None:
    """Why this user cannot use this invitation (message and HTTP status), or None when they can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link."), 404
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Ask an administrator of the organisation for a new one."), 410
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn."), 410
    if invitation.declined_at is not None:
        return _("This invitation has been declined. Ask an administrator of the organisation for a new one."), 410
    if invitation.is_expired():
        return _("This invitation has expired. Ask an administrator of the organisation for a new one."), 410
    if not user.is_authenticated:
        return None
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        return _("This invitation was sent to another e-mail address. Log in with the address it was sent to."), 403
    if Membership.objects.filter(user=user, organisation_id=invitation.organisation_id).exists():
        return _("You are already a member of %(name)s.") % {"name": invitation.organisation.name}, 409
    return None


def _open_invitation_for(token: str, user) -> MembershipInvitation:
    invitation = MembershipInvitation.objects.select_for_update().filter(token_hash=tokens.hash_token(token)).first()
    if problem := membership_invitation_problem(invitation, user):
        raise ValidationError({"__all__": problem[0]})
    return invitation


@transaction.atomic
def membership_invitation_accept(*, token: str, user) -> Membership:
    """The invited person (logged in with the invited, verified address) joins with the invited role."""
    invitation = _open_invitation_for(token, user)
    membership = Membership.objects.create(
        user=user,
        organisation_id=invitation.organisation_id,
        role=invitation.role,
        is_authorised_signatory=invitation.is_authorised_signatory,
        signatory_basis=_signatory_basis(invitation.is_authorised_signatory),
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def membership_invitation_decline(*, token: str, user) -> MembershipInvitation:
    invitation = _open_invitation_for(token, user)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    return invitation


@transaction.atomic
def membership_invitation_withdraw(*, by: Membership, invitation: MembershipInvitation) -> None:
    if not by.is_admin or invitation.organisation_id != by.organisation_id:
        raise PermissionDenied
    invitation = MembershipInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open():
        raise ValidationError({"__all__": _("This invitation is no longer open.")})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_update(*, by: Membership, membership: Membership, role: str, is_authorised_signatory: bool) -> None:
    if not by.is_admin or membership.organisation_id != by.organisation_id:
        raise PermissionDenied
    if membership.is_admin and role != Membership.Role.ADMIN and not _other_admins(membership):
        raise ValidationError({"role": _("An organisation needs at least one administrator.")})
    membership.role = role
    if is_authorised_signatory != membership.is_authorised_signatory:
        # Set by hand, the flag rests on the organisation's own word; taken away, no basis is left.
        membership.signatory_basis = _signatory_basis(is_authorised_signatory)
    membership.is_authorised_signatory = is_authorised_signatory
    membership.save(update_fields=["role", "is_authorised_signatory", "signatory_basis"])


@transaction.atomic
def membership_remove(*, by: Membership, membership: Membership) -> None:
    leaving = by.pk == membership.pk
    if not leaving and (not by.is_admin or membership.organisation_id != by.organisation_id):
        raise PermissionDenied
    if membership.is_admin and not _other_admins(membership):
        raise ValidationError({"__all__": _("An organisation needs at least one administrator.")})
    membership.delete()
