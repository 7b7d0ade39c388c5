"""The team model on classes of look-alike members (see ``solver.py``): private to ``solver``.

Members with the same needed expertises, the same usable free days (days beyond those the needs
have together cannot be used) and the same cost per day on the bringer's objective are
interchangeable on any team: swap one for another and the team stays
feasible with the same days and the same objective value. So the model need not say *which*
members of a class are on the team, only *how many* (``z[c]``, an integer) and how many days the
class gives to each need (``x[c,e]``); whom it takes follows from the fairness order inside the
class. Without this, HiGHS branches over every look-alike in turn (on the benchmark's fewest-people
proposals, 120-520 members fall into a half to five sixths as many classes).

Columns: x[c,e] (days of class c on need e, only for needs the class has), z[c] (people of class
c on the team), w[c,t] (the t-th member of class c in its fairness order is on the team).
Rows:
  cover      Σ_c x[c,e] = days(e)
  capacity   Σ_e x[c,e] - usable(c)·z[c] ≤ 0
  no idle    z[c] - Σ_e x[c,e] ≤ 0                 (each of the z[c] people works a day)
  link       x[c,e] - min(days(e), usable(c))·z[c] ≤ 0
  count      z[c] - Σ_t w[c,t] = 0
  people     Σ_c z[c] ≤ max_people
Exactly the per-member model's teams: any per-member team maps to (x, z) by adding up a class;
conversely whole x and z split into z[c] people of the class, each with 1 to usable(c) days (fill
them one after the other), and no more days on a need than the need has. The fairness and id
costs sit on w, non-decreasing along the class's order, so the cheapest z[c] of a class are taken;
whole z gives whole w at an optimum wherever the costs rise strictly (``fairest-then-ids``: every
member id differs), and w is integral otherwise. Only for members without required or fixed days
(those are individual by definition); ``model_for`` chooses.
"""

import highspy
import numpy as np

from .solver import FEWEST_PEOPLE, LOWEST_COST, NEAREST, Need, Placement, Wishes, _Member
from .solver_model import _Model, column_lp, highs_for


def class_key(member: _Member, days: dict[int, int], objective: str) -> tuple:
    """Look-alikes: the same needed expertises, the same usable free days (free days beyond the
    days of those needs together cannot be used), the same cost per day."""
    needed = tuple(sorted(e for e in member.expertise_ids if e in days))
    per_day = member.rate_cents if objective == LOWEST_COST else member.tenths_km if objective == NEAREST else 0
    return (needed, min(member.capacity, sum(days[e] for e in needed)), per_day)


def look_alike_classes(needs: list[Need], members: list[_Member], objective: str) -> dict[tuple, list[int]]:
    """The members' positions in ``members`` by class (``class_key``), in the order first seen."""
    need_days = {n.expertise_id: n.days for n in needs}
    groups: dict[tuple, list[int]] = {}
    for mi, m in enumerate(members):
        groups.setdefault(class_key(m, need_days, objective), []).append(mi)
    return groups


def merges_enough(groups: dict[tuple, list[int]], members: list[_Member]) -> bool:
    """Whether the classes are at most three quarters as many as the members."""
    return 4 * len(groups) <= 3 * len(members)


class _ClassModel(_Model):
    """The MIP of one proposal on classes of look-alike members. Solving, keeping an optimum as a
    row and checking for whole days are ``_Model``'s; the columns, costs and teams are its own."""

    def __init__(
        self,
        needs: list[Need],
        members: list[_Member],
        wishes: Wishes,
        deadline: float,
        *,
        integer_days: bool = True,
        relaxed: bool = False,
        strict_order: bool = True,
        groups: dict[tuple, list[int]] | None = None,
    ):
        self.needs = needs
        self.members = members
        self.deadline = deadline
        if groups is None:
            groups = look_alike_classes(needs, members, wishes.objective)
        self.usable = [key[1] for key in groups]
        # Inside a class, the fairness order: fewer recent days, then the lower id.
        self.classes = [
            sorted(idx, key=lambda mi: (members[mi].recent_days, members[mi].rank)) for idx in groups.values()
        ]
        need_index = {n.expertise_id: i for i, n in enumerate(needs)}
        days = np.array([n.days for n in needs], dtype=float)
        nc, nn, nw = len(self.classes), len(needs), len(members)
        capacity = np.array([float(u) for u in self.usable])
        pairs = [(ci, need_index[e]) for ci, c in enumerate(self.classes) for e in sorted(members[c[0]].expertise_ids)]
        self.pairs = pairs
        self.class_pairs: list[list[tuple[int, int]]] = [[] for _ in self.classes]  # (column, need) per class
        for j, (ci, ni) in enumerate(pairs):
            self.class_pairs[ci].append((j, ni))
        nx = len(pairs)
        self.nx, self.nc = nx, nc
        pc = np.array([ci for ci, _ in pairs], dtype=np.int64)
        pn = np.array([ni for _, ni in pairs], dtype=np.int64)
        x_upper_one = np.minimum(days[pn], capacity[pc]) if nx else np.zeros(0)
        sizes = np.array([len(c) for c in self.classes], dtype=float)
        # w in the order of the classes: class 0's members in its order, then class 1's, ...
        self.w_members = np.array([mi for c in self.classes for mi in c], dtype=np.int64)
        w_class = np.array([ci for ci, c in enumerate(self.classes) for _ in c], dtype=np.int64)
        j = np.arange(nx)
        z = nx + np.arange(nc)
        w = nx + nc + np.arange(nw)
        cap_row = nn + np.arange(nc)
        idle_row = nn + nc + np.arange(nc)
        count_row = nn + 2 * nc + np.arange(nc)
        link_row = nn + 3 * nc + j
        rows = np.concatenate(
            [pn, cap_row[pc], cap_row, idle_row, idle_row[pc], link_row, link_row, count_row, count_row[w_class]]
        )
        cols = np.concatenate([j, j, z, z, j, j, nx + pc, z, w])
        vals = np.concatenate(
            [
                np.ones(nx),
                np.ones(nx),
                -capacity,
                np.ones(nc),
                -np.ones(nx),
                np.ones(nx),
                -x_upper_one,
                np.ones(nc),
                -np.ones(nw),
            ]
        )
        nrow = nn + 3 * nc + nx
        inf = highspy.kHighsInf
        row_lower = np.full(nrow, -inf)
        row_upper = np.zeros(nrow)
        row_lower[:nn] = row_upper[:nn] = days
        row_lower[nn + 2 * nc :] = 0.0  # count rows are equalities (the link rows come after them)
        row_lower[link_row] = -inf
        ncol = nx + nc + nw
        col_upper = np.concatenate([np.minimum(days[pn], x_upper_one * sizes[pc]), sizes, np.ones(nw)])
        lp = column_lp(
            rows, cols, vals, np.zeros(ncol), col_upper, row_lower, row_upper, people=z, max_people=wishes.max_people
        )
        cont, whole = highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger
        if relaxed:
            lp.integrality_ = [cont] * ncol
        else:
            lp.integrality_ = (
                [whole if integer_days else cont] * nx + [whole] * nc + [cont if strict_order else whole] * nw
            )
        self.highs = highs_for(lp)
        self.ncol = ncol
        self.id_weight = 1
        self.solution: np.ndarray | None = None

    def costs(self, kind: str) -> np.ndarray:
        c = np.zeros(self.ncol)
        m = self.members
        first = [cls[0] for cls in self.classes]
        w = slice(self.nx + self.nc, self.ncol)
        ordered = [m[mi] for mi in self.w_members]
        if kind == FEWEST_PEOPLE:
            c[self.nx : self.nx + self.nc] = 1.0
        elif kind == LOWEST_COST:
            c[: self.nx] = [m[first[ci]].rate_cents for ci, _ in self.pairs]
        elif kind == NEAREST:
            c[: self.nx] = [m[first[ci]].tenths_km for ci, _ in self.pairs]
        elif kind == "fairest":
            c[w] = [x.recent_days for x in ordered]
        elif kind == "fairest-then-ids":
            c[w] = [x.recent_days * self.id_weight + x.rank for x in ordered]
        else:  # "tie-break"
            c[w] = [x.rank for x in ordered]
        return c

    def start_from(self, placements) -> None:
        """A known team as the start, when all its members are here."""
        position = {m.member_id: i for i, m in enumerate(self.members)}
        if not placements or any(p.member_id not in position for p in placements):
            return
        class_of = {mi: ci for ci, c in enumerate(self.classes) for mi in c}
        w_column = {mi: self.nx + self.nc + k for k, mi in enumerate(self.w_members)}
        index = {(ci, self.needs[ni].expertise_id): j for j, (ci, ni) in enumerate(self.pairs)}
        solution = np.zeros(self.ncol)
        for mi in {position[p.member_id] for p in placements}:
            solution[self.nx + class_of[mi]] += 1.0
            solution[w_column[mi]] = 1.0
        for p in placements:
            key = (class_of[position[p.member_id]], p.expertise_id)
            if key not in index:
                return
            solution[index[key]] += p.days
        self.solution = solution

    def member_weights(self) -> np.ndarray:
        """Per member (in ``members`` order): its w, how much of it the solution puts on the team."""
        weights = np.zeros(len(self.members))
        weights[self.w_members] = self.solution[self.nx + self.nc :]
        return weights

    def team(self) -> np.ndarray:
        """Per member (in ``members`` order): on the team; the first z[c] of each class."""
        on = np.zeros(len(self.members), dtype=bool)
        for ci, cls in enumerate(self.classes):
            on[cls[: round(self.solution[self.nx + ci])]] = True
        return on

    def placements(self) -> list[Placement]:
        """The class's days split over its first z[c] members (``_split``): a day each first, then
        the rest filling them up to their usable days one after the other, one need after the
        other (the model guarantees at least a day each and no more than they can give)."""
        result = []
        for ci, cls in enumerate(self.classes):
            people = [self.members[mi] for mi in cls[: round(self.solution[self.nx + ci])]]
            if not people:
                continue
            given = [[self.needs[ni].expertise_id, round(self.solution[j])] for j, ni in self.class_pairs[ci]]
            shares = _split(given, [self.usable[ci]] * len(people))
            for member, share in zip(people, shares, strict=True):
                result += [Placement(member.member_id, e, d) for e, d in share.items() if d > 0]
        return sorted(result, key=lambda p: (p.member_id, p.expertise_id))


def _split(given: list[list[int]], capacities: list[int]) -> list[dict[int, int]]:
    """Days per need (``given``: [need, days]) over people with these capacities, each at least a day."""
    total = sum(d for _, d in given)
    n = len(capacities)
    # Each person's total: at least 1, at most their capacity, adding up to ``total``.
    loads = [1] * n
    left = total - n
    for i in range(n):
        extra = min(capacities[i] - 1, left)
        loads[i] += extra
        left -= extra
    shares: list[dict[int, int]] = [{} for _ in range(n)]
    queue = [[e, d] for e, d in given if d > 0]
    for i in range(n):
        want = loads[i]
        while want > 0:
            e, d = queue[0]
            take = min(d, want)
            shares[i][e] = shares[i].get(e, 0) + take
            want -= take
            queue[0][1] -= take
            if queue[0][1] == 0:
                queue.pop(0)
    return shares


def model_for(needs, members, wishes, deadline, *, strict_order=True, **kwargs):
    """The model on classes of look-alike members when they are at most three quarters as many as
    the members, else per member (the classes' extra columns then cost more than they
    save: lowest cost and nearest, whose rates and distances rarely repeat); per member as well when
    some have required or fixed days (they are individual)."""
    if any(m.required or m.fixed for m in members):
        return _Model(needs, members, wishes, deadline, **kwargs)
    groups = look_alike_classes(needs, members, wishes.objective)
    if not merges_enough(groups, members):
        return _Model(needs, members, wishes, deadline, **kwargs)
    return _ClassModel(needs, members, wishes, deadline, strict_order=strict_order, groups=groups, **kwargs)
