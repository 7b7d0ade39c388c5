"""The best team for an assignment, solved exactly as a mixed-integer programme with HiGHS (highspy).

Pure: no Django, no database. ``candidates.py`` turns an assignment and the network's members into
``Need``s, ``Candidate``s and ``Wishes``; this module only decides.

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

from dataclasses import dataclass, field
from decimal import Decimal

OPTIMAL, FALLBACK, INFEASIBLE = "optimal", "fallback", "infeasible"
FEWEST_PEOPLE, LOWEST_COST, NEAREST = "fewest_people", "lowest_cost", "nearest"  # models.Objective values


@dataclass(frozen=True)
class Need:
    expertise_id: int
    days: int


@dataclass(frozen=True)
class Candidate:
    member_id: int
    expertise_ids: frozenset[int]
    capacity_days: int  # days free in the assignment's period (their offer, else availability minus commitments)
    day_rate: Decimal | None = None  # None: unknown (lowest cost treats it as the highest known rate)
    distance_km: float | None = None  # None: unknown (no postcode area); never passes a max_km wish
    recent_days: int = 0  # days on teams in the last 12 months: fewer comes first among equal optima


@dataclass(frozen=True)
class Wishes:
    objective: str = FEWEST_PEOPLE
    max_km: float | None = None
    max_people: int | None = None
    required_member_ids: frozenset[int] = frozenset()  # e.g. the bringer, when they take part
    excluded_member_ids: frozenset[int] = frozenset()  # said no, left, or asked to leave out
    fixed: tuple["Placement", ...] = ()  # placements already accepted: kept as they are


@dataclass(frozen=True)
class Placement:
    member_id: int
    expertise_id: int
    days: int


@dataclass
class Proposal:
    status: str  # OPTIMAL, FALLBACK or INFEASIBLE
    placements: list[Placement] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # expertise ids nobody eligible has
    shortfall: dict[int, int] = field(default_factory=dict)  # expertise id -> days nobody can give
    people: int = 0
    cost: Decimal | None = None
    total_km: float | None = None
    solve_seconds: float = 0.0

    @property
    def member_ids(self) -> list[int]:
        return sorted({p.member_id for p in self.placements})


@dataclass
class Replacement:
    member_id: int  # the member replaced
    proposal: Proposal  # the best team without them, everyone else kept


def propose_team(needs: list[Need], candidates: list[Candidate], wishes: Wishes, *, time_limit: float) -> Proposal:
    raise NotImplementedError  # filled in by the solver's owner


def best_replacements(
    needs: list[Need], candidates: list[Candidate], wishes: Wishes, proposal: Proposal, *, time_limit: float
) -> dict[int, Replacement]:
    raise NotImplementedError  # filled in by the solver's owner


def greedy_team(needs: list[Need], candidates: list[Candidate], wishes: Wishes) -> Proposal:
    raise NotImplementedError  # filled in by the solver's owner
