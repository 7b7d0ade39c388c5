"""Writes of the directory app: listing, wanted-partner profile, shortlist, connections."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.models import Invitation
from samenwerkwijzer.organisations.models import Membership, Organisation

from . import matching
from .importer import entry_children
from .models import (
    Connection,
    DirectoryEntry,
    DirectoryListing,
    DirectorySbi,
    DirectorySpecialism,
    DirectoryStat,
    PartnerProfile,
    ShortlistItem,
)

PROFILE_FIELDS = [
    "sbi_codes",
    "specialisms",
    "size_classes",
    "pc4",
    "max_km",
    "chain_positions",
    "culture",
    "needs",
    "offers",
]


def _stat_keys(entry: DirectoryEntry) -> list[tuple[str, str]]:
    keys = [
        ("pc4", entry.pc4),
        ("mask", str(entry.mask_pair)),
        ("size", str(entry.size_class)),
        ("chain", str(entry.chain)),
    ]
    keys += [("sbi", code) for code in entry.sbi_list]
    keys += [("tag", tag) for tag in entry.specialism_list]
    return keys


def _stats_adjust(entry: DirectoryEntry, delta: int) -> None:
    """Keep the planning statistics right when one platform entry comes, changes or goes."""
    for kind, key in _stat_keys(entry):
        updated = DirectoryStat.objects.filter(kind=kind, key=key).update(count=F("count") + delta)
        if not updated and delta > 0:
            DirectoryStat.objects.create(kind=kind, key=key, count=delta)
    # A new token as key of the total tells every process to re-read the statistics.
    total = DirectoryStat.objects.filter(kind="total").first()
    count = (total.count if total else 0) + delta
    DirectoryStat.objects.filter(kind="total").delete()
    DirectoryStat.objects.create(kind="total", key=uuid.uuid4().hex, count=max(count, 0))


def _entry_values(organisation: Organisation, listing: DirectoryListing) -> dict:
    return {
        "name": organisation.name,
        "sbi_codes": ";".join(code for code in organisation.sbi_codes if code.isdigit())[:200],
        "size_class": matching.SIZE_INDEX.get(organisation.size_class, 0),
        "pc4": organisation.pc4,
        "chain": matching.CHAIN_INDEX[listing.chain_position],
        "mask_pair": matching.pair_of(matching.mask_of(listing.offers), matching.mask_of(listing.needs)),
        "specialisms": ";".join(matching.normalise_specialism(tag) for tag in listing.specialisms)[:500],
        "source": DirectoryEntry.Source.PLATFORM,
        "organisation": organisation,
    }


def _sync_entry(organisation: Organisation, listing: DirectoryListing) -> DirectoryEntry | None:
    """Put the organisation's entry in step with its listing.

    Only a verified organisation is findable, and only a verified organisation takes over the
    (imported) entry under its KvK number: an unverified claim of a number never touches it.
    """
    mine = Q(organisation=organisation)
    if organisation.is_verified:
        mine |= Q(kvk_number=organisation.kvk_number)
    old = DirectoryEntry.objects.select_for_update().filter(mine).first()
    if old is not None:
        _stats_adjust(old, -1)
    if not (listing.findable and organisation.is_verified):
        if old is not None:
            old.delete()
        return None
    values = _entry_values(organisation, listing)
    if old is None:
        entry = DirectoryEntry.objects.create(kvk_number=organisation.kvk_number, **values)
    else:
        entry = old
        for name, value in values.items():
            setattr(entry, name, value)
        entry.kvk_number = organisation.kvk_number
        entry.save()
        DirectorySbi.objects.filter(entry=entry).delete()
        DirectorySpecialism.objects.filter(entry=entry).delete()
    sbi_rows, specialism_rows = entry_children([entry])
    DirectorySbi.objects.bulk_create(sbi_rows)
    DirectorySpecialism.objects.bulk_create(specialism_rows)
    _stats_adjust(entry, +1)
    return entry


@transaction.atomic
def listing_save(
    *,
    membership: Membership,
    findable: bool,
    chain_position: str,
    offers: list[str],
    needs: list[str],
    specialisms: list[str],
    culture: str = "",
) -> DirectoryListing:
    """An administrator makes the organisation findable (or not) with its public profile.

    Only a verified organisation can be findable: otherwise anyone could list a company under its
    KvK number. An unverified organisation may keep its listing, not findable, until it is verified.
    """
    if not membership.is_admin:
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if findable and not organisation.is_verified:
        raise ValidationError(
            {
                "findable": _(
                    "Only a verified organisation can be findable in the partner directory, so that partners "
                    "know it is really this company. Verify your organisation first; until then you can save "
                    "the listing without making it findable."
                )
            }
        )
    listing, _created = DirectoryListing.objects.get_or_create(
        organisation=organisation, defaults={"chain_position": chain_position}
    )
    listing.findable = findable
    listing.chain_position = chain_position
    listing.offers = offers
    listing.needs = needs
    listing.specialisms = specialisms
    listing.culture = culture.strip()
    listing.updated_by = membership.user
    listing.save()
    _sync_entry(organisation, listing)
    return listing


@transaction.atomic
def listing_refresh(*, organisation: Organisation) -> None:
    """Bring the public entry up to date after the organisation's own details changed."""
    listing = DirectoryListing.objects.filter(organisation=organisation).first()
    if listing is not None and listing.findable:
        _sync_entry(organisation, listing)


@transaction.atomic
def listing_after_verification(*, organisation: Organisation, displaced: list[Organisation]) -> None:
    """After a verification: unverified claims of the number lose their listing; the verified
    organisation, if it chose to be findable, takes over the entry under its number."""
    for claim in displaced:
        listing = DirectoryListing.objects.filter(organisation=claim).first()
        if listing is not None and listing.findable:
            listing.findable = False
            listing.save(update_fields=["findable"])
        stale = DirectoryEntry.objects.select_for_update().filter(organisation=claim).first()
        if stale is not None:
            _stats_adjust(stale, -1)
            stale.delete()
    listing_refresh(organisation=organisation)


@transaction.atomic
def profile_save(*, organisation: Organisation | None = None, collaboration=None, data: dict, user) -> PartnerProfile:
    if (organisation is None) == (collaboration is None):
        raise ValueError("A profile belongs to an organisation or to a collaboration.")
    owner = {"organisation": organisation} if organisation is not None else {"collaboration": collaboration}
    profile, _created = PartnerProfile.objects.select_for_update().get_or_create(**owner)
    for name in PROFILE_FIELDS:
        setattr(profile, name, data[name])
    profile.updated_by = user
    profile.save()
    return profile


@transaction.atomic
def shortlist_add(*, profile: PartnerProfile, entry: DirectoryEntry, user) -> ShortlistItem:
    item, _created = ShortlistItem.objects.get_or_create(profile=profile, entry=entry, defaults={"added_by": user})
    return item


@transaction.atomic
def shortlist_remove(*, profile: PartnerProfile, entry: DirectoryEntry) -> None:
    ShortlistItem.objects.filter(profile=profile, entry=entry).delete()


@transaction.atomic
def invite_to_explore(*, access: CollaborationAccess, entry: DirectoryEntry, email: str, base_url: str) -> Invitation:
    """Invite a directory result to explore the collaboration (the lead's call).

    Exploring is not joining: the organisation becomes an explorer, which sees only what the lead
    shares, answers its own match check with the partners, and becomes a partner only when every
    partner organisation agrees (``collaborations.services.explorer_decide``).
    """
    invitation, _token = collaboration_services.invitation_create(
        access=access, email=email, kind=Invitation.Kind.EXPLORER, base_url=base_url
    )
    ShortlistItem.objects.filter(profile__collaboration=access.collaboration, entry=entry).update(
        invited_at=timezone.now()
    )
    return invitation


def _between(a_id: int, b_id: int):
    return Connection.objects.filter(
        Q(from_organisation_id=a_id, to_organisation_id=b_id) | Q(from_organisation_id=b_id, to_organisation_id=a_id)
    )


@transaction.atomic
def connection_request(*, membership: Membership, other: Organisation, kind: str) -> Connection:
    if not membership.is_admin:
        raise PermissionDenied
    if other.pk == membership.organisation_id:
        raise ValidationError({"kvk_number": _("You cannot connect your organisation with itself.")})
    if kind not in Connection.Kind.values:
        raise ValidationError({"kind": _("Choose how you know each other.")})
    existing = _between(membership.organisation_id, other.pk).select_for_update().first()
    if existing is not None:
        if existing.confirmed_at is None and existing.to_organisation_id == membership.organisation_id:
            # They asked us first: asking back is confirming.
            existing.confirmed_at = timezone.now()
            existing.save(update_fields=["confirmed_at"])
            return existing
        raise ValidationError({"kvk_number": _("There is already a connection or request with this organisation.")})
    return Connection.objects.create(
        from_organisation_id=membership.organisation_id, to_organisation=other, kind=kind, requested_by=membership.user
    )


@transaction.atomic
def connection_confirm(*, membership: Membership, connection: Connection) -> Connection:
    if not membership.is_admin:
        raise PermissionDenied
    connection = Connection.objects.select_for_update().get(pk=connection.pk)
    if connection.to_organisation_id != membership.organisation_id:
        raise PermissionDenied
    if connection.confirmed_at is None:
        connection.confirmed_at = timezone.now()
        connection.save(update_fields=["confirmed_at"])
    return connection


@transaction.atomic
def connection_remove(*, membership: Membership, connection: Connection) -> None:
    """Either side may end a connection or decline or withdraw a request."""
    if not membership.is_admin:
        raise PermissionDenied
    if membership.organisation_id not in (connection.from_organisation_id, connection.to_organisation_id):
        raise PermissionDenied
    Connection.objects.filter(pk=connection.pk).delete()
