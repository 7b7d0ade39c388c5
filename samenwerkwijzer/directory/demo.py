"""Demo data for the partner search: a small imported directory around the Vechtstreek, demo
organisations that list themselves (findable only when verified: Bouwadvies Jansen is not, so its
listing is kept but not findable), a chain of confirmed connections (so the second ring shows) and a
wanted-partner profile for "Broodroute Vechtstreek". Idempotent."""

from pathlib import Path

from samenwerkwijzer.organisations.models import Membership, Organisation

from . import services
from .importer import import_csv
from .models import Connection, DirectoryEntry

DEMO_DIRECTORY = Path(__file__).with_name("demo_directory.csv")

LISTINGS = {
    # kvk_number: chain position, offers, needs, specialisms, culture in their own words
    "69599076": (
        "dienstverlener",
        ["logistiek"],
        ["markttoegang", "netwerk"],
        ["koeltransport"],
        "Familiebedrijf met vaste chauffeurs. We denken mee, rijden ook 's nachts en bellen liever dan dat we mailen.",
    ),
    "69599084": (
        "dienstverlener",
        ["vakkennis", "productontwikkeling"],
        ["netwerk"],
        ["verduurzaming"],
        "Klein adviesbureau dat graag met de uitvoerder meedenkt. Eerlijk over kosten en planning, ook als het tegenzit.",
    ),
    "69599068": (
        "dienstverlener",
        ["netwerk", "personeel"],
        ["financien"],
        ["zorginstellingen"],
        "Nuchter en maatschappelijk: vrijwilligers en vaste krachten beslissen samen, en nemen daar de tijd voor.",
    ),
}

SHORTLISTED = "90006577"  # Horecagroothandel Maarssen, on the collaboration's shortlist

# (from, to, kind): the bakery worked with the carrier, who knows the foundation, so the
# foundation is in the bakery's second ring, "via Transportbedrijf De Vries".
CONNECTIONS = [
    ("68750110", "69599076", Connection.Kind.WORKED_TOGETHER),
    ("69599076", "69599068", Connection.Kind.KNOW_EACH_OTHER),
]


def seed_directory_demo(*, collaboration, lead_user) -> None:
    with DEMO_DIRECTORY.open(encoding="utf-8") as rows:
        numbers = [line.split(",", 1)[0] for line in rows.read().splitlines()[1:]]
    if DirectoryEntry.objects.filter(kvk_number__in=numbers).count() < len(numbers):
        # Not on every start: an import recounts the statistics of the whole directory.
        import_csv(str(DEMO_DIRECTORY))
    # A KvK number is unique among verified organisations only: the verified one, else the first claim.
    organisations = {}
    for organisation in Organisation.objects.filter(
        kvk_number__in=[*LISTINGS, *(kvk for pair in CONNECTIONS for kvk in pair[:2])]
    ).order_by("verification_status", "-pk"):
        organisations[organisation.kvk_number] = organisation
    for kvk_number, (chain, offers, needs, specialisms, culture) in LISTINGS.items():
        organisation = organisations[kvk_number]
        services.listing_save(
            membership=_admin(organisation),
            findable=organisation.is_verified,  # only a verified organisation can be findable
            chain_position=chain,
            offers=offers,
            needs=needs,
            specialisms=specialisms,
            culture=culture,
        )
    for from_kvk, to_kvk, kind in CONNECTIONS:
        asking, asked = organisations[from_kvk], organisations[to_kvk]
        if Connection.objects.filter(from_organisation=asking, to_organisation=asked).exists():
            continue  # seeded before
        connection = services.connection_request(membership=_admin(asking), other=asked, kind=kind)
        services.connection_confirm(membership=_admin(asked), connection=connection)
    profile = services.profile_save(
        collaboration=collaboration,
        user=lead_user,
        data={
            "sbi_codes": [],
            "specialisms": [],
            "size_classes": [],
            "pc4": "3621",
            "max_km": 40,
            "chain_positions": [],
            "culture": "Korte lijnen, afspraak is afspraak, en vroeg op pad.",
            "needs": ["logistiek", "markttoegang"],
            "offers": ["vakkennis", "productontwikkeling"],
        },
    )
    services.shortlist_add(profile=profile, entry=DirectoryEntry.objects.get(kvk_number=SHORTLISTED), user=lead_user)


def _admin(organisation: Organisation) -> Membership:
    return Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN).first()
