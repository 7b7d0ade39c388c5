"""Valkuilen-radar: the twelve pitfalls of guide ch. 7 over a collaboration's data.

``facts`` holds the plain facts and thresholds, ``rules`` the pure rules (one per pitfall, in the
guide's three groups), ``collect`` reads the facts from the database (imported on its own, as it
needs the apps to be ready).
"""

from .facts import (  # noqa: F401
    DRAFT,
    LARGE_SPREAD,
    LOW_MEAN,
    SIGNED,
    UNBALANCED_POINTS,
    ActionFact,
    EvaluationFact,
    GoalFact,
    RadarFacts,
    RoundFact,
    SplitFact,
)
from .rules import (  # noqa: F401
    CATEGORY_ORDER,
    NO_DATA,
    NO_SIGNAL,
    NOT_DERIVABLE,
    ORGANISATIONAL,
    PITFALLS,
    SIGNAL,
    STARTING_POINTS,
    TRUST,
    Flag,
    Pitfall,
    _months_later,
    evaluate,
    months_later,
    overview,
    rhythm_text,
)
