"""Pure rules for forming a team: free days in a period and distance between postcode areas.

No database: the caller (``candidates.py``) passes plain periods.

Capacity of a member in a period (``capacity_days``):
- only working days count: Monday to Friday;
- a member without any available period is available on every working day of the period;
- with available periods, only the working days inside an *available* period count, and an available period
  with ``days_per_week`` n gives n/5 of its working days inside the assignment's period, rounded
  down (3 days a week over 10 working days gives 6);
- a *busy* period blocks every day it covers, also inside an available period;
- days already committed elsewhere (accepted or invited roles on other assignments overlapping the
  period) are subtracted by ``free_days``; never below zero.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from samenwerkwijzer.reference.catalog import distance_km, pc4_areas

AVAILABLE, BUSY = "available", "busy"  # models.Availability.Kind values


@dataclass(frozen=True)
class Period:
    kind: str  # AVAILABLE or BUSY
    starts_on: date
    ends_on: date
    days_per_week: int = 5


def working_days(starts_on: date, ends_on: date) -> list[date]:
    """Monday to Friday from ``starts_on`` to ``ends_on``, both included."""
    if ends_on < starts_on:
        return []
    days = (ends_on - starts_on).days + 1
    return [d for d in (starts_on + timedelta(n) for n in range(days)) if d.weekday() < 5]


def capacity_days(periods: list[Period], starts_on: date, ends_on: date) -> int:
    """The working days a member has in the period according to their availability (see above)."""
    days = working_days(starts_on, ends_on)
    busy = {d for p in periods if p.kind == BUSY for d in days if p.starts_on <= d <= p.ends_on}
    available = [p for p in periods if p.kind == AVAILABLE]
    if not available:  # no available period stated: every working day that is not busy
        return sum(1 for d in days if d not in busy)
    counted: set[date] = set()
    total = 0
    # Longer weeks first: where available periods overlap, a day counts once, for the best one.
    for p in sorted(available, key=lambda p: (-p.days_per_week, p.starts_on)):
        inside = [d for d in days if p.starts_on <= d <= p.ends_on and d not in busy and d not in counted]
        counted.update(inside)
        total += len(inside) * max(0, min(5, p.days_per_week)) // 5
    return total


def free_days(periods: list[Period], starts_on: date, ends_on: date, *, committed: int = 0) -> int:
    """Capacity minus the days already committed to other assignments in the period, at least 0."""
    return max(0, capacity_days(periods, starts_on, ends_on) - committed)


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


def pc4_distance_km(a: str, b: str) -> float | None:
    """Distance in km between the centroids of two PC4 areas; None when either is unknown."""
    areas = pc4_areas()
    first, second = areas.get((a or "").strip()), areas.get((b or "").strip())
    if first is None or second is None:
        return None
    return distance_km(first, second)
