"""Writes on organisations and their members."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Membership, Organisation

ORGANISATION_FIELDS = ["name", "kvk_number", "legal_form", "sbi_codes", "size_class", "pc4", "website", "description"]


@transaction.atomic
def organisation_create(*, user, data: dict, is_authorised_signatory: bool) -> Organisation:
    organisation = Organisation.objects.create(**{field: data[field] for field in ORGANISATION_FIELDS})
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=Membership.Role.ADMIN,
        is_authorised_signatory=is_authorised_signatory,
    )
    return organisation


@transaction.atomic
def organisation_update(*, membership: Membership, data: dict) -> Organisation:
    if not membership.is_admin:
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    for field in ORGANISATION_FIELDS:
        setattr(organisation, field, data[field])
    organisation.save(update_fields=ORGANISATION_FIELDS)
    # A findable organisation's public directory entry follows its profile.
    from samenwerkwijzer.directory.services import listing_refresh

    listing_refresh(organisation=organisation)
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
        user=user, organisation_id=by.organisation_id, role=role, is_authorised_signatory=is_authorised_signatory
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
    membership.is_authorised_signatory = is_authorised_signatory
    membership.save(update_fields=["role", "is_authorised_signatory"])


@transaction.atomic
def membership_remove(*, by: Membership, membership: Membership) -> None:
    leaving = by.pk == membership.pk
    if not leaving and (not by.is_admin or membership.organisation_id != by.organisation_id):
        raise PermissionDenied
    if membership.is_admin and not _other_admins(membership):
        raise ValidationError({"__all__": _("An organisation needs at least one administrator.")})
    membership.delete()
