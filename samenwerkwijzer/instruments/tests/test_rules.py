import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.instruments import rules

scores = st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), max_size=12)
dimension_value = st.floats(min_value=1, max_value=5, allow_nan=False)


def test_the_spread_is_the_highest_minus_the_lowest_score():
    assert rules.spread([2, 5, 3]) == 3
    assert rules.spread([4]) == 0
    assert rules.spread([None, 1, None, 2]) == 1


def test_the_spread_of_no_scores_is_none():
    assert rules.spread([]) is None
    assert rules.spread([None, None]) is None


@given(scores)
def test_the_spread_is_never_negative_and_at_most_the_scale(values):
    value = rules.spread(values)
    if any(v is not None for v in values):
        assert 0 <= value <= 4
    else:
        assert value is None


@given(scores)
def test_the_spread_does_not_depend_on_the_order_of_the_organisations(values):
    assert rules.spread(values) == rules.spread(list(reversed(values)))


def test_a_difference_of_two_points_or_more_is_to_be_discussed():
    assert rules.needs_discussion(2)
    assert rules.needs_discussion(4)
    assert not rules.needs_discussion(1)
    assert not rules.needs_discussion(None)


def test_the_ranking_puts_the_biggest_difference_first_and_keeps_the_guide_order_for_ties():
    rows = [[3, 3], [1, 5], [2, 4], [None, None], [2, 4], [5, 4]]
    assert rules.divergence_ranking(rows) == [1, 2, 4, 5, 0, 3]


@given(st.lists(scores, max_size=20))
def test_the_ranking_is_a_permutation(rows):
    assert sorted(rules.divergence_ranking(rows)) == list(range(len(rows)))


@given(st.lists(scores, max_size=20))
def test_the_ranking_never_puts_a_smaller_difference_before_a_bigger_one(rows):
    ranked = [rules.spread(rows[i]) for i in rules.divergence_ranking(rows)]
    present = [value for value in ranked if value is not None]
    assert present == sorted(present, reverse=True)
    # Rows without any score come last.
    assert ranked == present + [None] * (len(ranked) - len(present))


@given(st.lists(scores, max_size=20))
def test_ties_keep_the_order_of_the_guide(rows):
    order = rules.divergence_ranking(rows)
    for first, second in itertools.pairwise(order):
        if rules.spread(rows[first]) == rules.spread(rows[second]):
            assert first < second


def test_a_round_is_revealed_only_when_every_expected_organisation_submitted():
    assert rules.reveal_eligible({1, 2}, {1, 2})
    assert rules.reveal_eligible({1, 2}, {1, 2, 3})  # someone who left still counts as submitted
    assert not rules.reveal_eligible({1, 2}, {1})
    assert not rules.reveal_eligible(set(), set())


@given(st.sets(st.integers(0, 20)), st.sets(st.integers(0, 20)))
def test_reveal_eligibility_is_exactly_all_expected_submitted(expected, submitted):
    assert rules.reveal_eligible(expected, submitted) == (bool(expected) and expected <= submitted)


@given(st.sets(st.integers(0, 20), min_size=1), st.integers(0, 20))
def test_one_missing_organisation_keeps_the_round_closed(expected, missing):
    expected = expected | {missing}
    assert not rules.reveal_eligible(expected, expected - {missing})


CORNERS = {
    (5, 1, 1): "spot_market",
    (5, 5, 1): "low_trust_hybrid",
    (1, 1, 1): "asocial_horde",
    (1, 5, 1): "coercive_bureaucracy",
    (1, 1, 5): "clan",
    (5, 1, 5): "relational_contracts",
    (1, 5, 5): "enabling_bureaucracy",
    (5, 5, 5): "high_trust_hybrid",
}


@pytest.mark.parametrize(("corner", "expected"), CORNERS.items(), ids=CORNERS.values())
def test_each_corner_of_the_cube_is_its_adler_type(corner, expected):
    assert rules.classify_governance(*corner) == expected


def test_the_eight_types_are_eight_different_types():
    assert len(set(rules.GOVERNANCE_TYPES.values())) == 8
    assert set(rules.GOVERNANCE_TYPES) == set(itertools.product([True, False], repeat=3))


@given(dimension_value, dimension_value, dimension_value)
def test_the_classification_is_total(market, hierarchy, trust):
    assert rules.classify_governance(market, hierarchy, trust) in set(rules.GOVERNANCE_TYPES.values())


@given(dimension_value, dimension_value, dimension_value)
def test_the_classification_only_depends_on_which_side_of_the_middle_each_value_is(market, hierarchy, trust):
    def side(value):
        return 5.0 if value > 3 else 1.0

    assert rules.classify_governance(market, hierarchy, trust) == rules.classify_governance(
        side(market), side(hierarchy), side(trust)
    )


@given(dimension_value, dimension_value)
def test_trust_decides_between_figure_8_1_and_8_2(market, hierarchy):
    without = rules.classify_governance(market, hierarchy, 1)
    with_trust = rules.classify_governance(market, hierarchy, 5)
    no_trust_types = {"spot_market", "low_trust_hybrid", "asocial_horde", "coercive_bureaucracy"}
    assert without in no_trust_types
    assert with_trust not in no_trust_types


def test_the_middle_of_the_scale_does_not_count_as_present():
    assert rules.classify_governance(3, 3, 3) == "asocial_horde"
    assert rules.classify_governance(3.01, 3, 3) == "spot_market"


def test_dimension_averages_weigh_each_organisation_the_same():
    dimension_of = {"m1": "market", "m2": "market", "t1": "trust"}
    answers = [{"m1": 5, "m2": 5, "t1": 1}, {"m1": 1, "t1": 3}]
    assert rules.dimension_averages(answers, dimension_of) == {"market": 3.0, "trust": 2.0}


def test_borderline_dimensions_are_close_to_the_middle():
    assert rules.borderline_dimensions({"market": 3.4, "hierarchy": 1.0, "trust": 2.6}) == ["market", "trust"]


def test_the_gate_fails_as_soon_as_one_answer_is_not_a_clear_yes():
    items, passing = ["a", "b"], ["yes"]
    assert rules.gate_passed({"a": "yes", "b": "yes"}, items, passing) is True
    assert rules.gate_passed({"a": "yes", "b": "doubt"}, items, passing) is False
    assert rules.gate_passed({"a": "no"}, items, passing) is False
    assert rules.gate_passed({"a": "yes"}, items, passing) is None
    assert rules.gate_passed({}, items, passing) is None


def test_the_rules_module_does_not_import_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(rules))
    imported = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(name and name.startswith("django") for name in imported)
