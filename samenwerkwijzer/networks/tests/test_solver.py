"""The team solver (pure): feasibility, optimality against brute force, greedy as a lower bar."""

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenwerkwijzer.networks.solver import (
    FALLBACK,
    FEWEST_PEOPLE,
    INFEASIBLE,
    LOWEST_COST,
    NEAREST,
    OPTIMAL,
    Candidate,
    Need,
    Placement,
    Wishes,
    best_replacements,
    greedy_team,
    propose_team,
)

OBJECTIVES = [FEWEST_PEOPLE, LOWEST_COST, NEAREST]
LIMIT = 10.0


def cand(member_id, expertises, capacity, rate=600, km=10.0, recent=0):
    return Candidate(
        member_id=member_id,
        expertise_ids=frozenset(expertises),
        capacity_days=capacity,
        day_rate=None if rate is None else Decimal(rate),
        distance_km=km,
        recent_days=recent,
    )


# -- Values as the solver defines them (see solver.py): cents, tenths of a km, unknowns resolved.


def _resolved(candidates):
    rates = [c.day_rate for c in candidates if c.day_rate is not None]
    kms = [c.distance_km for c in candidates if c.distance_km is not None]
    top, far = (max(rates) if rates else Decimal(0)), (max(kms) if kms else 0.0)
    return {
        c.member_id: (
            int((c.day_rate if c.day_rate is not None else top) * 100),
            round(10 * (c.distance_km if c.distance_km is not None else far)),
        )
        for c in candidates
    }


def values(placements, candidates, objective):
    """(primary, fairness, tie-break) of a team, as the solver ranks teams."""
    by_id = {c.member_id: c for c in candidates}
    resolved = _resolved(candidates)
    team = {p.member_id for p in placements}
    if objective == FEWEST_PEOPLE:
        primary = len(team)
    elif objective == LOWEST_COST:
        primary = sum(resolved[p.member_id][0] * p.days for p in placements)
    else:
        primary = sum(resolved[p.member_id][1] * p.days for p in placements)
    return primary, sum(by_id[m].recent_days for m in team), sum(team)


def assert_feasible(proposal, needs, candidates, wishes):
    by_id = {c.member_id: c for c in candidates}
    placements = proposal.placements
    for need in needs:
        assert sum(p.days for p in placements if p.expertise_id == need.expertise_id) == need.days
    fixed_members = {f.member_id for f in wishes.fixed}
    for member_id in proposal.member_ids:
        c = by_id[member_id]
        mine = [p for p in placements if p.member_id == member_id]
        fixed_days = sum(f.days for f in wishes.fixed if f.member_id == member_id)
        assert sum(p.days for p in mine) <= max(c.capacity_days, fixed_days)
        assert all(p.days > 0 for p in mine)
        if member_id not in fixed_members:
            assert all(p.expertise_id in c.expertise_ids for p in mine)
            if wishes.max_km is not None:
                assert c.distance_km is not None and c.distance_km <= wishes.max_km
        assert member_id not in wishes.excluded_member_ids
    if wishes.max_people is not None:
        assert proposal.people <= wishes.max_people
    assert wishes.required_member_ids <= set(proposal.member_ids)
    for f in wishes.fixed:
        got = sum(p.days for p in placements if (p.member_id, p.expertise_id) == (f.member_id, f.expertise_id))
        assert got >= f.days


def brute_force(needs, candidates, wishes):
    """The lexicographically best (primary, fairness, tie-break) over every possible team, or None."""
    allowed = [
        c
        for c in candidates
        if c.member_id not in wishes.excluded_member_ids
        and (wishes.max_km is None or (c.distance_km is not None and c.distance_km <= wishes.max_km))
    ]
    pairs = [(c, n) for c in allowed for n in needs if n.expertise_id in c.expertise_ids]
    ranges = [range(min(n.days, c.capacity_days) + 1) for c, n in pairs]
    best = None
    for combo in itertools.product(*ranges):
        placements = [Placement(c.member_id, n.expertise_id, d) for (c, n), d in zip(pairs, combo, strict=True) if d]
        if any(sum(p.days for p in placements if p.expertise_id == n.expertise_id) != n.days for n in needs):
            continue
        team = {p.member_id for p in placements}
        if any(sum(p.days for p in placements if p.member_id == c.member_id) > c.capacity_days for c in allowed):
            continue
        if wishes.max_people is not None and len(team) > wishes.max_people:
            continue
        if not wishes.required_member_ids <= team:
            continue
        value = values(placements, candidates, wishes.objective)
        best = value if best is None or value < best else best
    return best


def dense(lp):
    """A HiGHS LP's constraint matrix as rows of numbers."""
    rows = [[0.0] * lp.num_col_ for _ in range(lp.num_row_)]
    start, index, value = list(lp.a_matrix_.start_), list(lp.a_matrix_.index_), list(lp.a_matrix_.value_)
    for col in range(lp.num_col_):
        for k in range(start[col], start[col + 1]):
            rows[index[k]][col] = value[k]
    return rows


# -- Strategies


@st.composite
def tiny(draw):
    """3 members, up to 3 needs, days up to 3, each member at most 2 expertises: brute force stays small."""
    need_ids = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True))
    needs = [Need(e, draw(st.integers(1, 3))) for e in sorted(need_ids)]
    candidates = []
    for member_id in range(1, 4):
        expertises = draw(st.lists(st.integers(1, 4), min_size=1, max_size=2, unique=True))
        candidates.append(
            cand(
                member_id * 7,
                expertises,
                draw(st.integers(0, 4)),
                rate=draw(st.one_of(st.none(), st.integers(4, 12).map(lambda r: r * 100))),
                km=draw(st.one_of(st.none(), st.integers(0, 60).map(float))),
                recent=draw(st.integers(0, 3)) * 10,
            )
        )
    ids = [c.member_id for c in candidates]
    wishes = Wishes(
        objective=draw(st.sampled_from(OBJECTIVES)),
        max_km=draw(st.one_of(st.none(), st.just(40.0))),
        max_people=draw(st.one_of(st.none(), st.integers(1, 3))),
        required_member_ids=frozenset(draw(st.lists(st.sampled_from(ids), max_size=1))),
        excluded_member_ids=frozenset(draw(st.lists(st.sampled_from(ids), max_size=1))),
    )
    return needs, candidates, wishes


@st.composite
def small(draw):
    """Up to 12 members over 4 expertises: large enough for greedy to go wrong."""
    needs = [Need(e, draw(st.integers(1, 12))) for e in sorted(draw(st.sets(st.integers(1, 4), min_size=1)))]
    candidates = [
        cand(
            member_id,
            draw(st.sets(st.integers(1, 4), min_size=1, max_size=3)),
            draw(st.integers(0, 12)),
            rate=draw(st.integers(450, 1200)),
            km=float(draw(st.integers(0, 80))),
            recent=draw(st.integers(0, 120)),
        )
        for member_id in range(1, draw(st.integers(1, 12)) + 1)
    ]
    wishes = Wishes(
        objective=draw(st.sampled_from(OBJECTIVES)),
        max_km=draw(st.one_of(st.none(), st.just(60.0))),
        max_people=draw(st.one_of(st.none(), st.integers(2, 6))),
    )
    return needs, candidates, wishes


# -- Properties


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_it_finds_the_same_optimum_as_brute_force_on_every_tiny_instance(instance):
    needs, candidates, wishes = instance
    proposal = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    best = brute_force(needs, candidates, wishes)
    if best is None:
        assert proposal.status == INFEASIBLE
        assert proposal.placements == []
        return
    assert proposal.status == OPTIMAL
    assert_feasible(proposal, needs, candidates, wishes)
    # The bringer's objective first, then the fairness among those optima, then the tie-break.
    assert values(proposal.placements, candidates, wishes.objective) == best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small())
def test_its_team_is_feasible_and_never_worse_than_greedy(instance):
    needs, candidates, wishes = instance
    proposal = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    greedy = greedy_team(needs, candidates, wishes)
    if greedy.status != INFEASIBLE:
        assert_feasible(greedy, needs, candidates, wishes)
        assert proposal.status == OPTIMAL
    if proposal.status == INFEASIBLE:
        assert greedy.status == INFEASIBLE
        return
    assert proposal.status == OPTIMAL
    assert_feasible(proposal, needs, candidates, wishes)
    if greedy.status != INFEASIBLE:
        assert values(proposal.placements, candidates, wishes.objective) <= values(
            greedy.placements, candidates, wishes.objective
        )


@settings(max_examples=25, deadline=None)
@given(small())
def test_the_same_input_always_gives_the_same_team(instance):
    needs, candidates, wishes = instance
    first = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    again = propose_team(needs, list(reversed(candidates)), wishes, time_limit=LIMIT)
    assert first.placements == again.placements


# -- Examples


NEEDS = [Need(1, 10), Need(2, 5)]
TEAM = [
    cand(1, {1, 2}, 12, rate=700, km=5.0, recent=30),
    cand(2, {1}, 10, rate=500, km=20.0),
    cand(3, {2}, 5, rate=600, km=1.0),
    cand(4, {1, 2}, 15, rate=900, km=2.0, recent=100),
]


def test_each_objective_gives_its_own_team():
    fewest = propose_team(NEEDS, TEAM, Wishes(objective=FEWEST_PEOPLE), time_limit=LIMIT)
    assert fewest.status == OPTIMAL
    assert fewest.member_ids == [4] and fewest.people == 1 and fewest.cost == Decimal(13500)
    cheapest = propose_team(NEEDS, TEAM, Wishes(objective=LOWEST_COST), time_limit=LIMIT)
    assert cheapest.member_ids == [2, 3] and cheapest.cost == Decimal(8000)
    nearest = propose_team(NEEDS, TEAM, Wishes(objective=NEAREST), time_limit=LIMIT)
    assert nearest.member_ids == [3, 4]
    assert nearest.km_days == 25.0 and nearest.total_km == 3.0


def test_among_equal_teams_the_one_with_fewer_recent_days_wins():
    needs = [Need(1, 5)]
    busy_lately = cand(1, {1}, 5, recent=80)
    rested = cand(2, {1}, 5, recent=10)
    assert propose_team(needs, [busy_lately, rested], Wishes(), time_limit=LIMIT).member_ids == [2]
    equal = cand(2, {1}, 5, recent=80)
    assert propose_team(needs, [busy_lately, equal], Wishes(), time_limit=LIMIT).member_ids == [1]  # lower id


def test_required_excluded_and_fixed_members_are_respected():
    wishes = Wishes(
        objective=FEWEST_PEOPLE,
        required_member_ids=frozenset({3}),
        excluded_member_ids=frozenset({4}),
        fixed=(Placement(2, 1, 4),),
    )
    proposal = propose_team(NEEDS, TEAM, wishes, time_limit=LIMIT)
    assert proposal.status == OPTIMAL
    assert_feasible(proposal, NEEDS, TEAM, wishes)
    assert 3 in proposal.member_ids and 2 in proposal.member_ids and 4 not in proposal.member_ids


def test_a_fixed_placement_is_kept_even_beyond_max_km_and_capacity():
    wishes = Wishes(max_km=3.0, fixed=(Placement(2, 1, 10),))
    proposal = propose_team(NEEDS, [cand(2, {1}, 0, km=20.0), *TEAM[2:]], wishes, time_limit=LIMIT)
    assert proposal.status == OPTIMAL
    assert Placement(2, 1, 10) in proposal.placements


def test_an_unknown_distance_never_passes_a_max_km_wish():
    proposal = propose_team([Need(1, 2)], [cand(1, {1}, 5, km=None)], Wishes(max_km=500.0), time_limit=LIMIT)
    assert proposal.status == INFEASIBLE and proposal.missing == [1]


def test_infeasible_says_what_is_missing_and_how_many_days_are_short():
    proposal = propose_team([Need(1, 30), Need(2, 3), Need(9, 2)], TEAM[:3], Wishes(), time_limit=LIMIT)
    assert proposal.status == INFEASIBLE
    assert proposal.missing == [9]
    assert proposal.shortfall == {1: 8}  # 12 + 10 available for 30 days
    assert proposal.placements == []


def test_infeasible_names_a_required_member_who_cannot_take_part():
    wishes = Wishes(required_member_ids=frozenset({99}))
    proposal = propose_team(NEEDS, TEAM, wishes, time_limit=LIMIT)
    assert proposal.status == INFEASIBLE and proposal.blocked_required == [99]


def test_infeasible_because_of_max_people_says_so():
    proposal = propose_team(NEEDS, TEAM[:3], Wishes(max_people=1), time_limit=LIMIT)
    assert proposal.status == INFEASIBLE
    assert proposal.too_many_people and not proposal.missing and not proposal.shortfall


def test_jointly_too_little_capacity_is_infeasible_without_a_simple_cause():
    needs = [Need(1, 3), Need(2, 3)]
    proposal = propose_team(needs, [cand(1, {1, 2}, 4)], Wishes(), time_limit=LIMIT)
    assert proposal.status == INFEASIBLE and not proposal.too_many_people
    assert not proposal.missing and not proposal.shortfall


def test_when_time_runs_out_it_says_so_and_returns_the_greedy_team():
    proposal = propose_team(NEEDS, TEAM, Wishes(objective=LOWEST_COST), time_limit=0)
    assert proposal.status == FALLBACK and proposal.fallback_reason == "time_limit"
    assert_feasible(proposal, NEEDS, TEAM, Wishes())
    assert proposal.placements == greedy_team(NEEDS, TEAM, Wishes(objective=LOWEST_COST)).placements


def test_when_time_runs_out_and_greedy_fails_there_is_no_team_but_no_false_infeasible():
    needs = [Need(1, 2), Need(2, 2)]
    candidates = [cand(1, {1}, 2, rate=400), cand(2, {1, 2}, 4, rate=900), cand(3, {2}, 1, rate=450)]
    candidates.append(cand(4, {2}, 1, rate=450))
    wishes = Wishes(objective=LOWEST_COST, max_people=2)
    # greedy takes the cheapest for need 1 (member 1), then member 3 for one day of need 2, and
    # then may not add a third person; the team {1, 2} exists.
    assert greedy_team(needs, candidates, wishes).status == INFEASIBLE
    assert propose_team(needs, candidates, wishes, time_limit=LIMIT).member_ids == [1, 2]
    proposal = propose_team(needs, candidates, wishes, time_limit=0)
    assert proposal.status == FALLBACK and proposal.placements == []


def test_no_needs_is_an_empty_optimal_team():
    proposal = propose_team([], TEAM, Wishes(), time_limit=LIMIT)
    assert proposal.status == OPTIMAL and proposal.placements == [] and proposal.people == 0


def test_the_cost_is_unknown_when_a_member_has_no_rate():
    proposal = propose_team([Need(1, 2)], [cand(1, {1}, 5, rate=None)], Wishes(), time_limit=LIMIT)
    assert proposal.member_ids == [1] and proposal.cost is None


def test_best_replacements_keep_the_rest_of_the_team():
    wishes = Wishes(objective=LOWEST_COST)
    proposal = propose_team(NEEDS, TEAM, wishes, time_limit=LIMIT)
    replacements = best_replacements(NEEDS, TEAM, wishes, proposal, time_limit=LIMIT)
    assert set(replacements) == {2, 3}
    without_2 = replacements[2].proposal
    assert without_2.status == OPTIMAL and 2 not in without_2.member_ids
    assert Placement(3, 2, 5) in without_2.placements  # member 3 kept as proposed
    assert_feasible(without_2, NEEDS, TEAM, wishes)


def test_a_replacement_can_be_impossible():
    needs = [Need(1, 3)]
    proposal = propose_team(needs, [cand(1, {1}, 3)], Wishes(), time_limit=LIMIT)
    replacements = best_replacements(needs, [cand(1, {1}, 3)], Wishes(), proposal, time_limit=LIMIT)
    assert replacements[1].proposal.status == INFEASIBLE
    assert replacements[1].proposal.missing == [1]


def test_greedy_starts_from_the_required_members_and_the_fixed_placements():
    wishes = Wishes(objective=LOWEST_COST, required_member_ids=frozenset({4}), fixed=(Placement(1, 2, 2),))
    greedy = greedy_team(NEEDS, TEAM, wishes)
    assert greedy.status == FALLBACK
    assert_feasible(greedy, NEEDS, TEAM, wishes)
    assert {1, 4} <= set(greedy.member_ids)


def test_greedy_gives_up_when_fixed_placements_exceed_the_need():
    wishes = Wishes(fixed=(Placement(4, 2, 6),))
    assert greedy_team(NEEDS, TEAM, wishes).status == INFEASIBLE
    assert propose_team(NEEDS, TEAM, wishes, time_limit=LIMIT).status == INFEASIBLE


def test_fixed_placements_of_excluded_members_or_unneeded_expertises_are_dropped():
    wishes = Wishes(excluded_member_ids=frozenset({4}), fixed=(Placement(4, 1, 10), Placement(1, 7, 3)))
    proposal = propose_team(NEEDS, TEAM, wishes, time_limit=LIMIT)
    assert proposal.status == OPTIMAL and 4 not in proposal.member_ids
    assert all(p.expertise_id != 7 for p in proposal.placements)


def test_a_fixed_member_who_is_no_longer_a_candidate_keeps_the_placement():
    wishes = Wishes(fixed=(Placement(50, 1, 3),))
    proposal = propose_team(NEEDS, TEAM, wishes, time_limit=LIMIT)
    assert proposal.status == OPTIMAL and Placement(50, 1, 3) in proposal.placements


def test_when_only_the_fairness_stage_runs_out_of_time_the_objective_stays_proven(monkeypatch):
    from samenwerkwijzer.networks import solver

    real = solver._Model.solve
    calls = []

    def first_stage_only(self, costs):
        calls.append(1)
        return real(self, costs) if len(calls) == 1 else "timeout"

    monkeypatch.setattr(solver._Model, "solve", first_stage_only)
    proposal = propose_team(NEEDS, TEAM, Wishes(), time_limit=LIMIT)
    assert proposal.status == FALLBACK and proposal.fallback_reason == "fairness_time_limit"
    assert proposal.people == 1


def test_when_time_runs_out_the_better_of_greedy_and_the_incumbent_is_kept(monkeypatch):
    from samenwerkwijzer.networks import solver

    real = solver._Model.solve

    def incumbent_only(self, costs):
        real(self, costs)
        return "timeout"

    monkeypatch.setattr(solver._Model, "solve", incumbent_only)
    wishes = Wishes(objective=LOWEST_COST, max_people=2)
    needs = [Need(1, 2), Need(2, 2)]
    candidates = [cand(1, {1}, 2, rate=400), cand(2, {1, 2}, 4, rate=900), cand(3, {2}, 1, rate=450)]
    proposal = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    assert proposal.status == FALLBACK and proposal.member_ids == [1, 2]


def test_reduced_costs_leave_out_a_member_too_dear_for_any_optimal_team_and_keep_the_optimum():
    from samenwerkwijzer.networks import solver

    needs = [Need(1, 5)]
    cheap, dear = cand(1, {1}, 5, rate=500, recent=50), cand(2, {1}, 5, rate=900, recent=0)
    wishes = Wishes(objective=LOWEST_COST)
    members = solver._eligible(needs, [cheap, dear], wishes)
    # Neither dominates the other (the dear one is fairer), but 5 days at € 900 exceed the optimum.
    assert [m.member_id for m in solver._prune_dominated(needs, members, wishes, bound=5)] == [1, 2]
    kept = solver._prune_by_reduced_costs(needs, members, wishes, float("inf"), 250_000)
    assert [m.member_id for m in kept] == [1]
    assert propose_team(needs, [cheap, dear], wishes, time_limit=LIMIT).member_ids == [1]
    # A required member always stays (the optimum is then 4 days at € 500 and one at € 900).
    required = Wishes(objective=LOWEST_COST, required_member_ids=frozenset({2}))
    members = solver._eligible(needs, [cheap, dear], required)
    kept = solver._prune_by_reduced_costs(needs, members, required, float("inf"), 290_000)
    assert [m.member_id for m in kept] == [1, 2]


def test_a_member_whose_recent_days_alone_exceed_a_known_team_is_left_out_of_the_fairness_stage(monkeypatch):
    from samenwerkwijzer.networks import solver

    needs = [Need(1, 2)]
    candidates = [cand(1, {1}, 2, recent=10), cand(2, {1}, 2, recent=90), cand(3, {1}, 1, recent=5)]
    wishes = Wishes()
    members = solver._eligible(needs, candidates, wishes)
    resolved = {m.member_id: m for m in members}
    seen = []
    real = solver._fairest

    def spy(needs, members, *args, **kwargs):
        seen.append(sorted(m.member_id for m in members))
        return real(needs, members, *args, **kwargs)

    monkeypatch.setattr(solver, "_fairest", spy)
    start = [Placement(1, 1, 2)]  # a team of fairness 10: member 2 (90 recent days) cannot beat it
    model, proven = solver._fairest_bounded(needs, members, wishes, float("inf"), 1, 1, start, resolved)
    assert proven and seen == [[1, 3]] and model.placements() == start
    assert propose_team(needs, candidates, wishes, time_limit=LIMIT).member_ids == [1]


def _covers(needs, members):
    """Brute force: whether these members can cover every need within their capacities."""
    pairs = [(m, n) for m in members for n in needs if n.expertise_id in m.expertise_ids]
    for combo in itertools.product(*[range(min(n.days, m.capacity) + 1) for m, n in pairs]):
        by_need, by_member = {}, {}
        for (m, n), d in zip(pairs, combo, strict=True):
            by_need[n.expertise_id] = by_need.get(n.expertise_id, 0) + d
            by_member[m.member_id] = by_member.get(m.member_id, 0) + d
        if all(by_need.get(n.expertise_id, 0) == n.days for n in needs) and all(
            by_member.get(m.member_id, 0) <= m.capacity for m in members
        ):
            return True
    return False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny())
def test_the_hall_rows_say_exactly_which_teams_can_cover_the_needs(instance):
    from samenwerkwijzer.networks import solver
    from samenwerkwijzer.networks.solver_model import _hall_rows

    needs, candidates, _ = instance
    members = solver._eligible(needs, candidates, Wishes())
    if not members:
        return
    need_days, give = _hall_rows(needs, members)
    for size in range(len(members) + 1):
        for team in itertools.combinations(range(len(members)), size):
            by_rows = bool((give[:, list(team)].sum(axis=1) >= need_days).all())
            assert by_rows == _covers(needs, [members[i] for i in team])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small())
def test_swaps_keep_a_team_of_the_same_size_that_covers_the_needs_and_is_no_less_fair(instance):
    from samenwerkwijzer.networks import solver
    from samenwerkwijzer.networks.solver_model import _fairer_by_swaps, _hall_rows

    needs, candidates, _ = instance
    wishes = Wishes(objective=FEWEST_PEOPLE)
    proposal = propose_team(needs, candidates, wishes, time_limit=LIMIT)
    members = solver._eligible(needs, candidates, wishes)
    greedy = greedy_team(needs, candidates, wishes)
    if greedy.status == INFEASIBLE:
        return
    weight = 10**6
    team = set(greedy.member_ids)
    better = _fairer_by_swaps(needs, members, team, weight)
    assert len(better) == len(team)
    need_days, give = _hall_rows(needs, members)
    on = [m.member_id in better for m in members]
    assert (give[:, on].sum(axis=1) >= need_days).all()
    fairness = {m.member_id: m.recent_days * weight + m.rank for m in members}
    assert sum(fairness[i] for i in better) <= sum(fairness[i] for i in team)
    if len(team) == proposal.people:  # a team of the fewest people: never fairer than the optimum
        assert sum(fairness[i] for i in better) >= sum(fairness[i] for i in proposal.member_ids)


def test_a_member_is_dominated_only_by_members_who_come_first_in_the_fairness_order():
    from samenwerkwijzer.networks import solver

    needs = [Need(1, 4), Need(2, 4)]
    wishes = Wishes()
    # Members 2 and 3 can do all member 5 can (both expertises, more days) and come first: as
    # many recent days and a lower id, or fewer recent days. With teams of at most 2 people
    # member 5 is never needed; member 1 has a lower id than both, so it stays.
    candidates = [
        cand(1, {1}, 2, recent=7),
        cand(2, {1, 2}, 8, recent=7),
        cand(3, {1, 2}, 8, recent=3),
        cand(5, {1}, 2, recent=7),
    ]
    members = solver._eligible(needs, candidates, wishes)
    kept = solver._prune_dominated(needs, members, wishes, bound=2)
    assert [m.member_id for m in kept] == [1, 2, 3]
    # Members 1, 2 and 3 all dominate member 5: with teams of up to 4 people three dominators are
    # not enough (all three may be on the team), so member 5 must stay as well.
    assert [m.member_id for m in solver._prune_dominated(needs, members, wishes, bound=3)] == [1, 2, 3]
    assert [m.member_id for m in solver._prune_dominated(needs, members, wishes, bound=4)] == [1, 2, 3, 5]


def test_the_model_has_every_row_of_the_formulation():
    from samenwerkwijzer.networks import solver
    from samenwerkwijzer.networks.solver_model import _Model

    needs = [Need(1, 3), Need(2, 2)]
    candidates = [cand(1, {1, 2}, 4), cand(2, {2}, 5)]
    wishes = Wishes(max_people=2)
    members = solver._eligible(needs, candidates, wishes)
    lp = _Model(needs, members, wishes, float("inf")).highs.getLp()
    # x: (1,1) (1,2) (2,2); y: 1, 2. Rows: 2 covers, per member capacity, no idle and one link
    # per day column, then max_people.
    assert dense(lp) == [
        [1, 0, 0, 0, 0],  # cover need 1
        [0, 1, 1, 0, 0],  # cover need 2
        [1, 1, 0, -4, 0],  # capacity of member 1
        [-1, -1, 0, 1, 0],  # member 1 works a day when on the team
        [1, 0, 0, -3, 0],  # link: at most min(3, 4) days on need 1
        [0, 1, 0, -2, 0],  # link: at most min(2, 4) days on need 2
        [0, 0, 1, 0, -5],  # capacity of member 2
        [0, 0, -1, 0, 1],  # member 2 works a day when on the team
        [0, 0, 1, 0, -2],  # link
        [0, 0, 0, 1, 1],  # at most 2 people
    ]
    inf = float("inf")
    assert list(lp.row_lower_) == [3, 2] + [-inf] * 8
    assert list(lp.row_upper_) == [3, 2] + [0] * 7 + [2]


def test_every_model_is_solved_exactly_with_the_speed_options():
    from samenwerkwijzer.networks import solver
    from samenwerkwijzer.networks.solver_model import _Model

    needs = [Need(1, 3)]
    wishes = Wishes()
    members = solver._eligible(needs, [cand(1, {1}, 4)], wishes)
    for relaxed in (False, True):
        highs = _Model(needs, members, wishes, float("inf"), relaxed=relaxed).highs
        assert highs.getOptionValue("presolve_mode")[1] == 2
        assert highs.getOptionValue("mip_heuristic_run_feasibility_jump")[1] is False
        assert highs.getOptionValue("mip_rel_gap")[1] == 0.0  # still exact
