"""Demo data for the instruments, called by ``core``'s ``seed_demo`` for one collaboration.

Idempotent: what exists is left alone. Returns the secrets: texts that only the listed
users may see anywhere until the round is revealed (automated checks look for them).
"""

from django.db import transaction

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.organisations.models import Membership

from . import definitions as d
from . import services
from .models import AnswerSet, Round, SelfCheck

SECRET_PHRASE = "Krentenbol-Kompas-7731"  # noqa: S105 - a demo phrase, not a password

# Two checker rounds, so the trend shows; the partners differ most on trust, the
# division of benefits and burdens and who takes the lead.
CHECKER_ROUNDS = [
    {
        "lead": {"default": 4, "mutual_trust": 5, "benefits_and_burdens": 4, "one_partner_leads": 5, "grade": 7},
        "partner": {"default": 3, "mutual_trust": 2, "benefits_and_burdens": 1, "one_partner_leads": 2, "grade": 5},
    },
    {
        "lead": {"default": 4, "mutual_trust": 5, "benefits_and_burdens": 4, "one_partner_leads": 4, "grade": 8},
        "partner": {"default": 4, "mutual_trust": 3, "benefits_and_burdens": 2, "one_partner_leads": 4, "grade": 6},
    },
]

GOVERNANCE = {"lead": (2, 4, 4), "partner": (3, 4, 3)}

TIEN_BASISVRAGEN_PARTNER = {
    "q1_goal": "Elke ochtend vóór 7 uur vers brood bij horeca en zorginstellingen in de Vechtstreek, "
    f"met één gekoelde route in plaats van drie. Werknaam van ons plan: {SECRET_PHRASE}.",
    "q1_level": "tactical",
    "q2_own_contribution": "Twee gekoelde bestelwagens, chauffeurs vanaf 5 uur en routeplanning.",
    "q3_others_contribution": "Het brood, de klantrelaties met de horeca en de naam van de bakkerij.",
    "q4_missing": "Iemand die de facturatie aan zorginstellingen regelt.",
    "q5_roles": "De bakkerij is penvoerder, wij doen de logistiek. Over een jaar rijden we twee vaste routes.",
    "q6_exchange": "Wekelijks kort overleg en een gedeelde planning.",
    "q7_risks": "Als een wagen uitvalt, komt het brood te laat.",
    "q8_mitigation": "Een reservewagen afspreken met een collega-vervoerder.",
    "q9_legal_form": "Eerst een samenwerkingsovereenkomst; geen bv.",
    "q10_business_model": "Een vaste prijs per afleveradres, verdeeld naar inzet.",
}

SELF_CHECKS = {
    "lead": {
        "motives": {"choices": ["customers_and_markets", "efficiency"]},
        "only_together": "yes",
        "give_up_autonomy": "yes",
        "ambition_level": "tactical",
        "duration_kind": "structural",
        "offer_and_demand": {
            "vakkennis": {"offer": "Ambachtelijk brood en banket, ook glutenvrij."},
            "markttoegang": {"offer": "Vaste klanten in horeca en zorg in Breukelen en Maarssen."},
            "logistiek": {"need": "Gekoelde levering vóór 7 uur in de hele Vechtstreek."},
        },
    },
    "partner": {
        "motives": {"choices": ["large_assignments", "efficiency"]},
        "only_together": "doubt",
        "give_up_autonomy": "yes",
        "ambition_level": "operational",
        "duration_kind": "structural",
        "offer_and_demand": {
            "logistiek": {"offer": "Vijf gekoelde bestelwagens met vroege diensten."},
            "markttoegang": {"need": "Vaste afnemers voor de ochtendritten."},
        },
    },
}


def _checker(values: dict) -> dict:
    default = values["default"]
    answers = {item.id: values.get(item.id, default) for item in d.get_instrument(d.CHECKER).statements}
    answers["grade"] = values["grade"]
    return answers


def _governance(market: int, hierarchy: int, trust: int) -> dict:
    values = {"market": market, "hierarchy": hierarchy, "trust": trust}
    return {item.id: values[item.dimension] for item in d.get_instrument(d.BESTURINGSVORM).statements}


def _revealed(lead_access, partner_access, key: str, lead_answers: dict, partner_answers: dict) -> None:
    round_ = services.round_open(access=lead_access, instrument_key=key)
    services.round_submit(access=partner_access, round=round_, answers=partner_answers)
    services.round_submit(access=lead_access, round=round_, answers=lead_answers)


@transaction.atomic
def seed_instruments_demo(*, collaboration, lead_user, partner_user) -> list[dict]:
    lead = get_collaboration_for_user(lead_user, collaboration.pk, lead=True)
    partner = get_collaboration_for_user(partner_user, collaboration.pk, write=True)
    rounds = Round.objects.filter(collaboration=collaboration)

    if not rounds.filter(instrument=d.CHECKER).exists():
        for data in CHECKER_ROUNDS:
            _revealed(lead, partner, d.CHECKER, _checker(data["lead"]), _checker(data["partner"]))
    if not rounds.filter(instrument=d.BESTURINGSVORM).exists():
        _revealed(
            lead, partner, d.BESTURINGSVORM, _governance(*GOVERNANCE["lead"]), _governance(*GOVERNANCE["partner"])
        )
    if not rounds.filter(instrument=d.TIEN_BASISVRAGEN).exists():
        round_ = services.round_open(access=lead, instrument_key=d.TIEN_BASISVRAGEN)
        services.round_submit(access=partner, round=round_, answers=TIEN_BASISVRAGEN_PARTNER)
    for role, access, user in (("lead", lead, lead_user), ("partner", partner, partner_user)):
        if not SelfCheck.objects.filter(organisation=access.organisation).exists():
            membership = Membership.objects.get(user=user, organisation=access.organisation)
            services.self_check_save(membership=membership, answers=SELF_CHECKS[role], actor=user)
    return _secrets(collaboration)


def _secrets(collaboration) -> list[dict]:
    """The phrase and who may see it, as long as the round that holds it is not revealed."""
    holders = AnswerSet.objects.filter(
        round__collaboration=collaboration,
        round__instrument=d.TIEN_BASISVRAGEN,
        round__revealed_at__isnull=True,
        submitted_at__isnull=False,
        answers__q1_goal__icontains=SECRET_PHRASE,
    ).values_list("organisation_id", flat=True)
    visible_to = sorted(
        Membership.objects.filter(organisation_id__in=list(holders)).values_list("user__email", flat=True).distinct()
    )
    return [{"text": SECRET_PHRASE, "visible_to": visible_to}] if visible_to else []
