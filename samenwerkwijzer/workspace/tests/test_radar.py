"""The twelve pitfalls of guide ch. 7: one test per rule with data that triggers it and data that does not."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.workspace import radar
from samenwerkwijzer.workspace.radar import rules
from samenwerkwijzer.workspace.radar.facts import (
    ActionFact,
    EvaluationFact,
    GoalFact,
    RadarFacts,
    RoundFact,
    SplitFact,
)

TODAY = date(2026, 11, 28)
QUARTERLY = EvaluationFact(months=3, label="every quarter", source=None)
DEFINITIONS = Path(__file__).resolve().parents[2] / "instruments" / "definitions"


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
        "evaluation": QUARTERLY,
        "goals": (GoalFact("Omzet +10%"),),
    }
    base.update(changes)
    return RadarFacts(**base)


def scored(
    instrument="samenwerkingschecker", number=1, closed_on=date(2026, 11, 1), submitted=("Alpha", "Beta"), **scores
):
    return RoundFact(
        instrument=instrument,
        number=number,
        closed_on=closed_on,
        closed_early=False,
        submitted=frozenset(submitted),
        scores=scores,
    )


def checker(number=1, closed_on=date(2026, 11, 1), submitted=("Alpha", "Beta"), **scores):
    return scored("samenwerkingschecker", number, closed_on, submitted, **scores)


GOOD = {"Alpha": 4, "Beta": 5}
LOW = {"Alpha": 2, "Beta": 2}
DIVIDED = {"Alpha": 5, "Beta": 3}


def pitfall(key, the_facts) -> rules.Pitfall:
    return next(p for p in radar.overview(the_facts) if p.key == key)


def status(key, the_facts) -> str:
    return pitfall(key, the_facts).status


# --- the guide's twelve, in its three groups -----------------------------------------------------


def test_the_radar_covers_the_guides_twelve_pitfalls_in_its_three_groups():
    result = radar.overview(facts())
    assert [(p.category, p.key) for p in result] == [
        (radar.STARTING_POINTS, "improper_intentions"),
        (radar.STARTING_POINTS, "want_and_can_unclear"),
        (radar.STARTING_POINTS, "power_and_interest"),
        (radar.ORGANISATIONAL, "goals_not_smart"),
        (radar.ORGANISATIONAL, "support_lacking"),
        (radar.ORGANISATIONAL, "culture_differs"),
        (radar.ORGANISATIONAL, "complexity_underestimated"),
        (radar.ORGANISATIONAL, "no_time_or_priority"),
        (radar.ORGANISATIONAL, "agreements_not_kept"),
        (radar.TRUST, "rosier_than_real"),
        (radar.TRUST, "information_withheld"),
        (radar.TRUST, "own_agenda"),
    ]


def test_without_any_data_no_pitfall_is_shown_as_without_signal():
    empty = facts(agreements_phase_reached=False, goals=())
    statuses = {p.key: p.status for p in radar.overview(empty)}
    assert radar.NO_SIGNAL not in statuses.values()
    assert [k for k, s in statuses.items() if s == radar.NOT_DERIVABLE] == [
        "improper_intentions",
        "rosier_than_real",
        "information_withheld",
        "own_agenda",
    ]
    assert all(s == radar.NO_DATA for k, s in statuses.items() if s != radar.NOT_DERIVABLE)
    assert all(p.missing for p in radar.overview(empty) if p.status == radar.NO_DATA)
    assert radar.evaluate(empty) == []


def test_the_four_pitfalls_without_a_data_source_ask_a_question_whatever_the_data():
    everything_bad = facts(
        rounds=(checker(**dict.fromkeys(rules.STATEMENTS, LOW)),),
        splits=(SplitFact("Alpha", Decimal(90), Decimal(10)),),
    )
    for key in ("improper_intentions", "rosier_than_real", "information_withheld", "own_agenda"):
        result = pitfall(key, everything_bad)
        assert result.status == radar.NOT_DERIVABLE and result.question
        assert not result.evidence and not result.thresholds


def test_low_trust_and_knowledge_scores_are_shown_as_context_not_as_a_signal():
    low = facts(rounds=(checker(mutual_trust=LOW, share_own_knowledge=DIVIDED),))
    assert "statement 6" in pitfall("rosier_than_real", low).context[0]
    assert "statement 13" in pitfall("information_withheld", low).context[0]
    assert pitfall("information_withheld", facts(rounds=(checker(share_own_knowledge=GOOD),))).context == ()
    assert [p.key for p in radar.evaluate(low)] == []


def test_every_rule_with_a_source_states_its_threshold():
    for result in radar.overview(facts()):
        if result.status != radar.NOT_DERIVABLE:
            assert result.thresholds and all("a signal when" in t for t in result.thresholds)


def test_thresholds_are_stated_in_dutch_with_the_numbers_the_rules_use():
    with translation.override("nl"):
        texts = " ".join(pitfall("support_lacking", facts()).thresholds)
        split = " ".join(pitfall("power_and_interest", facts()).thresholds)
    assert "stelling 9" in texts and "2,5 of lager" in texts and "2 punten of meer" in texts
    assert Decimal("2.5") == radar.LOW_MEAN and radar.LARGE_SPREAD == 2
    assert "20 procentpunten of meer" in split and radar.UNBALANCED_POINTS == 20


def test_statement_numbers_are_those_of_the_checker_in_the_guide():
    definition = json.loads((DEFINITIONS / "samenwerkingschecker.v1.json").read_text())
    numbers = {item["id"]: number for number, item in enumerate(definition["items"], 1)}
    for statement, (number, _wording) in rules.STATEMENTS.items():
        assert numbers[statement] == number
    assert rules.STATEMENTS["no_internal_obstacles"][0] == 9  # draagvlak
    assert rules.STATEMENTS["similar_ways"][0] == 10  # cultuur
    assert rules.STATEMENTS["full_commitment"][0] == 7  # tijd en prioriteit
    assert rules.STATEMENTS["knowledge_needed"][0] == 11  # weten wat je kunt


# --- 1. starting points ----------------------------------------------------------------------------


def test_not_knowing_what_you_want_or_can_is_signalled_by_statements_5_and_11():
    assert status("want_and_can_unclear", facts(rounds=(checker(shared_goal=LOW, knowledge_needed=GOOD),))) == "signal"
    signal = pitfall("want_and_can_unclear", facts(rounds=(checker(shared_goal=GOOD, knowledge_needed=DIVIDED),)))
    assert signal.status == "signal" and "statement 11" in signal.evidence[0]
    assert status("want_and_can_unclear", facts(rounds=(checker(shared_goal=GOOD, knowledge_needed=GOOD),))) == (
        "no_signal"
    )


def test_a_partner_carrying_far_more_burden_than_benefit_is_a_power_signal():
    splits = (SplitFact("Alpha", Decimal(60), Decimal(30)), SplitFact("Beta", Decimal(40), Decimal(70)))
    result = pitfall("power_and_interest", facts(splits=splits))
    assert result.status == "signal"
    assert result.evidence == ("Alpha carries 60% of the costs but receives 30% of the revenue",)


def test_a_small_imbalance_is_no_power_signal():
    splits = (SplitFact("Alpha", Decimal("55.5"), Decimal(45)), SplitFact("Beta", Decimal(45), Decimal(55)))
    assert status("power_and_interest", facts(splits=splits)) == "no_signal"


def test_unequal_influence_or_unclear_burdens_in_the_checker_are_a_power_signal():
    consult = pitfall("power_and_interest", facts(rounds=(checker(consult_before_deciding=DIVIDED),)))
    assert consult.status == "signal" and "statement 14" in consult.evidence[0]
    assert status("power_and_interest", facts(rounds=(checker(benefits_and_burdens=LOW),))) == "signal"
    fine = facts(rounds=(checker(consult_before_deciding=GOOD, benefits_and_burdens=GOOD),))
    assert status("power_and_interest", fine) == "no_signal"
    assert "Agreement: no split of costs and revenue yet" in pitfall("power_and_interest", fine).missing


# --- 2. organisational ------------------------------------------------------------------------


def test_goals_without_indicator_or_deadline_are_signalled_with_what_is_missing():
    result = pitfall("goals_not_smart", facts(goals=(GoalFact("Meer klanten", ("indicator", "deadline")),)))
    assert result.status == "signal"
    assert result.evidence == ("Goal “Meer klanten” lacks: indicator, deadline",)
    assert status("goals_not_smart", facts(goals=(GoalFact("Omzet +10%"),))) == "no_signal"


def test_no_goals_at_all_is_signalled_only_once_agreements_are_being_made():
    assert status("goals_not_smart", facts(goals=())) == "signal"
    assert status("goals_not_smart", facts(goals=(), agreements_phase_reached=False)) == "no_data"


def test_too_little_support_is_signalled_by_statement_9():
    assert status("support_lacking", facts(rounds=(checker(no_internal_obstacles=LOW),))) == "signal"
    assert status("support_lacking", facts(rounds=(checker(no_internal_obstacles=GOOD),))) == "no_signal"
    assert status("support_lacking", facts(rounds=(checker(mutual_trust=GOOD),))) == "no_data"


def test_culture_differences_are_signalled_by_statement_10_or_the_matchcheck():
    assert status("culture_differs", facts(rounds=(checker(similar_ways=DIVIDED),))) == "signal"
    match = pitfall("culture_differs", facts(rounds=(scored("matchcheck", culture={"Alpha": 2, "Beta": 3}),)))
    assert match.status == "signal" and match.evidence[0].startswith("Matchcheck round 1, company culture")
    fine = facts(rounds=(checker(similar_ways=GOOD), scored("matchcheck", culture=GOOD)))
    assert status("culture_differs", fine) == "no_signal"
    only_matchcheck = pitfall("culture_differs", facts(rounds=(scored("matchcheck", culture=GOOD),)))
    assert only_matchcheck.status == "no_signal" and "statement 10" in only_matchcheck.missing[0]


def test_underestimated_complexity_is_signalled_by_statements_16_and_17():
    assert status("complexity_underestimated", facts(rounds=(checker(one_partner_leads=LOW),))) == "signal"
    assert status("complexity_underestimated", facts(rounds=(checker(know_our_tasks=DIVIDED),))) == "signal"
    fine = facts(rounds=(checker(one_partner_leads=GOOD, know_our_tasks=GOOD),))
    assert status("complexity_underestimated", fine) == "no_signal"


def test_too_little_time_is_signalled_by_statement_7():
    assert status("no_time_or_priority", facts(rounds=(checker(full_commitment=LOW),))) == "signal"
    assert status("no_time_or_priority", facts(rounds=(checker(full_commitment=GOOD),))) == "no_signal"


def test_a_partner_that_misses_the_last_two_rounds_has_no_time_for_it():
    rounds = (
        checker(1, date(2026, 9, 1), submitted=("Alpha", "Beta")),
        checker(2, date(2026, 10, 1), submitted=("Alpha",)),
        RoundFact("tien_basisvragen", 1, date(2026, 11, 1), True, frozenset({"Alpha"})),
    )
    assert pitfall("no_time_or_priority", facts(rounds=rounds)).evidence == (
        "Beta did not answer in the last two rounds",
    )
    both = (checker(1, date(2026, 9, 1)), checker(2, date(2026, 10, 1), submitted=("Alpha",)))
    assert status("no_time_or_priority", facts(rounds=both)) == "no_signal"


def test_a_partner_that_never_answered_is_signalled_after_one_closed_round():
    rounds = (RoundFact("matchcheck", 1, date(2026, 11, 1), True, frozenset({"Alpha"})),)
    assert pitfall("no_time_or_priority", facts(rounds=rounds)).evidence == ("Beta has not answered any round yet",)


def test_overdue_open_actions_are_agreements_not_kept_oldest_first():
    actions = (
        ActionFact("Offerte sturen", "Beta", date(2026, 11, 20), done=False),
        ActionFact("Website", "Alpha", date(2026, 11, 1), done=False),
        ActionFact("Klaar", "Alpha", date(2026, 10, 1), done=True),
        ActionFact("Later", "Alpha", date(2026, 12, 1), done=False),
    )
    result = pitfall("agreements_not_kept", facts(actions=actions))
    assert [e.split("”")[0] for e in result.evidence] == ["“Website", "“Offerte sturen"]
    assert result.evidence[0] == "“Website” (Alpha) was due on 1 Nov. 2026"
    kept = facts(actions=actions[2:])
    assert status("agreements_not_kept", kept) == "no_signal"
    assert status("agreements_not_kept", facts()) == "no_data"


def test_only_the_latest_checker_round_counts():
    improved = facts(
        rounds=(
            checker(1, date(2026, 6, 1), no_internal_obstacles={"Alpha": 1, "Beta": 1}),
            checker(2, date(2026, 11, 1), no_internal_obstacles={"Alpha": 5, "Beta": 4}),
        )
    )
    assert status("support_lacking", improved) == "no_signal"


# --- evaluation interval ----------------------------------------------------------------------


SIGNED_HALF_YEAR = EvaluationFact(months=6, label="every six months", source=radar.SIGNED)


def test_without_an_agreed_interval_the_forms_default_counts_and_is_called_a_default():
    late = facts(running=True, started_on=date(2026, 8, 1))
    result = pitfall("complexity_underestimated", late)
    assert result.status == "signal"
    assert result.evidence == (
        "There has been no evaluation since the start on 1 Aug. 2026; nothing has been agreed; the default of "
        "the agreement form is used: every quarter.",
    )
    assert status("complexity_underestimated", facts(running=True, started_on=date(2026, 9, 1))) == "no_signal"
    assert "6 months" not in " ".join(result.thresholds) and "agreed interval" not in " ".join(result.thresholds)


def test_an_agreed_interval_that_passed_is_an_agreement_not_kept():
    recent = facts(running=True, evaluation=SIGNED_HALF_YEAR, rounds=(checker(closed_on=date(2026, 6, 1)),))
    assert status("agreements_not_kept", recent) == "no_signal"
    late = facts(running=True, evaluation=SIGNED_HALF_YEAR, rounds=(checker(closed_on=date(2026, 5, 1)),))
    result = pitfall("agreements_not_kept", late)
    assert result.evidence == (
        "The last evaluation was on 1 May 2026; the signed agreement says you evaluate every six months.",
    )
    assert not any("evaluation" in t.lower() for t in pitfall("complexity_underestimated", late).thresholds)


def test_a_draft_interval_is_said_to_be_unsigned():
    draft = EvaluationFact(months=1, label="every month", source=radar.DRAFT)
    result = pitfall("complexity_underestimated", facts(running=True, evaluation=draft))
    assert result.evidence[0].endswith("the draft agreement says every month, but it is not signed yet.")


def test_no_evaluation_is_expected_before_the_collaboration_is_carried_out():
    old = facts(running=False, started_on=date(2024, 1, 1))
    assert (
        "Evaluation: the collaboration is not being carried out yet"
        in pitfall("complexity_underestimated", old).missing
    )


def test_the_rhythm_says_what_was_agreed_or_that_nothing_was():
    assert radar.rhythm_text(SIGNED_HALF_YEAR) == "the signed agreement says you evaluate every six months"
    with translation.override("nl"):
        text = radar.rhythm_text(QUARTERLY)
    assert "niets afgesproken" in text and "standaard" in text


# --- properties -------------------------------------------------------------------------------


@given(
    st.dictionaries(st.sampled_from(["Alpha", "Beta", "Gamma"]), st.integers(1, 5), min_size=1),
    st.sampled_from(
        ["no_internal_obstacles", "similar_ways", "full_commitment", "knowledge_needed", "one_partner_leads"]
    ),
)
def test_a_statement_signals_exactly_when_low_or_divided(scores, statement):
    with translation.override("en"):
        flags = radar.evaluate(facts(rounds=(checker(**{statement: scores}),)))
    values = list(scores.values())
    expected = sum(values) / len(values) <= radar.LOW_MEAN or max(values) - min(values) >= radar.LARGE_SPREAD
    assert bool(flags) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 36))
def test_months_later_is_always_later_and_keeps_the_day_when_it_can(day, months):
    later = radar.months_later(day, months)
    assert later > day
    assert later.day == day.day or later.day >= 28
