"""The MIP of ``solver.propose_team`` and the exact reductions that keep it small (see the notes in
``solver.py``). Private to ``solver``, which imports it after defining what it uses."""

import time

import highspy
import numpy as np

from .solver import _GAP, _KEEP, FEWEST_PEOPLE, LOWEST_COST, NEAREST, Need, Placement, Wishes, _Member

# HiGHS options for every model: they change how fast it proves, never what (the gap stays exact).
# Light presolve and no feasibility-jump heuristic took a quarter off HiGHS's CPU time on the 45
# slowest benchmark proposals, every team and its objective values unchanged (docs/benchmarks.md).
_SPEED_OPTIONS: dict[str, object] = {"presolve_mode": 2, "mip_heuristic_run_feasibility_jump": False}


def column_lp(rows, cols, vals, col_lower, col_upper, row_lower, row_upper, *, people, max_people) -> "highspy.HighsLp":
    """The model's LP in HiGHS's column-wise form from (row, column, value) triplets; with
    ``max_people``, one more row: the ``people`` columns add up to at most that."""
    if max_people is not None:
        rows = np.concatenate([rows, np.full(len(people), len(row_lower))])
        cols = np.concatenate([cols, people])
        vals = np.concatenate([vals, np.ones(len(people))])
        row_lower = np.append(row_lower, -highspy.kHighsInf)
        row_upper = np.append(row_upper, float(max_people))
    ncol = len(col_lower)
    order = np.lexsort((rows, cols))
    lp = highspy.HighsLp()
    lp.num_col_ = ncol
    lp.num_row_ = len(row_lower)
    lp.col_cost_ = np.zeros(ncol)
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.searchsorted(cols[order], np.arange(ncol + 1)).astype(np.int32)
    lp.a_matrix_.index_ = rows[order].astype(np.int32)
    lp.a_matrix_.value_ = vals[order].astype(float)
    return lp


def highs_for(lp: "highspy.HighsLp") -> "highspy._core._Highs":
    """A silent, single-threaded, exact HiGHS with the speed options, holding ``lp``. The plain
    binding: the Python wrapper's constructor prints a banner before any option can be set, and
    the app must stay silent."""
    highs = highspy._core._Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", _GAP)
    for option, value in _SPEED_OPTIONS.items():
        highs.setOptionValue(option, value)
    highs.passModel(lp)
    return highs


class _Model:
    """The MIP of one proposal, built once with numpy arrays and solved in stages."""

    def __init__(
        self,
        needs: list[Need],
        members: list[_Member],
        wishes: Wishes,
        deadline: float,
        *,
        integer_days: bool = True,
        relaxed: bool = False,
    ):
        self.needs = needs
        self.members = members
        self.deadline = deadline
        need_index = {n.expertise_id: i for i, n in enumerate(needs)}
        days = [n.days for n in needs]
        pairs = [(mi, need_index[e]) for mi, m in enumerate(members) for e in sorted(m.expertise_ids)]
        self.pairs = pairs
        nx, ny, nn = len(pairs), len(members), len(needs)
        self.nx, self.ny = nx, ny
        # Columns: x first, then y.
        x_lower = np.array([members[mi].fixed.get(needs[ni].expertise_id, 0) for mi, ni in pairs], dtype=float)
        x_upper = np.array([min(days[ni], members[mi].capacity) for mi, ni in pairs], dtype=float)
        y_lower = np.array([1.0 if m.required else 0.0 for m in members])
        col_lower = np.concatenate([x_lower, y_lower])
        col_upper = np.concatenate([x_upper, np.ones(ny)])
        # Rows, as (row, col, value) triplets: the covers (one per need), then per member its
        # capacity row, its no-idle row and one link row per day column; then at most max_people.
        pm = np.array([mi for mi, _ in pairs], dtype=np.int64)
        pn = np.array([ni for _, ni in pairs], dtype=np.int64)
        first = np.searchsorted(pm, np.arange(ny))  # the first day column of every member
        capacity_row = nn + 2 * np.arange(ny) + first
        link_row = nn + 2 * pm + np.arange(nx) + 2
        j = np.arange(nx)
        y = nx + np.arange(ny)
        capacity = np.array([float(m.capacity) for m in members])
        rows = np.concatenate(
            [pn, capacity_row[pm], capacity_row, capacity_row + 1, capacity_row[pm] + 1, link_row, link_row]
        )
        cols = np.concatenate([j, j, y, y, j, j, nx + pm])
        vals = np.concatenate([np.ones(nx), np.ones(nx), -capacity, np.ones(ny), -np.ones(nx), np.ones(nx), -x_upper])
        nrow = nn + 2 * ny + nx
        inf = highspy.kHighsInf
        row_lower = np.full(nrow, -inf)
        row_upper = np.zeros(nrow)
        row_lower[:nn] = row_upper[:nn] = days
        ncol = nx + ny
        lp = column_lp(
            rows, cols, vals, col_lower, col_upper, row_lower, row_upper, people=y, max_people=wishes.max_people
        )
        # Days may be continuous when no constraint but the covers and capacities involves them:
        # with the team (y) integral, those form a transportation problem with whole numbers, whose
        # vertices are whole numbers (``integral_days`` checks it all the same).
        day_type = highspy.HighsVarType.kInteger if integer_days else highspy.HighsVarType.kContinuous
        team_type = highspy.HighsVarType.kContinuous if relaxed else highspy.HighsVarType.kInteger
        lp.integrality_ = [highspy.HighsVarType.kContinuous if relaxed else day_type] * nx + [team_type] * ny
        self.highs = highs_for(lp)
        self.ncol = ncol
        self.id_weight = 1
        self.solution: np.ndarray | None = None

    def costs(self, kind: str) -> np.ndarray:
        c = np.zeros(self.ncol)
        m = self.members
        if kind == FEWEST_PEOPLE:
            c[self.nx :] = 1.0
        elif kind == LOWEST_COST:
            c[: self.nx] = [m[mi].rate_cents for mi, _ in self.pairs]
        elif kind == NEAREST:
            c[: self.nx] = [m[mi].tenths_km for mi, _ in self.pairs]
        elif kind == "fairest":
            c[self.nx :] = [x.recent_days for x in m]
        elif kind == "fairest-then-ids":  # both last stages at once: weight > any team's sum of ids
            c[self.nx :] = [x.recent_days * self.id_weight + x.rank for x in m]
        else:  # "tie-break"
            c[self.nx :] = [x.rank for x in m]
        return c

    def solve(self, costs: np.ndarray) -> str:
        """One stage: minimise ``costs``; returns "optimal", "infeasible" or "timeout"."""
        h = self.highs
        remaining = self.deadline - time.perf_counter()
        if remaining <= 0:
            return "timeout"
        h.setOptionValue("time_limit", remaining)
        h.changeColsCost(self.ncol, np.arange(self.ncol, dtype=np.int32), costs)
        started = self.solution is not None
        if started:  # the previous stage's team is a good start
            h.setSolution(self.ncol, np.arange(self.ncol, dtype=np.int32), self.solution)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            solution = np.array(h.getSolution().col_value)
            if started and float(costs @ solution) > h.getInfo().mip_dual_bound + _GAP:
                # HiGHS 1.16 can take a start's value in the presolved space for its value and stop
                # at the start, "optimal", above its own dual bound: then solve again without it.
                self.solution = None
                h.clearSolver()
                return self.solve(costs)
            self.solution = solution
            return "optimal"
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible"
        if h.getInfo().primal_solution_status == 2:  # feasible, not proven optimal
            self.solution = np.array(h.getSolution().col_value)
        return "timeout"

    def keep(self, costs: np.ndarray) -> None:
        """Add "this objective stays at its optimum" as a constraint."""
        self.limit(costs, float(costs @ self.solution))

    def limit(self, costs: np.ndarray, value: float) -> None:
        """Add "this objective is at most ``value``" as a constraint (objectives are integral)."""
        nz = np.flatnonzero(costs).astype(np.int32)
        self.highs.addRow(-highspy.kHighsInf, value + _KEEP, len(nz), nz, costs[nz])

    def at_least(self, costs: np.ndarray, value: float) -> None:
        """Add "this objective is at least ``value``" as a constraint."""
        nz = np.flatnonzero(costs).astype(np.int32)
        self.highs.addRow(value - _KEEP, highspy.kHighsInf, len(nz), nz, costs[nz])

    def start_from(self, placements) -> None:
        """Give HiGHS a known team to start from (the first stage's), when all its members are here."""
        index = {(self.members[mi].member_id, self.needs[ni].expertise_id): j for j, (mi, ni) in enumerate(self.pairs)}
        position = {m.member_id: i for i, m in enumerate(self.members)}
        if not placements or any((p.member_id, p.expertise_id) not in index for p in placements):
            return
        solution = np.zeros(self.ncol)
        for p in placements:
            solution[index[(p.member_id, p.expertise_id)]] += p.days
            solution[self.nx + position[p.member_id]] = 1.0
        self.solution = solution

    def member_weights(self) -> np.ndarray:
        """Per member: its y, how much of it the solution puts on the team."""
        return self.solution[self.nx :]

    def team(self) -> np.ndarray:
        """Per member: on the team."""
        return np.round(self.solution[self.nx :]) > 0.5

    def integral_days(self) -> bool:
        days = self.solution[: self.nx]
        return bool(np.all(np.abs(days - np.round(days)) < 1e-6))

    def placements(self) -> list[Placement]:
        result = []
        for j, (mi, ni) in enumerate(self.pairs):
            d = round(self.solution[j])
            if d > 0:
                result.append(Placement(self.members[mi].member_id, self.needs[ni].expertise_id, d))
        return sorted(result, key=lambda p: (p.member_id, p.expertise_id))


def _need_masks(needs: list[Need], members: list[_Member]) -> np.ndarray:
    """Each member's needed expertises as a bit mask over ``needs`` (bit i: needs[i])."""
    bit = {need.expertise_id: 1 << i for i, need in enumerate(needs)}
    mask_of: dict[frozenset[int], int] = {}  # expertise sets repeat: each summed once
    for m in members:
        if m.expertise_ids not in mask_of:
            mask_of[m.expertise_ids] = sum(map(bit.__getitem__, m.expertise_ids))
    return np.array([mask_of[m.expertise_ids] for m in members], dtype=np.int64)


def _prune_dominated(
    needs: list[Need], members: list[_Member], wishes: Wishes, *, bound: int, objective_only: bool = False
) -> list[_Member]:
    """Leave out members who can never be on the lexicographically optimal team; exact, not a heuristic.

    Member D *dominates* member M when D has every needed expertise M has, D's free days cover
    what M could ever do (min(M's capacity, the days of M's needed expertises)), D is no worse on
    the bringer's objective per person-day (rate for lowest cost, distance for nearest; nothing
    for fewest people), and D comes first in the fairness order: fewer recent days, or as many
    and a lower member id. If M is on a team of at most B people and at least B members dominate
    M, one of them is not on that team; giving it M's days keeps the team feasible (within the
    wishes: both passed the distance filter) and no worse on the objective and fairness, and
    strictly better on the last stage (or an earlier one). So that team was not the optimum, and
    M is left out whenever at least B members dominate it, B being ``_team_size_bound``. Required
    and fixed members always stay. With many look-alike members this removes most of the
    symmetry that makes the model slow, while the optimum stays exactly the same.

    ``objective_only``: only the bringer's objective matters (the first stage, to find its optimal
    value): then "comes first" is a fixed order by the objective per day, then more free days, then
    member id, and the same exchange shows that some optimal team uses only the members kept."""
    n = len(members)
    if n <= bound:
        return members
    masks = _need_masks(needs, members)
    capacity = np.array([m.capacity for m in members], dtype=np.int64)
    days_of_mask = sum(need.days * ((masks >> i) & 1) for i, need in enumerate(needs))
    reach = np.minimum(capacity, days_of_mask)  # min(capacity, the days of their needed expertises)
    if wishes.objective == LOWEST_COST:
        per_day = np.array([m.rate_cents for m in members], dtype=np.int64)
    elif wishes.objective == NEAREST:
        per_day = np.array([m.tenths_km for m in members], dtype=np.int64)
    else:
        per_day = np.zeros(n, dtype=np.int64)
    if objective_only:  # "comes first": by the objective per day, then more free days, then member id
        order = np.lexsort((np.array([m.rank for m in members], dtype=np.int64), -capacity, per_day))
        recent = np.zeros(n, dtype=np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
    else:
        recent = np.array([m.recent_days for m in members], dtype=np.int64)
        rank = np.array([m.rank for m in members], dtype=np.int64)
    # "comes first" as one number: fewer recent days, then the lower rank (ranks are not negative)
    first = recent * (int(rank.max(initial=0)) + 1) + rank
    protected = np.array([m.required for m in members])
    keep = np.ones(n, dtype=bool)
    for mask in np.unique(masks):
        tested = np.flatnonzero((masks == mask) & ~protected)
        if tested.size == 0:
            continue
        pool = np.flatnonzero((masks & mask) == mask)
        if pool.size < bound:
            continue
        for chunk in np.array_split(tested, max(1, tested.size * pool.size // 2_000_000 + 1)):
            dominates = (
                (capacity[pool][None, :] >= reach[chunk][:, None])
                & (per_day[pool][None, :] <= per_day[chunk][:, None])
                & (first[pool][None, :] < first[chunk][:, None])
            )
            keep[chunk[dominates.sum(axis=1) >= bound]] = False
    return [m for m, kept in zip(members, keep, strict=True) if kept]


def _smallest_team(needs: list[Need], members: list[_Member], wishes: Wishes, best: int) -> int:
    """A lower bound on the size of any team with the bringer's objective at most ``best``: for
    fewest people ``best`` itself; else the required members, and enough people to give the days
    needed (in total and per need) when the largest contributions are taken first."""
    if wishes.objective == FEWEST_PEOPLE:
        return best
    need_days = {n.expertise_id: n.days for n in needs}

    def people_for(days: int, gifts: list[int]) -> int:
        gifts = sorted(gifts, reverse=True)
        total = 0
        for k, gift in enumerate(gifts, start=1):
            total += gift
            if total >= days:
                return k
        return len(gifts)

    reach = [min(m.capacity, sum(need_days[e] for e in m.expertise_ids)) for m in members]
    floor = max(sum(m.required for m in members), people_for(sum(need_days.values()), reach))
    for n in needs:
        able = [min(m.capacity, n.days) for m in members if n.expertise_id in m.expertise_ids]
        floor = max(floor, people_for(n.days, able))
    return max(1, floor)


def _prune_by_reduced_costs(needs, members, wishes, deadline, best, *, rounded=False) -> list[_Member]:
    """Leave out members who cannot work a day on any team whose objective is at most ``best``
    (the optimum; for the first stage an upper bound on it: the greedy team's value, or with
    ``rounded`` the LP's own solution when its days are whole and it is a team within the wishes:
    everyone with a day on the team; nobody without one);
    exact (LP duality). With the optimal solution of the LP relaxation (value z, reduced costs d ≥ 0
    for columns at zero), every feasible team costs at least z + d_j·x_j, so a member whose every
    day column (or whose y) has z + d_j > ``best`` (a margin above rounding) is on no optimal
    team: each day is worth at least 1 and each member on a team works a day. For lowest cost and
    nearest the LP is almost always tight (a transportation problem), so most are left out."""
    relaxation = _Model(needs, members, wishes, deadline, relaxed=True)
    costs = relaxation.costs(wishes.objective)
    if relaxation.solve(costs) != "optimal":
        return members
    dual = np.array(relaxation.highs.getSolution().col_dual)
    if rounded and relaxation.integral_days():
        days = np.round(relaxation.solution[: relaxation.nx])
        on = np.zeros(len(members), dtype=bool)
        for j, (mi, _) in enumerate(relaxation.pairs):
            on[mi] |= days[j] > 0
        if all(on[mi] for mi, m in enumerate(members) if m.required) and (
            wishes.max_people is None or on.sum() <= wishes.max_people
        ):
            value = round(float(costs[: relaxation.nx] @ days))
            best = value if best is None else min(best, value)
    if best is None:
        return members
    slack = best - float(costs @ relaxation.solution) + max(1.0, 1e-6 * abs(best))
    open_day = np.zeros(len(members), dtype=bool)
    for j, (mi, _) in enumerate(relaxation.pairs):
        if dual[j] <= slack:
            open_day[mi] = True
    open_team = dual[relaxation.nx :] <= slack
    return [m for mi, m in enumerate(members) if m.required or (open_day[mi] and open_team[mi])]


def _hall_rows(needs: list[Need], members: list[_Member]) -> tuple[np.ndarray, np.ndarray]:
    """For every non-empty set A of needs: the days A needs, and what each member can give to A,
    min(capacity, days of A's needs they have). A team can cover every need within capacities
    exactly when, for every A, its members can give at least what A needs (max-flow min-cut on
    needs → members; whole days when the numbers are whole)."""
    n = len(needs)
    subsets = np.arange(1, 1 << n, dtype=np.int64)
    days_of = np.zeros(1 << n, dtype=np.int64)  # days of every set of needs, by bit mask
    for i, need in enumerate(needs):
        days_of[np.arange(1 << n) & (1 << i) > 0] += need.days
    masks = _need_masks(needs, members)
    capacity = np.array([m.capacity for m in members], dtype=np.int64)
    give = np.minimum(capacity[None, :], days_of[subsets[:, None] & masks[None, :]])
    return days_of[subsets], give


def _fairer_by_swaps(needs: list[Need], members: list[_Member], team_ids: set[int], id_weight: int) -> set[int]:
    """A team of the same size at least as fair as ``team_ids`` (fewer recent days, then lower ids),
    by swapping one member at a time for one outside while the team can still cover the needs
    (``_hall_rows``), the best swap first, until none helps. A heuristic for a good incumbent; it
    proves nothing. Only for teams of members without required or fixed days."""
    if len(members) <= len(team_ids) or not needs or len(needs) > 10:
        return set(team_ids)
    need_days, give = _hall_rows(needs, members)
    weight = np.array([m.recent_days * id_weight + m.rank for m in members], dtype=np.int64)
    on = np.array([m.member_id in team_ids for m in members])
    covered = give[:, on].sum(axis=1)
    if np.any(covered < need_days):
        return set(team_ids)
    for _ in range(100):
        best_gain, best_swap = 0, None
        for out in np.flatnonzero(on):
            slack = covered - give[:, out] - need_days  # what the rest gives beyond the needs
            fits = ~on & np.all(give + slack[:, None] >= 0, axis=0)
            if not fits.any():
                continue
            candidates = np.flatnonzero(fits)
            chosen = candidates[np.argmin(weight[candidates])]
            gain = int(weight[out] - weight[chosen])
            if gain > best_gain:
                best_gain, best_swap = gain, (out, chosen)
        if best_swap is None:
            break
        out, chosen = best_swap
        on[out], on[chosen] = False, True
        covered = covered - give[:, out] + give[:, chosen]
    return {m.member_id for m, kept in zip(members, on, strict=True) if kept}
