"""Each of Adler's eight types (guide ch. 8) is reached by partners who behave as the guide describes it.

One typical answer set per type, in the items of the current besturingsvorm definition. Two
organisations give the same answers; the outcome is computed as the comparison page does it.
"""

import pytest

from samenwerkwijzer.instruments import definitions, rules

# Scores 1-5 per item, as partners who behave as the guide describes the type would answer.
TYPICAL_ANSWERS = {
    # "puur op basis van prijzen ... als partijen elkaars kennis inhuren; een goedkopere partij krijgt de klus"
    "spot_market": {
        "price_agreed": 5,
        "settled_in_money": 5,
        "formal_rules": 2,
        "decision_rules": 1,
        "rely_without_control": 2,
        "shared_norms": 2,
        "loyalty": 1,
    },
    # "in principe werkt de markt, maar de partijen leggen elkaar wel beperkingen op"
    "low_trust_hybrid": {
        "price_agreed": 5,
        "settled_in_money": 4,
        "formal_rules": 5,
        "decision_rules": 4,
        "rely_without_control": 1,
        "shared_norms": 2,
        "loyalty": 2,
    },
    # "net beginnen, elkaar nog niet goed kennen en nog niks hebben geformaliseerd"
    "asocial_horde": {
        "price_agreed": 2,
        "settled_in_money": 1,
        "formal_rules": 1,
        "decision_rules": 2,
        "rely_without_control": 2,
        "shared_norms": 1,
        "loyalty": 2,
    },
    # "het onderlinge wantrouwen wordt beteugeld door wederzijds regels op te leggen"
    "coercive_bureaucracy": {
        "price_agreed": 1,
        "settled_in_money": 2,
        "formal_rules": 5,
        "decision_rules": 4,
        "rely_without_control": 1,
        "shared_norms": 2,
        "loyalty": 2,
    },
    # "puur op basis van vertrouwen ... sterke onderlinge normen over het bijdragen"
    "clan": {
        "price_agreed": 1,
        "settled_in_money": 1,
        "formal_rules": 2,
        "decision_rules": 1,
        "rely_without_control": 5,
        "shared_norms": 5,
        "loyalty": 5,
    },
    # "het marktprincipe blijft intact, maar loyaliteit speelt ook een rol": priced, and loyal
    "relational_contracts": {
        "price_agreed": 5,
        "settled_in_money": 5,
        "formal_rules": 2,
        "decision_rules": 2,
        "rely_without_control": 4,
        "shared_norms": 3,
        "loyalty": 5,
    },
    # "regels die ondersteunend zijn voor de samenwerking, mogelijk doordat sprake is van onderling vertrouwen"
    "enabling_bureaucracy": {
        "price_agreed": 1,
        "settled_in_money": 2,
        "formal_rules": 5,
        "decision_rules": 5,
        "rely_without_control": 5,
        "shared_norms": 4,
        "loyalty": 4,
    },
    # "combineert prijs, hiërarchie en vertrouwen"
    "high_trust_hybrid": {
        "price_agreed": 5,
        "settled_in_money": 4,
        "formal_rules": 5,
        "decision_rules": 4,
        "rely_without_control": 5,
        "shared_norms": 4,
        "loyalty": 5,
    },
}


def _outcome(instrument, answers) -> str:
    averages = rules.dimension_averages([answers, dict(answers)], instrument.dimension_of())
    return rules.classify_governance(averages[rules.MARKET], averages[rules.HIERARCHY], averages[rules.TRUST])


@pytest.mark.parametrize("type_id", list(TYPICAL_ANSWERS))
def test_partners_who_behave_as_the_guide_describes_a_type_land_in_that_type(type_id):
    instrument = definitions.get_instrument("besturingsvorm")
    answers = TYPICAL_ANSWERS[type_id]
    assert set(answers) == set(instrument.dimension_of()), "the answer set must cover every scored item"
    assert _outcome(instrument, answers) == type_id


def test_every_one_of_the_eight_types_has_a_typical_answer_set():
    instrument = definitions.get_instrument("besturingsvorm")
    assert set(TYPICAL_ANSWERS) == {t.id for t in instrument.governance_types}


def test_no_scored_item_asks_whether_partners_leave_for_a_cheaper_one():
    # Relational contracts are priced AND loyal: an item that scores the market by leaving for a
    # cheaper party would push loyal, price-based partners out of the market half.
    instrument = definitions.get_instrument("besturingsvorm")
    for item in instrument.items:
        if item.dimension == rules.MARKET:
            assert "goedkoper" not in item.label.nl and "cheaper" not in item.label.en


def test_loyalty_counts_as_trust_and_never_against_the_market():
    instrument = definitions.get_instrument("besturingsvorm")
    assert instrument.dimension_of()["loyalty"] == rules.TRUST
    loyal = {**TYPICAL_ANSWERS["spot_market"], "loyalty": 5, "rely_without_control": 4, "shared_norms": 4}
    assert _outcome(instrument, loyal) == "relational_contracts"


def test_rounds_opened_with_the_first_version_keep_its_items():
    first = definitions.get_instrument("besturingsvorm", 1)
    assert "price_decides" in first.dimension_of()
    assert definitions.get_instrument("besturingsvorm").version >= 2
