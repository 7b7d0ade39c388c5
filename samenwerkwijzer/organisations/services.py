"""Writes on organisations and their members."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.accounts.models import NotificationKind
from samenwerkwijzer.accounts.notifications import notify

from .models import Membership, Organisation
from .signals import organisation_changed, organisation_verified

ORGANISATION_FIELDS = ["name", "kvk_number", "legal_form", "sbi_codes", "size_class", "pc4", "website", "description"]


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
        signatory_basis=Membership.SignatoryBasis.SELF if is_authorised_signatory else Membership.SignatoryBasis.NONE,
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
def membership_add(*, by: Membership, email: str, role: str, is_authorised_signatory: bool) -> Membership:
    if not by.is_admin:
        raise PermissionDenied
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("There is no account with this e-mail address yet. Ask the person to sign up first.")}
        )
    if Membership.objects.filter(user=user, organisation_id=by.organisation_id).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    return Membership.objects.create(
        user=user,
        organisation_id=by.organisation_id,
        role=role,
        is_authorised_signatory=is_authorised_signatory,
        signatory_basis=Membership.SignatoryBasis.SELF if is_authorised_signatory else Membership.SignatoryBasis.NONE,
    )


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
        membership.signatory_basis = (
            Membership.SignatoryBasis.SELF if is_authorised_signatory else Membership.SignatoryBasis.NONE
        )
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
