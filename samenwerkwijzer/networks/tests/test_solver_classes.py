"""The team model on classes of look-alike members (``solver_classes``): the same teams as the
model per member, exactly, and the days of a class split over its people within their free days."""

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenwerkwijzer.networks import solver, solver_classes
from samenwerkwijzer.networks.solver import (
    FEWEST_PEOPLE,
    INFEASIBLE,
    LOWEST_COST,
    NEAREST,
    OPTIMAL,
    Need,
    Placement,
    Wishes,
    propose_team,
)
from samenwerkwijzer.networks.solver_classes import _ClassModel, _split
from samenwerkwijzer.networks.solver_model import _Model

from .test_solver import LIMIT, assert_feasible, cand, dense, values

OBJECTIVES = [FEWEST_PEOPLE, LOWEST_COST, NEAREST]


def assert_the_same_team(proposal, expected, instance):
    """Both proven optimal (or both infeasible) with the same members, the same objective, fairness
    and tie-break; how the days are split inside the team may differ."""
    needs, candidates, wishes = instance
    assert proposal.status == expected.status
    if expected.status == INFEASIBLE:
        return
    assert proposal.status == OPTIMAL
    assert_feasible(proposal, needs, candidates, wishes)
    assert values(proposal.placements, candidates, wishes.objective) == values(
        expected.placements, candidates, wishes.objective
    )
    assert proposal.member_ids == expected.member_ids


def counting(real, calls: list):
    """``real``, noting each call in ``calls``."""

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    return counted


@st.composite
def look_alikes(draw):
    """6 to 16 members of 2 to 4 kinds (the same expertises, free days, rate and distance), each
    with its own recent days: most members have a look-alike."""
    needs = [Need(e, draw(st.integers(1, 12))) for e in sorted(draw(st.sets(st.integers(1, 4), min_size=1)))]
    kinds = draw(
        st.lists(
            st.tuples(
                st.sets(st.integers(1, 4), min_size=1, max_size=3),
                st.integers(1, 10),
                st.sampled_from([500, 800]),
                st.sampled_from([5.0, 30.0]),
            ),
            min_size=2,
            max_size=4,
        )
    )
    count = draw(st.integers(6, 16))
    candidates = []
    for member_id in range(1, count + 1):
        expertises, capacity, rate, km = kinds[draw(st.integers(0, len(kinds) - 1))]
        recent = draw(st.sampled_from([0, 0, 10, 20, 40]))
        candidates.append(cand(member_id * 3, expertises, capacity, rate=rate, km=km, recent=recent))
    wishes = Wishes(
        objective=draw(st.sampled_from(OBJECTIVES)),
        max_people=draw(st.one_of(st.none(), st.integers(2, 6))),
    )
    return needs, candidates, wishes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(look_alikes())
def test_classes_give_the_same_team_as_the_model_per_member(instance):
    needs, candidates, wishes = instance
    used = []
    counted = counting(solver_classes._ClassModel, used)
    # Classes for every model (however few look-alikes the reductions leave), then none.
    with (
        mock.patch.object(solver_classes, "_ClassModel", counted),
        mock.patch.object(solver_classes, "merges_enough", lambda *a: True),
    ):
        by_class = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    with mock.patch.object(solver_classes, "merges_enough", lambda *a: False):
        per_member = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    assert_the_same_team(by_class, per_member, instance)
    assert used or per_member.status == INFEASIBLE  # the classes were really used


def test_look_alikes_share_a_class_and_free_days_beyond_the_needs_do_not_count():
    needs = [Need(1, 3), Need(2, 2)]
    wishes = Wishes()
    candidates = [
        cand(1, {1, 2}, 9, recent=30),  # can use 5 of its 9 days: looks like member 2
        cand(2, {1, 2}, 5, recent=10),
        cand(3, {1, 2}, 4),
        cand(4, {2}, 4, recent=5),
    ]
    members = solver._eligible(needs, candidates, wishes)
    model = _ClassModel(needs, members, wishes, float("inf"))
    ids = [[members[mi].member_id for mi in cls] for cls in model.classes]
    # Inside a class the fairness order: fewer recent days first.
    assert ids == [[2, 1], [3], [4]]
    assert model.usable == [5, 4, 2]
    # For lowest cost the day rate is part of the likeness.
    dearer = [cand(1, {1, 2}, 5, rate=900), cand(2, {1, 2}, 5, rate=600)]
    cost_wishes = Wishes(objective=LOWEST_COST)
    assert len(_ClassModel(needs, solver._eligible(needs, dearer, cost_wishes), cost_wishes, float("inf")).classes) == 2


def test_the_class_model_has_every_row_of_its_formulation():
    needs = [Need(1, 3), Need(2, 2)]
    candidates = [cand(1, {1, 2}, 4, recent=7), cand(2, {1, 2}, 4), cand(3, {2}, 5)]
    wishes = Wishes(max_people=2)
    members = solver._eligible(needs, candidates, wishes)
    lp = _ClassModel(needs, members, wishes, float("inf")).highs.getLp()
    # Columns: x (class A, need 1), (A, 2), (B, 2); z A, z B; w member 2, member 1 (A's order), member 3.
    assert dense(lp) == [
        [1, 0, 0, 0, 0, 0, 0, 0],  # cover need 1
        [0, 1, 1, 0, 0, 0, 0, 0],  # cover need 2
        [1, 1, 0, -4, 0, 0, 0, 0],  # capacity of class A: 4 days a person
        [0, 0, 1, 0, -2, 0, 0, 0],  # capacity of class B: 2 usable days (need 2 has 2)
        [-1, -1, 0, 1, 0, 0, 0, 0],  # everyone of class A on the team works a day
        [0, 0, -1, 0, 1, 0, 0, 0],  # and of class B
        [0, 0, 0, 1, 0, -1, -1, 0],  # z A counts A's members on the team
        [0, 0, 0, 0, 1, 0, 0, -1],  # z B
        [1, 0, 0, -3, 0, 0, 0, 0],  # link: at most min(3, 4) days on need 1 a person
        [0, 1, 0, -2, 0, 0, 0, 0],  # link: need 2
        [0, 0, 1, 0, -2, 0, 0, 0],  # link: class B on need 2
        [0, 0, 0, 1, 1, 0, 0, 0],  # at most 2 people
    ]
    inf = float("inf")
    assert list(lp.row_lower_) == [3, 2] + [-inf] * 4 + [0, 0] + [-inf] * 4
    assert list(lp.row_upper_) == [3, 2] + [0] * 9 + [2]
    # A class gives no more days to a need than the need has, nor than its people can.
    assert list(lp.col_upper_) == [3, 2, 2, 2, 1, 1, 1, 1]


def test_members_with_required_or_fixed_days_and_classes_that_hardly_merge_get_the_model_per_member():
    needs = [Need(1, 4)]
    alike = [cand(1, {1}, 4), cand(2, {1}, 4), cand(3, {1}, 4)]
    wishes = Wishes()
    members = solver._eligible(needs, alike, wishes)
    assert isinstance(solver_classes.model_for(needs, members, wishes, float("inf")), _ClassModel)
    required = Wishes(required_member_ids=frozenset({2}))
    members = solver._eligible(needs, alike, required)
    assert type(solver_classes.model_for(needs, members, required, float("inf"))) is _Model
    fixed = Wishes(fixed=(Placement(1, 1, 2),))
    members = solver._eligible(needs, alike, fixed)
    assert type(solver_classes.model_for(needs, members, fixed, float("inf"))) is _Model
    different = [cand(1, {1}, 4), cand(2, {1}, 3), cand(3, {1}, 2), cand(4, {1}, 1)]  # no look-alikes
    members = solver._eligible(needs, different, wishes)
    assert type(solver_classes.model_for(needs, members, wishes, float("inf"))) is _Model


def test_a_class_team_starts_from_a_known_team_and_reads_its_people_back():
    needs = [Need(1, 6)]
    candidates = [cand(1, {1}, 4, recent=9), cand(2, {1}, 4, recent=1), cand(3, {1}, 4, recent=5)]
    wishes = Wishes()
    members = solver._eligible(needs, candidates, wishes)
    model = _ClassModel(needs, members, wishes, float("inf"))
    model.start_from([Placement(1, 1, 3), Placement(3, 1, 3)])
    assert list(model.solution) == [6, 2, 0, 1, 1]  # x; z; w in the class's order: members 2, 3, 1
    assert model.solve(model.costs("fairest")) == "optimal"
    # Two people of the class: the two with the fewest recent days, each within their free days.
    assert list(model.team()) == [False, True, True]
    assert [p.member_id for p in model.placements()] == [2, 3]
    assert sum(p.days for p in model.placements()) == 6


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_class_s_days_are_split_over_its_people_each_working_a_day_within_their_free_days(data):
    people = data.draw(st.integers(1, 5))
    capacity = data.draw(st.integers(1, 8))
    total = data.draw(st.integers(people, people * capacity))
    cuts = sorted(data.draw(st.lists(st.integers(0, total), min_size=2, max_size=2)))
    given = [[1, cuts[0]], [2, cuts[1] - cuts[0]], [3, total - cuts[1]]]
    shares = _split([list(g) for g in given], [capacity] * people)
    assert len(shares) == people
    assert all(1 <= sum(s.values()) <= capacity for s in shares)
    for need, days in given:
        assert sum(s.get(need, 0) for s in shares) == days


@st.composite
def crowded(draw):
    """45 to 70 members over 5 expertises, lowest cost or nearest, often with a people limit and a
    required member."""
    needs = [Need(e, draw(st.integers(2, 14))) for e in sorted(draw(st.sets(st.integers(1, 5), min_size=2)))]
    count = draw(st.integers(45, 70))
    candidates = [
        cand(
            member_id,
            draw(st.sets(st.integers(1, 5), min_size=1, max_size=2)),
            draw(st.integers(1, 8)),
            rate=draw(st.integers(450, 1200)),
            km=float(draw(st.integers(0, 90))),
            recent=draw(st.integers(0, 60)),
        )
        for member_id in range(1, count + 1)
    ]
    wishes = Wishes(
        objective=draw(st.sampled_from([LOWEST_COST, NEAREST])),
        max_people=draw(st.one_of(st.none(), st.integers(2, 6))),
        required_member_ids=frozenset(draw(st.lists(st.integers(1, count), max_size=1))),
    )
    return needs, candidates, wishes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded())
def test_the_first_stage_s_trial_team_leaves_the_optimum_as_it_is(instance):
    needs, candidates, wishes = instance
    tried = []
    counted = counting(solver._pruned_by_a_trial, tried)
    with mock.patch.object(solver, "_pruned_by_a_trial", counted), mock.patch.object(solver, "_TRIAL_ABOVE", 0):
        with_trial = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    with mock.patch.object(solver, "_pruned_by_a_trial", lambda needs, members, *rest: members):
        without = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    assert_the_same_team(with_trial, without, instance)
    assert tried or without.status == INFEASIBLE  # the trial really ran


def test_a_trial_team_gives_a_bound_where_greedy_finds_none_and_leaves_out_members_too_dear_for_it():
    # One person may do both needs: greedy takes the cheapest specialist first and then has no room
    # for a second person, so it finds no team; the optimum is the cheapest generalist.
    needs = [Need(1, 4), Need(2, 4)]
    candidates = [cand(1, {1}, 4, rate=450), cand(2, {2}, 4, rate=450)]
    candidates += [cand(i, {1, 2}, 8, rate=500 + i) for i in range(3, 50)]
    wishes = Wishes(objective=LOWEST_COST, max_people=1)
    members = solver._eligible(needs, candidates, wishes)
    assert solver._greedy(needs, members, wishes) is None
    resolved = {m.member_id: m for m in members}
    # With a known team as dear as the dearest generalist, reduced costs leave out nobody.
    dear = 549 * 100 * 8
    assert len(solver._prune_by_reduced_costs(needs, members, wishes, float("inf"), dear)) == len(members)
    kept = solver._pruned_by_a_trial(needs, members, wishes, float("inf"), dear, None, resolved)
    # Every generalist dearer than the trial's is left out; the specialists' days are as cheap.
    assert [m.member_id for m in kept] == [1, 2, 3]
    assert propose_team(needs, candidates, wishes, time_limit=LIMIT).member_ids == [3]
