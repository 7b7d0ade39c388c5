"""The greedy heuristic of the team solver: the benchmark's baseline and the fallback when the
solver runs out of time (see ``solver.py``, which re-exports ``greedy_team``). Pure: no Django."""

import time

from .solver import (
    FALLBACK,
    LOWEST_COST,
    NEAREST,
    Candidate,
    Need,
    Placement,
    Proposal,
    Wishes,
    _diagnose,
    _eligible,
    _Member,
    _with_totals,
)


def _greedy_order(objective: str):
    """The objective's order of members for the greedy heuristic (smaller sorts first)."""
    if objective == LOWEST_COST:
        return lambda m, free: (m.rate_cents, m.recent_days, m.rank)
    if objective == NEAREST:
        return lambda m, free: (m.tenths_km, m.recent_days, m.rank)
    return lambda m, free: (-free, m.recent_days, m.rank)  # fewest people: the most free days first


def greedy_team(needs: list[Need], candidates: list[Candidate], wishes: Wishes) -> Proposal:
    """The baseline and the fallback, a plain heuristic with no guarantee:

    start from the fixed placements and the required members; then take the needs in order of
    scarcity (the least eligible capacity per needed day first) and fill each with eligible
    members in the objective's order — members already on the team first, then the most free
    days (fewest people), the lowest rate (lowest cost) or the shortest distance (nearest), then
    fewer recent days, then member id — until the need is covered, never beyond ``max_people``.
    A need it cannot cover gives ``status == INFEASIBLE``, which does not prove that no team
    exists."""
    started = time.perf_counter()
    needs = [n for n in needs if n.days > 0]
    members = _eligible(needs, candidates, wishes)
    diagnosis = _diagnose(needs, members, wishes)
    if diagnosis.missing or diagnosis.shortfall or diagnosis.blocked_required:
        return diagnosis
    placements = _greedy(needs, members, wishes)
    if placements is None:
        diagnosis.solve_seconds = time.perf_counter() - started
        return diagnosis
    proposal = Proposal(status=FALLBACK, placements=placements, solve_seconds=time.perf_counter() - started)
    return _with_totals(proposal, candidates)


def _greedy(needs: list[Need], members: list[_Member], wishes: Wishes) -> list[Placement] | None:
    """The heuristic of ``greedy_team`` on resolved members: the placements, or None."""
    free = {m.member_id: m.capacity for m in members}
    team: set[int] = set()
    got: dict[tuple[int, int], int] = {}
    left = {n.expertise_id: n.days for n in needs}
    for m in members:
        if m.required:
            team.add(m.member_id)
        for e, d in m.fixed.items():
            got[(m.member_id, e)] = d
            free[m.member_id] -= d
            left[e] -= d
    if any(v < 0 for v in left.values()):  # fixed placements beyond what is needed
        return None
    supply = {
        n.expertise_id: sum(free[m.member_id] for m in members if n.expertise_id in m.expertise_ids) for n in needs
    }
    key = _greedy_order(wishes.objective)
    for need in sorted(needs, key=lambda n: (supply[n.expertise_id] / n.days, n.expertise_id)):
        e = need.expertise_id
        able = [m for m in members if e in m.expertise_ids and free[m.member_id] > 0]
        able.sort(key=lambda m: (m.member_id not in team, *key(m, free[m.member_id])))
        for m in able:
            if left[e] <= 0:
                break
            if m.member_id not in team and wishes.max_people is not None and len(team) >= wishes.max_people:
                continue
            take = min(left[e], free[m.member_id])
            got[(m.member_id, e)] = got.get((m.member_id, e), 0) + take
            free[m.member_id] -= take
            left[e] -= take
            team.add(m.member_id)
    idle = [i for i in team if not any(k[0] == i and d > 0 for k, d in got.items())]
    if any(v > 0 for v in left.values()) or idle:
        return None
    return sorted(
        (Placement(m, e, d) for (m, e), d in got.items() if d > 0), key=lambda p: (p.member_id, p.expertise_id)
    )
