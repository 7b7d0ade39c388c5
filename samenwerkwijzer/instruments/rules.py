"""The rules of the multi-party instruments, as plain functions.

No Django imports: these are unit- and property-tested on their own
(``tests/test_rules.py``) and used by the services, selectors and checks.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from statistics import fmean

# A difference of this many points between the highest and the lowest score of a
# statement marks it "bespreken" (to discuss).
DISCUSS_THRESHOLD = 2

# A governance dimension counts as present when its average score is above the
# middle of the 1-5 scale.
GOVERNANCE_THRESHOLD = 3.0
# Averages this close to the threshold are shown as "borderline".
GOVERNANCE_MARGIN = 0.5

MARKET, HIERARCHY, TRUST = "market", "hierarchy", "trust"
DIMENSIONS = (MARKET, HIERARCHY, TRUST)

# Adler (2001), as in chapter 8 of the guide: (market, hierarchy, trust) -> type.
# Figure 8.1 (no trust): market on the vertical axis, hierarchy on the horizontal one.
# Figure 8.2 (trust): the same axes.
GOVERNANCE_TYPES: dict[tuple[bool, bool, bool], str] = {
    (True, False, False): "spot_market",
    (True, True, False): "low_trust_hybrid",
    (False, False, False): "asocial_horde",
    (False, True, False): "coercive_bureaucracy",
    (False, False, True): "clan",
    (True, False, True): "relational_contracts",
    (False, True, True): "enabling_bureaucracy",
    (True, True, True): "high_trust_hybrid",
}


def spread(scores: Iterable[float | None]) -> float | None:
    """Highest minus lowest of the given scores (``None`` entries skipped); ``None`` without scores."""
    present = [score for score in scores if score is not None]
    if not present:
        return None
    return max(present) - min(present)


def average(scores: Iterable[float | None]) -> float | None:
    present = [score for score in scores if score is not None]
    return fmean(present) if present else None


def needs_discussion(value: float | None, threshold: float = DISCUSS_THRESHOLD) -> bool:
    return value is not None and value >= threshold


def divergence_ranking(rows: Sequence[Sequence[float | None]]) -> list[int]:
    """Order of the rows (each a list of scores) by spread, biggest difference first.

    Returns a permutation of ``range(len(rows))``. Rows with equal spread keep their
    original order (the order of the guide); rows without any score come last.
    """
    spreads = [spread(row) for row in rows]
    return sorted(
        range(len(rows)),
        key=lambda index: (spreads[index] is None, -(spreads[index] or 0), index),
    )


def reveal_eligible(expected: Collection, submitted: Collection) -> bool:
    """A round may be revealed when there is someone to wait for and all of them submitted."""
    return bool(expected) and set(expected) <= set(submitted)


def dimension_averages(
    answers: Iterable[Mapping[str, int | None]], dimension_of: Mapping[str, str]
) -> dict[str, float | None]:
    """Average score per governance dimension over all given answer sets.

    Each organisation weighs the same: first its own average per dimension, then the
    average of those.
    """
    per_organisation: dict[str, list[float]] = {dimension: [] for dimension in set(dimension_of.values())}
    for answer in answers:
        for dimension in per_organisation:
            own = average(answer.get(item) for item, dim in dimension_of.items() if dim == dimension)
            if own is not None:
                per_organisation[dimension].append(own)
    return {dimension: average(values) for dimension, values in per_organisation.items()}


def is_present(value: float, threshold: float = GOVERNANCE_THRESHOLD) -> bool:
    return value > threshold


def classify_governance(market: float, hierarchy: float, trust: float, threshold: float = GOVERNANCE_THRESHOLD) -> str:
    """Which of Adler's eight types a collaboration with these dimension averages is in.

    Total: every combination of numbers gives exactly one of the eight types.
    """
    key = (is_present(market, threshold), is_present(hierarchy, threshold), is_present(trust, threshold))
    return GOVERNANCE_TYPES[key]


def borderline_dimensions(
    values: Mapping[str, float], threshold: float = GOVERNANCE_THRESHOLD, margin: float = GOVERNANCE_MARGIN
) -> list[str]:
    """Dimensions whose average is so close to the threshold that the type could easily tip."""
    return [
        dimension for dimension in DIMENSIONS if dimension in values and abs(values[dimension] - threshold) <= margin
    ]


def gate_passed(answers: Mapping[str, object], items: Sequence[str], pass_values: Collection[str]) -> bool | None:
    """False as soon as one gate question is not answered with a passing value; None while open."""
    values = [answers.get(item) for item in items]
    if any(value not in (None, "") and value not in pass_values for value in values):
        return False
    if any(value in (None, "") for value in values):
        return None
    return True
