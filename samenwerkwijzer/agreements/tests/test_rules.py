from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.agreements import rules
from samenwerkwijzer.agreements.rules import Goal

TODAY = date(2026, 6, 1)
SMART_GOAL = Goal(
    description="Vers brood vóór 7 uur bij alle vaste afnemers",
    indicator="aandeel leveringen vóór 7.00 uur",
    target="95 %",
    deadline=date(2026, 12, 31),
)


def test_a_complete_goal_is_smart():
    assert rules.smart_problems(SMART_GOAL, today=TODAY) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"description": ""}, rules.MISSING_DESCRIPTION),
        ({"description": "Groeien"}, rules.VAGUE_DESCRIPTION),
        ({"indicator": "  "}, rules.MISSING_INDICATOR),
        ({"target": ""}, rules.MISSING_TARGET),
        ({"target": "zo veel mogelijk"}, rules.TARGET_NOT_MEASURABLE),
        ({"deadline": None}, rules.MISSING_DEADLINE),
        ({"deadline": date(2026, 5, 31)}, rules.DEADLINE_PASSED),
    ],
)
def test_it_names_exactly_what_a_vague_goal_misses(changes, problem):
    goal = Goal(**{**SMART_GOAL.__dict__, **changes})
    assert rules.smart_problems(goal, today=TODAY) == [problem]


def test_an_empty_goal_misses_everything_in_reading_order():
    assert rules.smart_problems(Goal(), today=TODAY) == [
        rules.MISSING_DESCRIPTION,
        rules.MISSING_INDICATOR,
        rules.MISSING_TARGET,
        rules.MISSING_DEADLINE,
    ]


def test_a_deadline_of_today_has_not_passed():
    assert rules.smart_problems(Goal(**{**SMART_GOAL.__dict__, "deadline": TODAY}), today=TODAY) == []


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(
    description=text,
    indicator=text,
    target=text,
    deadline=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))),
)
def test_the_smart_check_flags_every_missing_element_and_nothing_else(description, indicator, target, deadline):
    problems = rules.smart_problems(Goal(description, indicator, target, deadline), today=TODAY)
    assert (rules.MISSING_INDICATOR in problems) == (not indicator.strip())
    assert (rules.MISSING_TARGET in problems) == (not target.strip())
    assert (rules.MISSING_DEADLINE in problems) == (deadline is None)
    assert (rules.DEADLINE_PASSED in problems) == (deadline is not None and deadline < TODAY)
    assert len(problems) == len(set(problems))
    if not problems:
        assert len(description.split()) >= rules.MIN_DESCRIPTION_WORDS
        assert any(ch.isdigit() for ch in target)


# --- Splits ---


def test_a_split_of_exactly_100_is_valid():
    assert rules.check_split({"a": "60", "b": "40"}).ok
    assert rules.check_split({"a": "33,33", "b": "33.33", "c": "33.34"}).ok
    assert rules.check_split({"a": Decimal("100"), "b": "0"}).ok


@pytest.mark.parametrize(
    ("shares", "problem"),
    [
        ({"a": "60", "b": "30"}, rules.SPLIT_NOT_100),
        ({"a": "60", "b": "50"}, rules.SPLIT_NOT_100),
        ({"a": "33.33", "b": "33.33", "c": "33.33"}, rules.SPLIT_NOT_100),
        ({"a": "60", "b": ""}, rules.SPLIT_MISSING),
        ({"a": "60", "b": None}, rules.SPLIT_MISSING),
        ({}, rules.SPLIT_MISSING),
        ({"a": "veel", "b": "40"}, rules.SPLIT_INVALID),
        ({"a": "-10", "b": "110"}, rules.SPLIT_INVALID),
        ({"a": "60.001", "b": "39.999"}, rules.SPLIT_INVALID),
        ({"a": "NaN", "b": "100"}, rules.SPLIT_INVALID),
    ],
)
def test_a_split_that_is_not_exactly_100_is_refused(shares, problem):
    result = rules.check_split(shares)
    assert not result.ok and result.problem == problem


def test_the_split_names_the_parties_without_a_share():
    assert rules.check_split({"a": "60", "b": "", "c": None}).bad_keys == ("b", "c")


cents = st.integers(min_value=0, max_value=10_000)


@given(st.lists(cents, min_size=1, max_size=8))
def test_a_split_is_valid_exactly_when_the_cents_add_up_to_100_percent(parts):
    shares = {i: str(Decimal(c) / 100) for i, c in enumerate(parts)}
    assert rules.check_split(shares).ok == (sum(parts) == 10_000)
    assert rules.check_split(shares).total == Decimal(sum(parts)) / 100


@given(st.integers(min_value=1, max_value=8), st.data())
def test_any_division_of_100_percent_is_accepted_and_any_change_to_it_is_not(count, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, 10_000), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 10_000]
    shares = {i: Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(count)}
    assert rules.check_split(shares).ok
    key = data.draw(st.sampled_from(sorted(shares)))
    delta = data.draw(st.sampled_from([Decimal("0.01"), Decimal("-0.01"), Decimal(1)]))
    changed = {**shares, key: shares[key] + delta}
    assert not rules.check_split(changed).ok


def test_percentages_are_formatted_without_needless_decimals():
    assert rules.format_percentage("40.00") == "40"
    assert rules.format_percentage("33.50") == "33.5"
    assert rules.format_percentage("abc") == ""


# --- Fingerprint and diff ---


def test_the_fingerprint_does_not_depend_on_key_order_but_on_every_value():
    a = rules.content_fingerprint({"x": 1, "y": ["é"]})
    assert a == rules.content_fingerprint({"y": ["é"], "x": 1})
    assert a != rules.content_fingerprint({"x": 2, "y": ["é"]})
    assert len(a) == 64


def test_the_diff_shows_changed_lines_with_context():
    old = "\n".join(["kop", "a", "b", "c", "d", "e", "f"])
    new = "\n".join(["kop", "a", "b", "C", "d", "e", "f", "g"])
    hunks = rules.diff_hunks(old, new, context=1)
    flat = [(line.op, line.text) for hunk in hunks for line in hunk]
    assert (rules.REMOVED, "c") in flat and (rules.ADDED, "C") in flat and (rules.ADDED, "g") in flat
    assert (rules.EQUAL, "kop") not in flat


def test_identical_texts_have_no_diff():
    assert rules.diff_hunks("a\nb", "a\nb") == []
    assert rules.diff_hunks("", "") == []


@given(
    st.lists(st.text(alphabet="abc", max_size=3), max_size=10),
    st.lists(st.text(alphabet="abc", max_size=3), max_size=10),
)
def test_applying_the_full_diff_gives_the_new_text(old, new):
    hunks = rules.diff_hunks("\n".join(old), "\n".join(new), context=10_000)
    if not hunks:
        assert "\n".join(old).splitlines() == "\n".join(new).splitlines()
        return
    lines = [line for hunk in hunks for line in hunk]
    assert [x.text for x in lines if x.op != rules.ADDED] == "\n".join(old).splitlines()
    assert [x.text for x in lines if x.op != rules.REMOVED] == "\n".join(new).splitlines()


def test_dates_are_parsed_leniently():
    assert rules.parse_date("2026-01-02") == date(2026, 1, 2)
    assert rules.parse_date("gisteren") is None
    assert rules.parse_date(date(2026, 1, 2) + timedelta(days=1)) == date(2026, 1, 3)
