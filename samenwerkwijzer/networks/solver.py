"""The best team for an assignment, solved exactly as a mixed-integer programme with HiGHS (highspy).

Pure: no Django, no database. ``candidates.py`` turns an assignment and the network's members into
``Need``s, ``Candidate``s and ``Wishes``; this module only decides. The data types live in
``solver_types.py`` and are re-exported here.

INTERFACE (fixed; the engineer who owns this module fills in the bodies):
- ``propose_team(needs, candidates, wishes, *, time_limit)`` → ``Proposal``: every need covered with
  its days, each member within capacity and only for expertises they have, within ``max_km`` and
  ``max_people``, the ``required`` members in, the ``excluded`` out, the ``fixed`` placements kept;
  optimal first on ``wishes.objective`` (fewest people / lowest cost / nearest), then among those
  optima the fairest (fewer ``recent_days`` first): a lexicographic objective. When the solver
  does not prove optimality within ``time_limit`` a greedy team is returned with
  ``status == "fallback"``; when no team can exist, ``status == "infeasible"`` with ``missing``
  (expertise ids nobody eligible has) and ``shortfall`` (expertise id → days short).
- ``best_replacements(needs, candidates, wishes, proposal, *, time_limit)`` → for every placed
  member: the best team with that member excluded and everyone else kept (``Replacement``).
- ``greedy_team(needs, candidates, wishes)`` → ``Proposal`` (the baseline and the fallback).
"""

import time
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from .solver_types import (
    FALLBACK,
    FEWEST_PEOPLE,
    INFEASIBLE,
    LOWEST_COST,
    NEAREST,
    OPTIMAL,
    Candidate,
    Need,
    Placement,
    Proposal,
    Replacement,
    Wishes,
)

__all__ = [
    "FALLBACK",
    "FEWEST_PEOPLE",
    "INFEASIBLE",
    "LOWEST_COST",
    "NEAREST",
    "OPTIMAL",
    "Candidate",
    "Need",
    "Placement",
    "Proposal",
    "Replacement",
    "Wishes",
    "best_replacements",
    "greedy_team",
    "propose_team",
]


# ---------------------------------------------------------------------------------------------
# Implementation
#
# The model (one per proposal; HiGHS, one thread, silent, within ``time_limit``):
#   x[m,e] integer person-days of member m on need e   (only when m has e, or a fixed placement says so)
#   y[m]   binary: m is on the team
#   cover      Σ_m x[m,e] = days(e)                 every need exactly covered
#   capacity   Σ_e x[m,e] - capacity(m)·y[m] ≤ 0    nobody beyond their free days
#   link       x[m,e] - min(days(e), capacity(m))·y[m] ≤ 0   (a tighter form of the same)
#   no idle    y[m] - Σ_e x[m,e] ≤ 0                nobody on the team without at least one day
#   people     Σ_m y[m] ≤ max_people
#   required   y[m] = 1 (and so at least one day); fixed: x[m,e] ≥ fixed days, y[m] = 1
#   excluded members and those beyond max_km (an unknown distance never passes) are left out.
# Objectives, lexicographic (each optimum is added as a constraint before the next stage):
#   1. the bringer's choice — fewest people Σ y; lowest cost Σ rate·x in cents (an unknown rate
#      counts as the highest known rate); nearest Σ distance·x in tenths of a km: distance per
#      person-day, i.e. the travel of every working day (an unknown distance counts as the
#      farthest known one);
#   2. the fairest: Σ recent_days·y (fewer recently assigned days first);
#   3. a deterministic tie-break: Σ member id·y (lower member ids first; ids are positive).
# When many members are look-alikes (the same needed expertises, usable free days and cost per
# day), the same model is solved on classes of them instead (``solver_classes``): how many of a
# class, not which, with the class's fairness order deciding whom; exactly the same teams.
# Every objective is integral (people, cents, tenths of a km, days, ids), so HiGHS is asked for
# an absolute gap below 1 and zero relative gap: "optimal" then means proven optimal, exactly.
# ---------------------------------------------------------------------------------------------

_GAP = 0.999  # any better integral objective would be at least 1 better
_KEEP = 0.5  # slack when an optimum becomes a constraint (objectives are integral)
_COMBINE_BELOW = 1e9  # fairness and ids in one weighted objective when exact in doubles
# HiGHS options for the fairness stage (see ``_fairest``): they change how fast it proves, never
# what. Restarts (after root reduced-cost fixing) more than doubled its time on the benchmark.
_FAIRNESS_OPTIONS: dict[str, object] = {"mip_allow_restart": False}
_TRIAL_ABOVE = 40  # members left in the first stage above which a trial team may give a better bound


def _cents(rate: Decimal) -> int:
    return int((rate * 100).to_integral_value())


@dataclass(slots=True)
class _Member:
    member_id: int
    expertise_ids: frozenset[int]
    capacity: int
    rate_cents: int
    tenths_km: int
    recent_days: int
    rank: int  # the tie-break weight: the member id
    fixed: dict[int, int]  # expertise id -> fixed days
    required: bool


# The model and the exact reductions live in ``solver_model`` (it uses the definitions above).
from .solver_classes import model_for as _model  # noqa: E402
from .solver_model import (  # noqa: E402
    _fairer_by_swaps,
    _Model,
    _prune_by_reduced_costs,
    _prune_dominated,
    _smallest_team,
)


def _eligible(needs: list[Need], candidates: list[Candidate], wishes: Wishes) -> list[_Member]:
    """The members the model may use, with every unknown resolved (see the module notes)."""
    need_ids = {n.expertise_id for n in needs}
    fixed: dict[int, dict[int, int]] = {}
    for p in wishes.fixed:
        if p.member_id in wishes.excluded_member_ids or p.expertise_id not in need_ids or p.days <= 0:
            continue
        per = fixed.setdefault(p.member_id, {})
        per[p.expertise_id] = per.get(p.expertise_id, 0) + p.days
    known_rates = [c.day_rate for c in candidates if c.day_rate is not None]
    top_rate = max(known_rates) if known_rates else Decimal(0)
    known_km = [c.distance_km for c in candidates if c.distance_km is not None]
    far_km = max(known_km) if known_km else 0.0
    by_id = {c.member_id: c for c in candidates}
    # A fixed placement whose member is missing from the candidates is kept all the same.
    for member_id, per in fixed.items():
        if member_id not in by_id:
            by_id[member_id] = Candidate(member_id=member_id, expertise_ids=frozenset(per), capacity_days=0)
    members = []
    cents: dict[Decimal, int] = {}  # rates repeat: each is converted once
    needed: dict[frozenset[int], frozenset[int]] = {}
    # Most of a large network has no free days or no needed expertise: leave them out first.
    able = [
        i for i, c in by_id.items() if i in fixed or (c.capacity_days > 0 and not c.expertise_ids.isdisjoint(need_ids))
    ]
    for member_id in sorted(able):
        c = by_id[member_id]
        own_fixed = fixed.get(member_id, {})
        if member_id in wishes.excluded_member_ids:
            continue
        rate = c.day_rate if c.day_rate is not None else top_rate
        if rate not in cents:
            cents[rate] = _cents(rate)
        too_far = wishes.max_km is not None and (c.distance_km is None or c.distance_km > wishes.max_km)
        if too_far and not own_fixed:  # an accepted placement is kept whatever the wishes say now
            continue
        if own_fixed:
            expertise_ids = frozenset((c.expertise_ids & need_ids) | set(own_fixed))
        else:  # expertise sets repeat: each intersected once, and shared
            expertise_ids = needed.get(c.expertise_ids)
            if expertise_ids is None:
                expertise_ids = needed[c.expertise_ids] = c.expertise_ids & need_ids
        capacity = max(c.capacity_days, sum(own_fixed.values())) if own_fixed else c.capacity_days
        if not expertise_ids or capacity <= 0:
            continue
        members.append(
            _Member(
                member_id=member_id,
                expertise_ids=expertise_ids,
                capacity=capacity,
                rate_cents=cents[rate],
                tenths_km=round(10 * (c.distance_km if c.distance_km is not None else far_km)),
                recent_days=max(0, c.recent_days),
                rank=member_id,
                fixed=own_fixed,
                required=member_id in wishes.required_member_ids or bool(own_fixed),
            )
        )
    return members


def _diagnose(needs: list[Need], members: list[_Member], wishes: Wishes) -> Proposal:
    """Why no team exists, as far as simple counting tells: expertises nobody eligible has, days
    short per expertise, required members who cannot take part."""
    missing, shortfall = [], {}
    for need in needs:
        able = [m for m in members if need.expertise_id in m.expertise_ids]
        if not able:
            missing.append(need.expertise_id)
            continue
        short = need.days - sum(min(m.capacity, need.days) for m in able)
        if short > 0:
            shortfall[need.expertise_id] = short
    placeable = {m.member_id for m in members}
    blocked = sorted(set(wishes.required_member_ids) - placeable)
    return Proposal(status=INFEASIBLE, missing=missing, shortfall=shortfall, blocked_required=blocked)


def _with_totals(proposal: Proposal, candidates: list[Candidate]) -> Proposal:
    by_id = {c.member_id: c for c in candidates}
    ids = proposal.member_ids
    proposal.people = len(ids)
    chosen = [by_id.get(i) for i in ids]
    cost = Decimal(0)
    for p in proposal.placements:
        c = by_id.get(p.member_id)
        if c is None or c.day_rate is None:
            cost = None
            break
        cost += c.day_rate * p.days
    proposal.cost = cost if proposal.placements else None
    known = [c is not None and c.distance_km is not None for c in chosen]
    proposal.total_km = sum(c.distance_km for c in chosen) if chosen and all(known) else None
    if proposal.placements and all(known):
        proposal.km_days = sum(by_id[p.member_id].distance_km * p.days for p in proposal.placements)
    proposal.recent_days = sum(c.recent_days for c in chosen if c is not None)
    return proposal


# The greedy heuristic (the baseline and the fallback) uses the definitions above.
from .solver_greedy import _greedy, greedy_team  # noqa: E402


def _team_size_bound(needs: list[Need], members: list[_Member], wishes: Wishes) -> int:
    """An upper bound on the size of the lexicographically optimal team. Every member works at
    least one day, so never more people than needed days; never more than ``max_people``; and for
    "fewest people" never more than any team that exists, such as the greedy one."""
    bound = sum(n.days for n in needs)
    if wishes.max_people is not None:
        bound = min(bound, wishes.max_people)
    if wishes.objective == FEWEST_PEOPLE:
        greedy = _greedy(needs, members, wishes)
        if greedy is not None:
            bound = min(bound, len({p.member_id for p in greedy}))
    return bound


def propose_team(needs: list[Need], candidates: list[Candidate], wishes: Wishes, *, time_limit: float) -> Proposal:
    started = time.perf_counter()
    needs = [n for n in needs if n.days > 0]
    members = _eligible(needs, candidates, wishes)
    diagnosis = _diagnose(needs, members, wishes)
    if diagnosis.missing or diagnosis.shortfall or diagnosis.blocked_required:
        diagnosis.solve_seconds = time.perf_counter() - started
        return diagnosis
    if not needs:
        return _with_totals(Proposal(status=OPTIMAL, solve_seconds=time.perf_counter() - started), candidates)
    resolved = {m.member_id: m for m in members}
    deadline = started + time_limit
    bound = _team_size_bound(needs, members, wishes)
    # Stage 1, the bringer's objective, on the members that can matter for its optimal value.
    kept = _prune_dominated(needs, members, wishes, bound=bound, objective_only=True)
    if wishes.objective != FEWEST_PEOPLE:  # the optimum is at most the greedy team's value
        greedy = _greedy(needs, members, wishes)
        upper = _primary(greedy, resolved, wishes.objective) if greedy is not None else None
        kept = _prune_by_reduced_costs(needs, kept, wishes, deadline, upper, rounded=True)
        if len(kept) > _TRIAL_ABOVE:  # a better bound than greedy's, from a small trial
            kept = _pruned_by_a_trial(needs, kept, wishes, deadline, upper, greedy, resolved)
    first, costs, outcome = _solve_stage(needs, kept, wishes, deadline, wishes.objective)
    if outcome == "infeasible":
        diagnosis.too_many_people = wishes.max_people is not None and _feasible_without_people_limit(
            needs, members, wishes, deadline
        )
        diagnosis.solve_seconds = time.perf_counter() - started
        return diagnosis
    if outcome == "timeout":  # nothing proven: the greedy team, or the solver's incumbent when it is better
        proposal = Proposal(status=FALLBACK, fallback_reason="time_limit")
        greedy = greedy_team(needs, candidates, wishes)
        options = [greedy.placements] if greedy.status != INFEASIBLE else []
        if first.solution is not None and first.integral_days():
            options.append(first.placements())
        if options:
            proposal.placements = min(options, key=lambda ps: _primary(ps, resolved, wishes.objective))
    else:
        # Stages 2 and 3: the objective held at its optimum, the fairest team, then the lowest ids.
        best = round(float(costs @ first.solution))
        if wishes.objective == FEWEST_PEOPLE:
            bound = min(bound, best)
        kept = _prune_dominated(needs, members, wishes, bound=bound)
        if wishes.objective != FEWEST_PEOPLE:
            kept = _prune_by_reduced_costs(needs, kept, wishes, deadline, best)
        second, proven = _fairest_bounded(needs, kept, wishes, deadline, best, bound, first.placements(), resolved)
        placements = second.placements() if second.solution is not None else first.placements()
        if proven:
            proposal = Proposal(status=OPTIMAL, placements=placements)
        else:  # the objective is proven optimal, the fairness order is not
            proposal = Proposal(status=FALLBACK, placements=placements, fallback_reason="fairness_time_limit")
    proposal.solve_seconds = time.perf_counter() - started
    return _with_totals(proposal, candidates)


def _solve_stage(needs, members, wishes, deadline, kind):
    """The bringer's objective alone, with days as continuous variables (see ``_Model``); should the
    answer not be in whole days, again with whole days."""
    for integer_days in (False, True):
        model = _model(needs, members, wishes, deadline, integer_days=integer_days)
        costs = model.costs(kind)
        outcome = model.solve(costs)
        if outcome != "optimal" or model.integral_days():
            return model, costs, outcome
    return model, costs, outcome  # pragma: no cover - whole days are always integral


def _id_weight(members, bound: int) -> int:
    """A weight on the fairness above any team's sum of ids (a team has at most ``bound`` people),
    so one objective orders by fairness first and ids second."""
    return sum(sorted((m.rank for m in members), reverse=True)[:bound]) + 1


def _trial_members(members, weights, also, resolved) -> list[_Member]:
    """The members of a trial: those a relaxation's solution uses (``weights`` per member), the
    required ones and the ids in ``also``, so that the trial holds a team."""
    chosen = {m.member_id for m, weight in zip(members, weights, strict=True) if weight > 1e-6}
    chosen |= {m.member_id for m in members if m.required} | set(also)
    return [resolved[i] for i in sorted(chosen)]


def _fairest(needs, members, wishes, deadline, best: int, bound: int, *, start=()) -> tuple["_Model", bool]:
    """With the bringer's objective at most ``best``: the fewest recent days, then the lowest member
    ids. One solve when a weight can order both exactly within double precision, else two."""
    # For fewest people only the team (y) is in the extra rows, so days may stay continuous; the
    # cost and distance rows weigh the days, so there they must be whole.
    integer_days = wishes.objective != FEWEST_PEOPLE
    id_weight = _id_weight(members, bound)
    highest = max((m.recent_days for m in members), default=0)
    combined = id_weight * (highest + 1) * bound < _COMBINE_BELOW
    stages = ["fairest-then-ids"] if combined else ["fairest", "tie-break"]
    for attempt in (integer_days, True):
        model = _model(needs, members, wishes, deadline, integer_days=attempt, strict_order=combined)
        for option, value in _FAIRNESS_OPTIONS.items():
            model.highs.setOptionValue(option, value)
        model.limit(model.costs(wishes.objective), best)
        if wishes.objective == FEWEST_PEOPLE:  # exactly ``best`` people: the LP may not use fewer
            model.at_least(model.costs(FEWEST_PEOPLE), best)
        model.start_from(start)
        model.id_weight = id_weight
        proven = True
        for stage in stages:
            stage_costs = model.costs(stage)
            if model.solve(stage_costs) != "optimal":
                proven = False
                break
            model.keep(stage_costs)
        if not proven or model.integral_days():
            return model, proven
    return model, proven  # pragma: no cover - whole days are always integral


def _fairest_bounded(needs, members, wishes, deadline, best: int, bound: int, start, resolved):
    """``_fairest`` on fewer members, exactly. A team of at least L people (``_smallest_team``) with
    member M in it has at least recent(M) + the sum of the L-1 smallest recent days of the members
    (a lower bound, M included or not). When that exceeds the fairness of a team already known
    (the incumbent: the first stage's team, or the fairest team among the members with the fewest
    recent days, tried first), M is on no team at least as fair, so not on the optimum: left out.
    When everyone left was in the trial, the trial's proven optimum is the optimum.

    For fewest people (no required or fixed members) the first stage's team is first made fairer
    by swaps (``_fairer_by_swaps``): only a better incumbent, so fewer members left and a better
    start; what is proven does not change."""
    start = _swapped_start(needs, members, wishes, deadline, best, bound, start, resolved)
    floor = _smallest_team(needs, members, wishes, best)
    recent = sorted(m.recent_days for m in members)
    others = sum(recent[: max(0, floor - 1)])
    incumbent = sum(resolved[i].recent_days for i in {p.member_id for p in start})
    trial = None
    if len(members) > 40:
        relaxation = _model(needs, members, wishes, deadline, relaxed=True)
        relaxation.limit(relaxation.costs(wishes.objective), best)
        relaxation.id_weight = _id_weight(members, bound)
        relaxation.solve(relaxation.costs("fairest-then-ids"))
        weights = relaxation.member_weights() if relaxation.solution is not None else np.zeros(len(members))
        # The first stage's team too, so the trial has a team.
        trial_members = _trial_members(members, weights, {p.member_id for p in start}, resolved)
        chosen = {m.member_id for m in trial_members}
        trial, trial_proven = _fairest(needs, trial_members, wishes, deadline, best, bound, start=start)
        if trial.solution is not None:
            team = trial.team()
            value = sum(m.recent_days for m, on in zip(trial_members, team, strict=True) if on)
            if value <= incumbent:
                incumbent, start = value, trial.placements()
    left = [m for m in members if m.required or m.recent_days + others <= incumbent]
    if trial is not None and trial_proven and {m.member_id for m in left} <= chosen:
        return trial, True
    return _fairest(needs, left, wishes, deadline, best, bound, start=start)


def _swapped_start(needs, members, wishes, deadline, best: int, bound: int, start, resolved):
    """The first stage's team made fairer by swaps, with its days (see ``_fairest_bounded``)."""
    if wishes.objective != FEWEST_PEOPLE or not start or any(m.required for m in members):
        return start
    team = {p.member_id for p in start}
    pool = members + [resolved[i] for i in sorted(team - {m.member_id for m in members})]
    id_weight = _id_weight(pool, bound)
    better = _fairer_by_swaps(needs, pool, team, id_weight)
    if better == team:
        return start
    model, proven = _fairest(needs, [m for m in pool if m.member_id in better], wishes, deadline, best, bound)
    return model.placements() if proven and model.solution is not None else start


def _primary(placements: list[Placement], resolved: dict[int, _Member], objective: str) -> int:
    """The value of the bringer's objective for a team, as the model counts it."""
    if objective == LOWEST_COST:
        return sum(resolved[p.member_id].rate_cents * p.days for p in placements)
    if objective == NEAREST:
        return sum(resolved[p.member_id].tenths_km * p.days for p in placements)
    return len({p.member_id for p in placements})


def _feasible_without_people_limit(needs, members, wishes, deadline) -> bool:
    """Whether a team would exist if ``max_people`` were dropped (to say the wish is the cause)."""
    relaxed = replace(wishes, max_people=None)
    model = _Model(needs, members, relaxed, deadline)
    return model.solve(np.zeros(model.ncol)) == "optimal"


def best_replacements(
    needs: list[Need], candidates: list[Candidate], wishes: Wishes, proposal: Proposal, *, time_limit: float
) -> dict[int, Replacement]:
    result = {}
    for member_id in proposal.member_ids:
        others = tuple(p for p in proposal.placements if p.member_id != member_id)
        kept = tuple(p for p in wishes.fixed if p.member_id != member_id)
        # The rest of the team stays as proposed; their accepted placements are in ``others`` too.
        fixed = _merge(kept, others)
        changed = replace(
            wishes,
            excluded_member_ids=wishes.excluded_member_ids | {member_id},
            required_member_ids=wishes.required_member_ids - {member_id},
            fixed=fixed,
        )
        result[member_id] = Replacement(
            member_id=member_id, proposal=propose_team(needs, candidates, changed, time_limit=time_limit)
        )
    return result


def _merge(*groups: tuple[Placement, ...]) -> tuple[Placement, ...]:
    """Placements per (member, expertise), keeping the larger number of days."""
    best: dict[tuple[int, int], int] = {}
    for group in groups:
        for p in group:
            key = (p.member_id, p.expertise_id)
            best[key] = max(best.get(key, 0), p.days)
    return tuple(Placement(m, e, d) for (m, e), d in sorted(best.items()))


def _pruned_by_a_trial(needs, members, wishes, deadline, upper, greedy, resolved):
    """Lowest cost and nearest, first stage: a better bound than the greedy team's (``upper``; None
    when greedy found no team). The optimum among the members the LP relaxation uses, the greedy
    team and the required members is a team within the wishes, so the optimum costs at most as
    much; when it beats ``upper``, the reduced costs leave out more members (exact, as in
    ``_prune_by_reduced_costs``). With a ``max_people`` wish greedy often finds no team or a dear
    one, and the first stage then kept 150-550 members of the benchmark's network; after the
    trial 50-250, and the slowest nearest proposals took half the time."""
    relaxation = _model(needs, members, wishes, deadline, relaxed=True)
    if relaxation.solve(relaxation.costs(wishes.objective)) != "optimal":
        return members
    trial_members = _trial_members(members, relaxation.member_weights(), {p.member_id for p in greedy or ()}, resolved)
    trial, costs, outcome = _solve_stage(needs, trial_members, wishes, deadline, wishes.objective)
    if outcome != "optimal":
        return members
    value = round(float(costs @ trial.solution))
    if upper is not None and value >= upper:
        return members
    return _prune_by_reduced_costs(needs, members, wishes, deadline, value)
