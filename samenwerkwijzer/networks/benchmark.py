"""Random but realistic team-forming instances for ``manage.py benchmark_teams`` (pure, seeded).

A network of ``members`` members over ``expertises`` expertises:
- popularity is skewed (Zipf-like, weight 1/(rank+1)^0.9): a few expertises are common, some rare;
- each member has 1 to 3 expertises (drawn by popularity), at most 0 to 40 days for one
  assignment, a day rate of € 450 to € 1,200, a home postcode area drawn from the reference PC4
  table, 0 to 120 recently assigned days, and an availability window (a period of 4 to 52 weeks
  in the coming year, 1 to 5 days a week, sometimes with a busy fortnight inside it);
- each assignment needs 3 to 8 different expertises (by popularity) with 3 to 25 person-days
  each, runs 2 to 12 weeks in the coming year at a random postcode area, and has the wishes a
  bringer would set: sometimes a maximum distance (50 or 100 km), sometimes at most 4 to 10 people.

A member's capacity for an assignment is ``min(their maximum, rules.capacity_days(window))``,
computed when the instance is built (in the app this comes from the database before solving).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from samenwerkwijzer.reference.catalog import distance_km, pc4_areas

from . import rules
from .solver import Candidate, Need, Wishes


@dataclass(frozen=True)
class _Profile:
    member_id: int
    expertise_ids: frozenset[int]
    max_days: int
    day_rate: Decimal
    pc4: str
    recent_days: int
    periods: tuple[rules.Period, ...]


@dataclass(frozen=True)
class Instance:
    number: int
    needs: list[Need]
    candidates: list[Candidate]  # every member of the network, as the solver receives them
    wishes: Wishes
    starts_on: date
    ends_on: date


def _weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** 0.9 for rank in range(n)]


def _distinct(rng: random.Random, population: list[int], weights: list[float], k: int) -> list[int]:
    chosen: list[int] = []
    while len(chosen) < k:
        pick = rng.choices(population, weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def build_network(*, members: int, expertises: int, seed: int, start: date) -> list[_Profile]:
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
    areas = sorted(pc4_areas())
    ids = list(range(1, expertises + 1))
    weights = _weights(expertises)
    profiles = []
    for member_id in range(1, members + 1):
        window_start = start + timedelta(days=rng.randint(0, 300))
        window_end = window_start + timedelta(weeks=rng.randint(4, 52))
        periods = [rules.Period(rules.AVAILABLE, window_start, window_end, rng.randint(1, 5))]
        if rng.random() < 0.3:
            busy_start = window_start + timedelta(days=rng.randint(0, 60))
            periods.append(rules.Period(rules.BUSY, busy_start, busy_start + timedelta(days=13)))
        profiles.append(
            _Profile(
                member_id=member_id,
                expertise_ids=frozenset(_distinct(rng, ids, weights, rng.randint(1, 3))),
                max_days=rng.randint(0, 40),
                day_rate=Decimal(rng.randint(450, 1200)),
                pc4=rng.choice(areas),
                recent_days=rng.randint(0, 120),
                periods=tuple(periods),
            )
        )
    return profiles


def build_instances(
    profiles: list[_Profile], *, assignments: int, expertises: int, seed: int, start: date, objective: str
) -> list[Instance]:
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
    areas_by_code = pc4_areas()
    areas = sorted(areas_by_code)
    ids = list(range(1, expertises + 1))
    weights = _weights(expertises)
    instances = []
    for number in range(1, assignments + 1):
        needed = sorted(_distinct(rng, ids, weights, rng.randint(3, 8)))
        needs = [Need(e, rng.randint(3, 25)) for e in needed]
        starts_on = start + timedelta(days=rng.randint(7, 330))
        ends_on = starts_on + timedelta(weeks=rng.randint(2, 12)) - timedelta(days=1)
        where = areas_by_code[rng.choice(areas)]
        wishes = Wishes(
            objective=objective,
            max_km=rng.choice([None, None, 50.0, 100.0]),
            max_people=rng.choice([None, None, None, rng.randint(4, 10)]),
        )
        candidates = [
            Candidate(
                member_id=p.member_id,
                expertise_ids=p.expertise_ids,
                capacity_days=min(p.max_days, rules.capacity_days(list(p.periods), starts_on, ends_on)),
                day_rate=p.day_rate,
                distance_km=distance_km(areas_by_code[p.pc4], where),
                recent_days=p.recent_days,
            )
            for p in profiles
        ]
        instances.append(Instance(number, needs, candidates, wishes, starts_on, ends_on))
    return instances


def with_objective(instance: Instance, objective: str) -> Instance:
    wishes = Wishes(objective=objective, max_km=instance.wishes.max_km, max_people=instance.wishes.max_people)
    return Instance(instance.number, instance.needs, instance.candidates, wishes, instance.starts_on, instance.ends_on)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 100 values is the 95th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]
