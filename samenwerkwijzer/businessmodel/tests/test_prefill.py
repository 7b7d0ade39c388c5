import pytest

from samenwerkwijzer.businessmodel import prefill
from samenwerkwijzer.businessmodel.models import Block
from samenwerkwijzer.businessmodel.prefill import SharedSelfCheck, Suggestion
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.lib.formatting import format_percent

CATEGORIES = {"logistiek": "Logistiek", "netwerk": "Netwerk", "financien": "Financiën"}


def test_the_added_value_of_each_shared_self_check_becomes_a_value_proposition():
    shares = [
        SharedSelfCheck("Alpha", {"added_value": "  Vers brood bij de zorg  "}),
        SharedSelfCheck("Beta", {"added_value": ""}),
        SharedSelfCheck("Gamma", {}),
    ]
    assert prefill.from_added_value(shares) == [
        Suggestion(Block.VALUE_PROPOSITIONS, "Alpha: Vers brood bij de zorg", prefill.SELF_CHECK)
    ]


def test_offers_become_key_resources_and_needs_key_partners():
    shares = [
        SharedSelfCheck("Alpha", {"offer_and_demand": {"logistiek": {"need": "Koelwagen"}, "financien": {"need": ""}}}),
        SharedSelfCheck(
            "Beta", {"offer_and_demand": {"logistiek": {"offer": "Vijf bestelwagens"}, "netwerk": {"offer": ""}}}
        ),
        SharedSelfCheck("Gamma", {"offer_and_demand": "broken"}),
    ]
    found = prefill.from_offer_and_demand(shares, CATEGORIES)
    assert [s for s in found if s.block == Block.KEY_RESOURCES] == [
        Suggestion(Block.KEY_RESOURCES, "Logistiek (Beta): Vijf bestelwagens", prefill.OFFER_AND_DEMAND),
        Suggestion(Block.KEY_RESOURCES, "Netwerk (Beta)", prefill.OFFER_AND_DEMAND),
    ]
    partners = [s.text for s in found if s.block == Block.KEY_PARTNERS]
    assert partners == [
        "Beta voor logistiek, nodig voor Alpha: Koelwagen",
        "Nog te vinden: een partner voor financiën, nodig voor Alpha",
    ]


def test_an_organisation_is_not_its_own_key_partner():
    shares = [SharedSelfCheck("Alpha", {"offer_and_demand": {"netwerk": {"offer": "Club", "need": "Meer"}}})]
    partners = [s.text for s in prefill.from_offer_and_demand(shares, CATEGORIES) if s.block == Block.KEY_PARTNERS]
    assert partners == ["Nog te vinden: een partner voor netwerk, nodig voor Alpha: Meer"]


def test_the_agreements_goals_become_key_activities():
    data = {
        "goals": {"activities": "Eén ochtendroute", "items": [{"description": " Vers brood "}, {"description": ""}, {}]}
    }
    assert prefill.from_goals(data) == [
        Suggestion(Block.KEY_ACTIVITIES, "Eén ochtendroute", prefill.GOALS),
        Suggestion(Block.KEY_ACTIVITIES, "Vers brood", prefill.GOALS),
    ]
    assert prefill.from_goals(None) == [] and prefill.from_goals({"goals": {}}) == []


def test_the_split_of_costs_and_revenues_becomes_cost_structure_and_revenue_streams():
    data = {
        "benefits": {
            "parties": [
                {"name": "Alpha", "cost_share": "60", "revenue_share": "50,5"},
                {"name": "Beta", "cost_share": "40", "revenue_share": ""},
                {"name": "", "cost_share": "10"},
            ]
        }
    }
    assert prefill.from_benefits(data, format_percent=format_percent) == [
        Suggestion(Block.COST_STRUCTURE, "Verdeling van de kosten: Alpha 60\xa0%, Beta 40\xa0%", prefill.BENEFITS),
        Suggestion(Block.REVENUE_STREAMS, "Verdeling van de opbrengsten: Alpha 50,5\xa0%", prefill.BENEFITS),
    ]
    assert prefill.from_benefits(None, format_percent=format_percent) == []


def test_a_note_says_its_source_in_words():
    assert prefill.source_label("prefill:goals") == "uit de doelen in de samenwerkingsovereenkomst"
    assert prefill.source_label("merge:2") == "" and prefill.source_label("") == ""


@pytest.mark.django_db
def test_only_what_partners_shared_with_this_collaboration_is_used(personas):
    from samenwerkwijzer.agreements.tests.factories import write_agreement
    from samenwerkwijzer.instruments.models import SelfCheck, SelfCheckShare
    from testsupport.factories import add_explorer

    # Alpha's private Zelfcheck (not shared) and an explorer's share are never used; Beta shared.
    SelfCheck.objects.create(organisation=personas.alpha, definition_version=1, answers={"added_value": "Geheim"})
    SelfCheckShare.objects.create(
        organisation=personas.beta,
        collaboration=personas.collaboration,
        definition_version=1,
        answers={"added_value": "Gedeeld", "offer_and_demand": {"logistiek": {"offer": "Wagens"}}},
    )
    explorer = add_explorer(personas.collaboration, lead=personas.alice, email="e@example.org", name="Epsilon")
    SelfCheckShare.objects.create(
        organisation=explorer.organisation,
        collaboration=personas.collaboration,
        definition_version=1,
        answers={"added_value": "Van de verkenner"},
    )
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk)
    values = [s.text for s in prefill.suggestions_for(access, block=Block.VALUE_PROPOSITIONS)]
    assert values == [f"{personas.beta.name}: Gedeeld"]
    resources = prefill.suggestions_for(access, block=Block.KEY_RESOURCES)
    assert [s.text for s in resources] == [f"Logistiek ({personas.beta.name}): Wagens"]
    assert prefill.suggestions_for(access, block=Block.KEY_ACTIVITIES) == []
    assert prefill.suggestions_for(access, block=Block.CHANNELS) == []

    write_agreement(personas)
    activities = prefill.suggestions_for(access, block=Block.KEY_ACTIVITIES)
    assert activities and all(s.source == prefill.GOALS for s in activities)
    assert any("Vers brood" in s.text for s in activities)
    costs = prefill.suggestions_for(access, block=Block.COST_STRUCTURE)
    assert len(costs) == 1 and personas.alpha.name in costs[0].text
