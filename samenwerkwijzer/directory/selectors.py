"""Reads across directory models: the second ring, profiles turned into search input."""

from django.db.models import Q

from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.reference import catalog

from . import matching
from .models import Connection, DirectoryEntry, PartnerProfile
from .planning import expand_sbi


def rings_for(organisation_ids) -> dict[int, tuple[int, list[str]]]:
    """Organisations in the first and second ring of the given ones: id → (ring, names of who can introduce).

    Only confirmed connections count. A searcher sees its own connections and those of its
    direct contacts (who can introduce it); nothing further.
    """
    own = set(organisation_ids)
    if not own:
        return {}
    confirmed = Connection.objects.filter(confirmed_at__isnull=False)
    first = set()
    for a, b in confirmed.filter(Q(from_organisation__in=own) | Q(to_organisation__in=own)).values_list(
        "from_organisation", "to_organisation"
    ):
        first.add(b if a in own else a)
    first -= own
    result: dict[int, tuple[int, list[str]]] = {org: (1, []) for org in first}
    if not first:
        return result
    names = dict(Organisation.objects.filter(pk__in=first).values_list("pk", "name"))
    via: dict[int, set[str]] = {}
    for a, b in confirmed.filter(Q(from_organisation__in=first) | Q(to_organisation__in=first)).values_list(
        "from_organisation", "to_organisation"
    ):
        for contact, other in ((a, b), (b, a)):
            if contact in first and other not in own and other not in first:
                via.setdefault(other, set()).add(names[contact])
    for org, introducers in via.items():
        result[org] = (2, sorted(introducers))
    return result


def ring_entries(organisation_ids) -> dict[int, tuple[int, list[str]]]:
    """The same, keyed by directory entry: only organisations that chose to be findable."""
    rings = rings_for(organisation_ids)
    if not rings:
        return {}
    return {
        entry_id: rings[organisation_id]
        for entry_id, organisation_id in DirectoryEntry.objects.filter(organisation__in=list(rings)).values_list(
            "pk", "organisation_id"
        )
    }


def introducers(organisation_ids) -> dict[str, Organisation]:
    """The searcher's direct contacts by name: who a "via" names, with their verification at hand."""
    own = set(organisation_ids)
    if not own:
        return {}
    pairs = Connection.objects.filter(confirmed_at__isnull=False).filter(
        Q(from_organisation__in=own) | Q(to_organisation__in=own)
    )
    first = {b if a in own else a for a, b in pairs.values_list("from_organisation", "to_organisation")} - own
    return {organisation.name: organisation for organisation in Organisation.objects.filter(pk__in=first)}


def platform_organisation(entry: DirectoryEntry) -> Organisation | None:
    """The organisation on the platform behind a directory entry: the one that lists it, else the
    verified holder of its KvK number, else an unverified claim of that number (shown as such)."""
    if entry.organisation_id is not None:
        return entry.organisation
    claims = Organisation.objects.filter(kvk_number=entry.kvk_number)
    return claims.filter(verification_status=Organisation.VerificationStatus.VERIFIED).first() or claims.first()


def listed_cultures(entry_ids) -> dict[int, str]:
    """Entry id → how a findable organisation describes its own culture, for the entries that say."""
    return dict(
        DirectoryEntry.objects.filter(pk__in=list(entry_ids), organisation__directory_listing__findable=True)
        .exclude(organisation__directory_listing__culture="")
        .values_list("pk", "organisation__directory_listing__culture")
    )


def profile_to_search(profile: PartnerProfile, *, origin_pc4: str | None = None) -> matching.Profile:
    pc4 = profile.pc4 or origin_pc4
    return matching.Profile(
        sbi=expand_sbi(profile.sbi_codes),
        pc4=pc4 if pc4 in catalog.pc4_areas() else None,
        max_km=float(profile.max_km) if profile.max_km is not None else None,
        sizes=frozenset(matching.SIZE_INDEX[size] for size in profile.size_classes if size in matching.SIZE_INDEX),
        chains=frozenset(matching.CHAIN_INDEX[c] for c in profile.chain_positions if c in matching.CHAIN_INDEX),
        needs=matching.mask_of(slug for slug in profile.needs if slug in matching.CATEGORY_BIT),
        offers=matching.mask_of(slug for slug in profile.offers if slug in matching.CATEGORY_BIT),
        specialisms=frozenset(matching.normalise_specialism(tag) for tag in profile.specialisms),
    )


def zelfcheck_offers_and_needs(organisation) -> tuple[list[str], list[str]] | None:
    """Offers and needs from the instruments app's self-check, when that app provides them."""
    try:
        from samenwerkwijzer.instruments import selectors as instrument_selectors
    except ImportError:
        return None
    reader = getattr(instrument_selectors, "organisation_offers_and_needs", None)
    if reader is None:
        return None
    try:
        found = reader(organisation)
    except Exception:
        return None
    if not found:
        return None
    if isinstance(found, dict):
        offers, needs = found.get("offers", []), found.get("needs", [])
    else:
        offers, needs = found
    return (
        [slug for slug in offers if slug in matching.CATEGORY_BIT],
        [slug for slug in needs if slug in matching.CATEGORY_BIT],
    )
