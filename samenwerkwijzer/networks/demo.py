"""Demo data for the network (gelegenheidscoalitie, guide ch. 7): "Communicatiecollectief Utrecht".

Forty members: the demo's bakery (alice, the coordinator) and carrier (bob, a member) and 38
one-person businesses in and around Utrecht that have no logins and are not verified. Eight
expertises, day rates or rate bands, availability around today, two assignments that are done
(accepted teams, an agreement, submitted and revealed evaluations, so track records show) and one
open assignment with a proposed team made by the app's own proposal (``candidates.propose_for``).

The 38 organisations are made like the demo's other organisations: legal form 01 (eenmanszaak) and
SBI codes from the reference data (``reference/catalog.py``), postcode areas that exist in the PC4
set. The KvK test environment has only 21 test numbers and the demo uses them all, so these 38 get
fictitious numbers starting with 00 (the KvK never issued such numbers): they are unverified and can
never be verified or found in the directory.

Idempotent: when the network exists nothing changes. Dates are relative to the day of seeding.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from samenwerkwijzer.organisations.models import Organisation

from .access import get_network_for_user
from .evaluation import STATEMENTS
from .models import (
    AgreementApproval,
    Assignment,
    AssignmentAgreement,
    AssignmentNeed,
    Availability,
    Evaluation,
    Expertise,
    Network,
    NetworkMember,
    Objective,
    RateBand,
    TeamInvitation,
    TeamRole,
)
from .services_assignments import assignment_propose

NETWORK_NAME = "Communicatiecollectief Utrecht"
DESCRIPTION = (
    "Veertig zelfstandige communicatieprofessionals in en rond Utrecht. Wie een opdracht binnenhaalt, "
    "stelt er een team voor samen; iedereen mag ja of nee zeggen."
)

# Expertise: (description, SBI codes of one-person businesses with it)
EXPERTISES = {
    "Tekstschrijven": ("Webteksten, brochures, jaarverslagen, interviews", ["90110", "73300"]),
    "Eindredactie": ("Redactie, correctie en tone of voice", ["58190", "90110"]),
    "Fotografie": ("Portret-, bedrijfs- en evenementfotografie", ["74200"]),
    "Video": ("Bedrijfsfilms, animaties en montage", ["59111", "59120"]),
    "Illustratie": ("Illustraties, infographics en visuele verhalen", ["90120", "74120"]),
    "Webdesign": ("Ontwerp en bouw van websites", ["74120", "62100"]),
    "Social media": ("Strategie, contentkalender en webcare", ["73110", "73300"]),
    "Evenementen": ("Bijeenkomsten, congressen en lanceringen", ["82300"]),
}

# Name, postcode area, expertises, day rate (None: a rate band instead)
FREELANCERS = [
    ("Tekstbureau Marieke Smit", "3512", ["Tekstschrijven", "Eindredactie"], 650),
    ("Woordwerk Jeroen Bakker", "3521", ["Tekstschrijven"], 575),
    ("Schrijfkracht Utrecht", "3581", ["Tekstschrijven", "Social media"], None),
    ("Helder Geschreven", "3523", ["Tekstschrijven", "Eindredactie"], 700),
    ("De Tekstsmid", "3431", ["Tekstschrijven"], 550),
    ("Redactiebureau Vermeulen", "3532", ["Eindredactie"], 600),
    ("Puntkomma Eindredactie", "3701", ["Eindredactie", "Tekstschrijven"], None),
    ("Sanne Visser Redactie", "3991", ["Eindredactie"], 625),
    ("Fotografie Lotte de Wit", "3514", ["Fotografie"], 750),
    ("Beeldmakers Kanaleneiland", "3527", ["Fotografie", "Video"], 825),
    ("Studio Lichtval", "3601", ["Fotografie"], None),
    ("Fotostudio Maarten Kok", "3402", ["Fotografie", "Evenementen"], 690),
    ("Wouter Mulder Fotografie", "3731", ["Fotografie"], 720),
    ("Filmwerk Domstad", "3511", ["Video"], 950),
    ("Bewegend Beeld Noor Jansen", "3552", ["Video", "Illustratie"], None),
    ("Montagestudio Leidsche Rijn", "3451", ["Video"], 880),
    ("Vlog & Co", "3563", ["Video", "Social media"], 640),
    ("Illustratiestudio Femke Bos", "3515", ["Illustratie"], 600),
    ("Tekenwerk Tim de Graaf", "3572", ["Illustratie", "Webdesign"], None),
    ("Inkt & Idee", "3434", ["Illustratie"], 560),
    ("Infographics Utrecht", "3584", ["Illustratie", "Webdesign"], 710),
    ("Webstudio Daan Hendriks", "3525", ["Webdesign"], 800),
    ("Pixelwerk Zuilen", "3554", ["Webdesign"], None),
    ("Sites van Sophie", "3705", ["Webdesign", "Illustratie"], 680),
    ("Codeklare Websites", "3992", ["Webdesign"], 900),
    ("Ontwerpbureau Rik Dekker", "3562", ["Webdesign", "Fotografie"], 760),
    ("Social Sterk", "3522", ["Social media"], 525),
    ("Webcare Wendy Brouwer", "3432", ["Social media", "Tekstschrijven"], None),
    ("Contentkalender Utrecht", "3583", ["Social media"], 590),
    ("Online Zichtbaar Lisa Meijer", "3404", ["Social media", "Evenementen"], 615),
    ("Het Postbureau", "3533", ["Social media"], 540),
    ("Evenementenbureau Joost de Jong", "3513", ["Evenementen"], 850),
    ("Congreswerk Midden", "3435", ["Evenementen"], None),
    ("Feestelijk Bijeen", "3995", ["Evenementen", "Fotografie"], 700),
    ("Regie & Ruimte Anouk van Dijk", "3571", ["Evenementen", "Social media"], 780),
    ("Verhaal & Beeld", "3531", ["Tekstschrijven", "Fotografie"], 660),
    ("Studio Kort Verhaal", "3564", ["Video", "Tekstschrijven"], None),
    ("Grafisch Atelier Oog", "3461", ["Illustratie", "Eindredactie"], 585),
]

# Rate bands for those without a day rate, in turn.
BANDS = [RateBand.LOW, RateBand.MIDDLE, RateBand.HIGH]

# The answers to the evaluation's statements (evaluation.STATEMENTS, 1-5) per team member.
DEMO_SCORES = [(5, 4, 4, 5, 5, 5), (4, 5, 3, 4, 5, 4), (4, 4, 4, 3, 5, 4)]
DEMO_REMARKS = [
    "Goede taakverdeling; de klant was tevreden over de planning.",
    "Prettig samengewerkt. Volgende keer eerder de fotografie inplannen.",
    "Fijne samenwerking, al was de briefing van de klant laat.",
]


def _kvk_number(index: int) -> str:
    return f"0019{index:04d}"


def _organisation(index: int, name: str, pc4: str, expertises: list[str]) -> Organisation:
    kvk_number = _kvk_number(index)
    organisation = Organisation.objects.filter(kvk_number=kvk_number, name=name).first()
    if organisation is None:
        sbi = sorted({code for expertise in expertises for code in EXPERTISES[expertise][1]})
        organisation = Organisation.objects.create(
            name=name,
            kvk_number=kvk_number,
            legal_form="01",  # eenmanszaak
            sbi_codes=sbi,
            size_class="1",
            pc4=pc4,
            website="",
            description="Zelfstandige in het Communicatiecollectief Utrecht.",
        )
    return organisation


def _availability(member: NetworkMember, rng: random.Random, today) -> None:
    """One or two periods around today: available some days a week, sometimes busy for a while."""
    start = today - timedelta(days=rng.randint(0, 20))
    Availability.objects.create(
        member=member,
        kind=Availability.Kind.AVAILABLE,
        starts_on=start,
        ends_on=start + timedelta(days=rng.choice([60, 90, 120])),
        days_per_week=rng.choice([2, 3, 3, 4, 5]),
    )
    if rng.random() < 0.35:
        busy = today + timedelta(days=rng.randint(10, 50))
        Availability.objects.create(
            member=member,
            kind=Availability.Kind.BUSY,
            starts_on=busy,
            ends_on=busy + timedelta(days=rng.choice([7, 14, 21])),
            note="Andere opdracht",
        )


def _done_assignment(*, network, bringer, user, title, client, description, start, team, location_pc4) -> Assignment:
    """An assignment that is done: the team said yes, agreed, and evaluated (revealed)."""
    end = start + timedelta(days=35)
    assignment = Assignment.objects.create(
        network=network,
        brought_in_by=bringer,
        created_by=user,
        title=title,
        client=client,
        description=description,
        starts_on=start,
        ends_on=end,
        location_pc4=location_pc4,
        budget=Decimal(sum(days for _m, _e, days in team) * 700),
        objective=Objective.FEWEST_PEOPLE,
        status=Assignment.Status.DONE,
        proposal_number=1,
        created_at=timezone.now() - timedelta(days=(timezone.localdate() - start).days + 21),
    )
    invited_at = timezone.now() - timedelta(days=(timezone.localdate() - start).days + 14)
    needs = {}
    for member, expertise, days in team:
        need = needs.get(expertise.pk)
        if need is None:
            need = needs[expertise.pk] = AssignmentNeed.objects.create(
                assignment=assignment, expertise=expertise, days=0
            )
        need.days += days
        need.save(update_fields=["days"])
        invitation, _created = TeamInvitation.objects.get_or_create(
            assignment=assignment,
            member=member,
            defaults={
                "status": TeamInvitation.Status.ACCEPTED,
                "proposal_number": 1,
                "reason": "Heeft de expertise en was beschikbaar in de periode.",
                "invited_at": invited_at,
                "responded_at": invited_at + timedelta(days=1),
            },
        )
        TeamRole.objects.create(invitation=invitation, need=need, days=days)
    members = list(dict.fromkeys(member for member, _e, _d in team))
    agreement = AssignmentAgreement.objects.create(
        assignment=assignment,
        lead_member=bringer,
        client_contact=bringer,
        income_split="Ieder factureert de eigen dagen aan de penvoerder; de penvoerder factureert de klant.",
        other_terms="Meerwerk alleen na akkoord van de penvoerder.",
        data={
            "roles": [
                {
                    "member": member.organisation.name,
                    "expertise": expertise.name,
                    "days": days,
                    "day_rate": str(member.day_rate) if member.day_rate else "",
                }
                for member, expertise, days in team
            ]
        },
        updated_by=user,
        updated_at=invited_at + timedelta(days=3),
    )
    revealed_at = timezone.now() - timedelta(days=max((timezone.localdate() - end).days - 10, 1))
    for position, member in enumerate(members):
        AgreementApproval.objects.create(
            agreement=agreement,
            member=member,
            version=1,
            user=user if member == bringer else None,
            user_name=member.organisation.name,
            created_at=invited_at + timedelta(days=4),
        )
        Evaluation.objects.create(
            assignment=assignment,
            member=member,
            answers=dict(zip([st.key for st in STATEMENTS], DEMO_SCORES[position % 3], strict=True)),
            grade=8 - position % 2,
            remarks=DEMO_REMARKS[position % len(DEMO_REMARKS)],
            submitted_at=revealed_at - timedelta(days=1),
            submitted_by=user if member == bringer else None,
            updated_at=revealed_at - timedelta(days=1),
        )
    assignment.evaluation_revealed_at = revealed_at
    assignment.save(update_fields=["evaluation_revealed_at"])
    return assignment


def seed_networks_demo(*, coordinator_organisation, coordinator_user, member_organisation, member_user) -> Network:
    """The demo network; when it exists already, nothing changes."""
    network = Network.objects.filter(name=NETWORK_NAME).first()
    if network is not None:
        return network
    today = timezone.localdate()
    rng = random.Random(19)  # noqa: S311 - demo data, the same every time
    network = Network.objects.create(
        name=NETWORK_NAME,
        description=DESCRIPTION,
        created_by=coordinator_user,
        created_at=timezone.now() - timedelta(days=400),
    )
    expertises = {
        name: Expertise.objects.create(network=network, name=name, description=description)
        for name, (description, _sbi) in EXPERTISES.items()
    }
    joined = timezone.now() - timedelta(days=380)
    alice = NetworkMember.objects.create(
        network=network,
        organisation=coordinator_organisation,
        role=NetworkMember.Role.COORDINATOR,
        sbi_codes=["73300"],
        day_rate=Decimal("725"),
        home_pc4=coordinator_organisation.pc4,
        joined_at=joined,
    )
    alice.expertises.set([expertises["Eindredactie"], expertises["Evenementen"]])
    bob = NetworkMember.objects.create(
        network=network,
        organisation=member_organisation,
        sbi_codes=["74200"],
        rate_band=RateBand.MIDDLE,
        home_pc4=member_organisation.pc4,
        joined_at=joined + timedelta(days=30),
    )
    bob.expertises.set([expertises["Fotografie"], expertises["Video"]])
    members = {}
    for index, (name, pc4, own, rate) in enumerate(FREELANCERS, start=1):
        organisation = _organisation(index, name, pc4, own)
        member = NetworkMember.objects.create(
            network=network,
            organisation=organisation,
            sbi_codes=organisation.sbi_codes,
            day_rate=Decimal(rate) if rate else None,
            rate_band="" if rate else BANDS[index % len(BANDS)],
            home_pc4=pc4,
            joined_at=joined + timedelta(days=index * 7),
        )
        member.expertises.set([expertises[e] for e in own])
        members[name] = member
    for member in [alice, bob, *members.values()]:
        _availability(member, rng, today)

    _done_assignment(
        network=network,
        bringer=alice,
        user=coordinator_user,
        title="Jaarverslag Woonstichting Lombok",
        client="Woonstichting Lombok",
        description="Een leesbaar jaarverslag met interviews met bewoners en portretfoto's.",
        start=today - timedelta(days=150),
        location_pc4="3531",
        team=[
            (members["Tekstbureau Marieke Smit"], expertises["Tekstschrijven"], 6),
            (alice, expertises["Eindredactie"], 3),
            (bob, expertises["Fotografie"], 2),
        ],
    )
    _done_assignment(
        network=network,
        bringer=bob,
        user=member_user,
        title="Lancering fietsroute Vechtstreek",
        client="Recreatieschap Vechtstreek",
        description="Een lanceringsevenement met film, foto's en een campagne op sociale media.",
        start=today - timedelta(days=90),
        location_pc4="3601",
        team=[
            (bob, expertises["Video"], 4),
            (members["Social Sterk"], expertises["Social media"], 5),
            (members["Evenementenbureau Joost de Jong"], expertises["Evenementen"], 4),
        ],
    )
    open_assignment = Assignment.objects.create(
        network=network,
        brought_in_by=alice,
        created_by=coordinator_user,
        title="Nieuwe website Museum aan de Vecht",
        client="Museum aan de Vecht",
        description="Een nieuwe website met teksten, illustraties en foto's van de collectie.",
        starts_on=today + timedelta(days=21),
        ends_on=today + timedelta(days=70),
        location_pc4="3511",
        budget=Decimal("18000"),
        max_km=25,
        max_people=4,
        objective=Objective.LOWEST_COST,
        status=Assignment.Status.DRAFT,
    )
    for name, days in [("Webdesign", 8), ("Tekstschrijven", 5), ("Illustratie", 3), ("Fotografie", 2)]:
        AssignmentNeed.objects.create(assignment=open_assignment, expertise=expertises[name], days=days)
    _propose(open_assignment, coordinator_user)
    return network


def _propose(assignment: Assignment, user) -> None:
    """The open assignment's proposed team, made and stored as the assignment page does."""
    access = get_network_for_user(user, assignment.network_id)
    assignment_propose(access=access, assignment=assignment)


def demo_summary() -> list[dict]:
    """The ``networks`` key of ``seed_demo --json``."""
    summary = []
    for network in Network.objects.filter(name=NETWORK_NAME).order_by("name", "pk"):
        coordinator = network.members.filter(role=NetworkMember.Role.COORDINATOR, left_at__isnull=True).first()
        email = ""
        if coordinator is not None:
            admin = coordinator.organisation.memberships.select_related("user").order_by("pk").first()
            email = admin.user.email if admin else ""
        summary.append(
            {
                "name": network.name,
                "coordinator": email,
                "members": network.members.filter(left_at__isnull=True).count(),
            }
        )
    return summary
