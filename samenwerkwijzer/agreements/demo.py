"""Demo data: a letter of intent and an agreement, written, approved, signed and sealed.

``seed_agreements_demo`` is called by ``seed_demo`` for "Broodroute Vechtstreek". It goes
through the real services (versions, freeze, approvals, signatures, seal), so the demo
shows exactly what users get. Idempotent: a document that is already signed is left alone.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from samenwerkwijzer.collaborations.access import get_collaboration_for_user

from . import selectors, services
from .models import DocumentKind, Signature
from .sections import participants_of, party_from_participant

DEMO_ADDRESSES = {
    "68750110": ("Straatweg 21, 3621 BK Breukelen", "eigenaar"),
    "69599076": ("Industrieweg 14, 3442 AB Woerden", "directeur"),
}


def _by_party(parties, **values_per_index):
    """Per-party rows; each keyword is a list of values in party order (last value repeats)."""
    rows = []
    for index, party in enumerate(parties):
        row = {"organisation_id": party["organisation_id"], "name": party["name"]}
        for key, values in values_per_index.items():
            row[key] = values[min(index, len(values) - 1)]
        rows.append(row)
    return rows


def _shares(count: int) -> list[str]:
    if count == 2:
        return ["60", "40"]
    base = (10000 // count) / 100
    shares = [f"{base:.2f}"] * count
    shares[-1] = f"{100 - base * (count - 1):.2f}"
    return shares


def agreement_sections(collaboration) -> dict:
    """A complete, SMART agreement for the current participants (also used by the tests)."""
    today = timezone.localdate()
    parties = []
    for participant in participants_of(collaboration):
        party = party_from_participant(participant)
        address, role = DEMO_ADDRESSES.get(party["kvk_number"], ("Dorpsstraat 1, 3511 AA Utrecht", "directeur"))
        party.update(address=address, signatory_role=role)
        party["signatory_name"] = party["signatory_name"] or "Onbekend"
        parties.append(party)
    shares = _shares(len(parties))
    return {
        "parties": parties,
        "goals": {
            "purpose": (
                "De bakkerij levert vers brood, de vervoerder de gekoelde ritten. Samen bieden we horeca en "
                "zorginstellingen iets wat geen van beide alleen kan: elke ochtend vers brood vóór 7 uur."
            ),
            "activities": "Gezamenlijke ochtendroute, één bestelportaal, gezamenlijke acquisitie bij zorginstellingen.",
            "items": [
                {
                    "description": "Vers brood vóór 7.00 uur bij alle vaste afnemers in de Vechtstreek",
                    "indicator": "aandeel leveringen dat vóór 7.00 uur is afgeleverd",
                    "target": "95 %",
                    "deadline": (today + timedelta(days=120)).isoformat(),
                    "confirmed_by": [p["organisation_id"] for p in parties],
                },
                {
                    "description": "Nieuwe zorginstellingen als vaste afnemer van de broodroute",
                    "indicator": "aantal zorginstellingen met een leveringscontract",
                    "target": "12",
                    "deadline": (today + timedelta(days=365)).isoformat(),
                    "confirmed_by": [p["organisation_id"] for p in parties],
                },
            ],
        },
        "planning": {
            "items": [
                {
                    "description": "Proefrit met vijf afnemers",
                    "date": (today + timedelta(days=30)).isoformat(),
                    "owner": parties[-1]["name"],
                },
                {
                    "description": "Bestelportaal live",
                    "date": (today + timedelta(days=60)).isoformat(),
                    "owner": parties[0]["name"],
                },
                {
                    "description": "Eerste evaluatie met de afnemers",
                    "date": (today + timedelta(days=90)).isoformat(),
                    "owner": parties[0]["name"],
                },
            ]
        },
        "contributions": {
            "parties": _by_party(
                parties,
                summary=["Brood, recepturen en het klantcontact", "Gekoelde bestelwagens en chauffeurs"],
                money=["5000", "2500"],
                hours_per_month=["40", "60"],
                knowledge=["Ambachtelijk bakken, HACCP", "Routeplanning, koeltransport"],
                means=["Bakkerij en bestelportaal", "Twee gekoelde bestelwagens"],
            ),
            "settlement": "Uren worden tegen kostprijs verrekend, elk kwartaal, op basis van de urenregistratie.",
        },
        "benefits": {
            "parties": _by_party(parties, cost_share=shares, revenue_share=shares),
            "customer_owner": "Klanten uit de broodroute zijn klanten van de samenwerking; de bakkerij factureert.",
            "customer_contact": "Alleen na overleg; eigen bestaande klanten blijven van ieder zelf.",
            "crm": "Eén gedeeld klantbestand in het bestelportaal; ieder ziet alleen de gegevens van de route.",
            "suppliers": "Afspraken met eigen leveranciers gelden niet voor de samenwerking.",
            "ip": "Recepturen blijven van de bakkerij; de routeplanning blijft van de vervoerder.",
            "breach": "Eerst een gesprek; bij herhaling kan de ander de samenwerking met een maand opzeggen.",
            "setbacks": "Tegenvallers worden gedragen in dezelfde verhouding als de kosten.",
        },
        "obligations": {
            "parties": _by_party(
                parties,
                effort=["Meedenken over nieuwe afnemers in de regio", "Alles doen om vóór 7.00 uur te leveren"],
                result=["Elke werkdag om 5.30 uur het brood klaar voor vertrek", "Elke werkdag één gekoelde rit"],
            )
        },
        "term": {
            "start_date": today.isoformat(),
            "end_date": "",
            "notice": "Drie maanden, schriftelijk, tegen het einde van een kwartaal.",
            "leave_how": "Schriftelijke opzegging aan alle partners met inachtneming van de opzegtermijn.",
            "consequences": "Lopende leveringscontracten worden tot het einde van hun looptijd samen uitgevoerd.",
            "results_division": "Winst tot de einddatum wordt verdeeld zoals afgesproken; klanten kiezen zelf.",
            "parting": "Blijkt de route na zes maanden niet rendabel, dan stoppen we in onderling overleg.",
        },
        "evaluation": {"frequency": "quarterly", "notes": "Elk kwartaal de Samenwerkingschecker, daarna een overleg."},
        "conditions": {
            "confidentiality": "Prijzen, recepturen en klantgegevens blijven geheim, ook twee jaar na het einde.",
            "digital_tools": "Bestelportaal, gedeelde agenda en een groepsapp voor de ochtendroute.",
            "disputes": "Eerst een gesprek, dan een mediator van de ondernemersvereniging, daarna de rechter.",
            "legal_form": "Samenwerkingsovereenkomst, geen aparte rechtspersoon.",
        },
    }


def letter_of_intent_sections(collaboration) -> dict:
    today = timezone.localdate()
    parties = agreement_sections(collaboration)["parties"]
    return {
        "parties": parties,
        "intention": {
            "intention": collaboration.purpose,
            "scope": "De ochtendlevering van brood aan horeca en zorginstellingen in de Vechtstreek.",
            "duration_kind": collaboration.duration_kind,
        },
        "next_steps": {
            "items": [
                {
                    "description": "Samenwerkingsovereenkomst opstellen",
                    "date": (today + timedelta(days=21)).isoformat(),
                },
                {
                    "description": "Uitzoeken of een rechtsvorm nodig is",
                    "date": (today + timedelta(days=14)).isoformat(),
                },
            ]
        },
        "confidentiality": {"text": "Wat we in de gesprekken delen over prijzen en klanten blijft tussen ons."},
        "costs": {"arrangement": "each_own", "notes": ""},
    }


SECTION_DATA = {
    DocumentKind.AGREEMENT: agreement_sections,
    DocumentKind.LETTER_OF_INTENT: letter_of_intent_sections,
}


def write_document(*, accesses, kind: DocumentKind) -> None:
    """Save every section, taking turns between the participants."""
    sections = SECTION_DATA[kind](accesses[0].collaboration)
    for index, (key, data) in enumerate(sections.items()):
        access = accesses[index % len(accesses)]
        status = selectors.document_status(access, kind)
        base = status.version.number if status.version else 0
        services.version_save(access=access, kind=kind, section=key, section_data=data, base_number=base)


def sign_by_all(*, accesses, kind: DocumentKind) -> None:
    lead = next(a for a in accesses if a.is_lead)
    version = selectors.document_status(lead, kind).version
    freeze = services.document_freeze(access=lead, kind=kind, version_number=version.number)
    for access in accesses:
        services.document_approve(access=access, freeze=freeze, document_sha256=freeze.pdf_sha256)
    for access in accesses:
        proof = services.Reauthentication(user_pk=access.user.pk, method=Signature.Method.SEED)
        services.document_sign(
            access=access,
            freeze=freeze,
            document_sha256=freeze.pdf_sha256,
            proof=proof,
            ip="127.0.0.1",
            user_agent="Samenwerkwijzer demogegevens",
        )


def seed_agreements_demo(*, collaboration, signers: list[tuple]) -> None:
    """A signed letter of intent and a signed, sealed agreement for ``collaboration``.

    ``signers`` are (user, organisation) pairs: an authorised signatory of every participating
    organisation, the lead's first.
    """
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        accesses = [
            get_collaboration_for_user(user, collaboration.pk, write=True, preferred_organisation_id=organisation.pk)
            for user, organisation in signers
        ]
        for kind in (DocumentKind.LETTER_OF_INTENT, DocumentKind.AGREEMENT):
            status = selectors.document_status(accesses[0], kind)
            if status.signed_freeze is not None or status.state not in (selectors.EMPTY, selectors.DRAFT):
                continue  # signed already, or someone is busy with it: leave it alone
            write_document(accesses=accesses, kind=kind)
            sign_by_all(accesses=accesses, kind=kind)
