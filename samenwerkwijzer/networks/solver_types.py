"""The data that goes into and comes out of the team solver (``solver.py``, which re-exports every
name here: import them from ``solver``). Pure: no Django, no database."""

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
    total_km: float | None = None  # sum of the placed members' distances (None when one is unknown)
    solve_seconds: float = 0.0
    # Added by the solver (all with defaults):
    km_days: float | None = None  # Σ distance x days: what "nearest" minimises (travel per working day)
    recent_days: int = 0  # Σ recent_days of the team: what the fairness stage minimises
    blocked_required: list[int] = field(default_factory=list)  # required members who cannot take part
    too_many_people: bool = False  # infeasible only because of max_people: a team exists without it
    fallback_reason: str = ""  # "time_limit" (greedy team) or "fairness_time_limit" (objective proven)

    @property
    def member_ids(self) -> list[int]:
        return sorted({p.member_id for p in self.placements})


@dataclass
class Replacement:
    member_id: int  # the member replaced
    proposal: Proposal  # the best team without them, everyone else kept
