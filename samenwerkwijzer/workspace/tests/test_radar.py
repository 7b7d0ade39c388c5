from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.workspace import radar
from samenwerkwijzer.workspace.radar import ActionFact, GoalFact, RadarFacts, RoundFact, SplitFact

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def facts(**changes) -> RadarFacts:
    base = {
        "today": TODAY,
        "started_on": date(2026, 9, 1),
        "participants": ("Alpha", "Beta"),
        "agreements_phase_reached": True,
        "goals": (GoalFact("Omzet +10%"),),
    }
    base.update(changes)
    return RadarFacts(**base)


def checker(number=1, closed_on=date(2026, 11, 1), submitted=("Alpha", "Beta"), **scores):
    return RoundFact(
        instrument="samenwerkingschecker",
        number=number,
        closed_on=closed_on,
        closed_early=False,
        submitted=frozenset(submitted),
        scores=scores,
    )


def keys(flags):
    return [flag.key for flag in flags]


def test_a_healthy_collaboration_raises_no_flag():
    healthy = facts(rounds=(checker(mutual_trust={"Alpha": 5, "Beta": 4}, shared_goal={"Alpha": 4, "Beta": 4}),))
    assert radar.evaluate(healthy) == []


def test_goals_without_indicator_or_deadline_are_flagged_with_what_is_missing():
    flags = radar.goals_not_smart(facts(goals=(GoalFact("Meer klanten", ("indicator", "deadline")),)))
    assert keys(flags) == ["goals_not_smart"]
    assert flags[0].evidence == ("Goal “Meer klanten” lacks: indicator, deadline",)


def test_no_goals_at_all_is_flagged_only_once_agreements_are_being_made():
    assert keys(radar.goals_not_smart(facts(goals=()))) == ["goals_not_smart"]
    assert radar.goals_not_smart(facts(goals=(), agreements_phase_reached=False)) == []


def test_a_partner_carrying_far_more_burden_than_benefit_is_flagged():
    splits = (SplitFact("Alpha", Decimal(60), Decimal(30)), SplitFact("Beta", Decimal(40), Decimal(70)))
    flags = radar.unbalanced_split(facts(splits=splits))
    assert flags[0].evidence == ("Alpha carries 60% of the costs but receives 30% of the revenue",)
    assert flags[0].category == radar.STARTING_POINTS


def test_a_small_imbalance_is_not_flagged():
    splits = (SplitFact("Alpha", Decimal(55), Decimal(45)), SplitFact("Beta", Decimal(45), Decimal(55)))
    assert radar.unbalanced_split(facts(splits=splits)) == []


def test_overdue_open_actions_are_flagged_oldest_first():
    actions = (
        ActionFact("Offerte sturen", "Beta", date(2026, 11, 20), done=False),
        ActionFact("Website", "Alpha", date(2026, 11, 1), done=False),
        ActionFact("Klaar", "Alpha", date(2026, 10, 1), done=True),
        ActionFact("Later", "Alpha", date(2026, 12, 1), done=False),
    )
    flags = radar.overdue_actions(facts(actions=actions))
    assert [e.split("”")[0] for e in flags[0].evidence] == ["“Website", "“Offerte sturen"]


def test_low_or_divided_trust_is_flagged_with_the_scores():
    low = facts(rounds=(checker(mutual_trust={"Alpha": 2, "Beta": 2}),))
    divided = facts(rounds=(checker(mutual_trust={"Alpha": 5, "Beta": 2}),))
    assert keys(radar.trust_low(low)) == ["trust_low"]
    assert "difference 3 (Alpha 5, Beta 2)" in radar.trust_low(divided)[0].evidence[0]


def test_only_the_latest_checker_round_counts():
    improved = facts(
        rounds=(
            checker(1, date(2026, 6, 1), mutual_trust={"Alpha": 1, "Beta": 1}),
            checker(2, date(2026, 11, 1), mutual_trust={"Alpha": 5, "Beta": 4}),
        )
    )
    assert radar.trust_low(improved) == []


def test_a_large_spread_on_sharing_knowledge_suggests_withholding():
    flags = radar.knowledge_withheld(facts(rounds=(checker(share_own_knowledge={"Alpha": 5, "Beta": 3}),)))
    assert keys(flags) == ["knowledge_withheld"] and flags[0].category == radar.TRUST


def test_a_weak_lead_score_is_flagged():
    assert keys(radar.lead_unclear(facts(rounds=(checker(one_partner_leads={"Alpha": 2, "Beta": 3}),)))) == [
        "lead_unclear"
    ]


def test_no_evaluation_within_the_interval_is_flagged():
    assert radar.no_recent_evaluation(facts(started_on=date(2026, 6, 1))) == []
    flags = radar.no_recent_evaluation(facts(started_on=date(2026, 5, 1)))
    assert "no evaluation since the start on 01-05-2026" in flags[0].evidence[0]
    recent = facts(started_on=date(2025, 1, 1), rounds=(checker(closed_on=date(2026, 6, 1)),))
    assert radar.no_recent_evaluation(recent) == []
    assert keys(
        radar.no_recent_evaluation(
            facts(
                started_on=date(2025, 1, 1), evaluation_interval_months=3, rounds=(checker(closed_on=date(2026, 6, 1)),)
            )
        )
    ) == ["no_recent_evaluation"]


def test_a_partner_that_misses_the_last_two_rounds_is_flagged():
    rounds = (
        checker(1, date(2026, 9, 1), submitted=("Alpha", "Beta")),
        checker(2, date(2026, 10, 1), submitted=("Alpha",)),
        RoundFact("tien_basisvragen", 1, date(2026, 11, 1), True, frozenset({"Alpha"})),
    )
    flags = radar.partner_never_submits(facts(rounds=rounds))
    assert flags[0].evidence == ("Beta did not answer in the last two rounds",)


def test_a_partner_that_never_answered_is_flagged_after_one_closed_round():
    rounds = (RoundFact("matchcheck", 1, date(2026, 11, 1), True, frozenset({"Alpha"})),)
    assert radar.partner_never_submits(facts(rounds=rounds))[0].evidence == ("Beta has not answered any round yet",)


def test_flags_come_in_the_guides_order():
    everything = facts(
        goals=(),
        splits=(SplitFact("Alpha", Decimal(80), Decimal(20)),),
        rounds=(checker(mutual_trust={"Alpha": 1, "Beta": 1}, closed_on=date(2025, 1, 1)),),
        started_on=date(2024, 1, 1),
    )
    categories = [flag.category for flag in radar.evaluate(everything)]
    assert categories == sorted(categories, key=radar.CATEGORY_ORDER.index)
    assert set(categories) == {radar.STARTING_POINTS, radar.ORGANISATIONAL, radar.TRUST}


@given(
    st.dictionaries(st.sampled_from(["Alpha", "Beta", "Gamma"]), st.integers(1, 5), min_size=1),
    st.sampled_from(["mutual_trust", "shared_goal", "share_own_knowledge", "one_partner_leads"]),
)
def test_a_statement_is_flagged_exactly_when_low_or_divided(scores, statement):
    with translation.override("en"):
        flags = radar.evaluate(facts(rounds=(checker(**{statement: scores}),)))
    values = list(scores.values())
    expected = sum(values) / len(values) <= radar.LOW_MEAN or max(values) - min(values) >= radar.LARGE_SPREAD
    assert bool(flags) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 36))
def test_months_later_is_always_later_and_keeps_the_day_when_it_can(day, months):
    later = radar._months_later(day, months)
    assert later > day
    assert later.day == day.day or later.day >= 28
