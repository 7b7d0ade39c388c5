"""The plain facts the pitfall rules read (collected by ``radar.collect``), and thresholds."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

LOW_MEAN = Decimal("2.5")  # on average "applies to hardly any partner" (scale 1-5)
LARGE_SPREAD = 2  # the checker's "bespreken" threshold: partners differ by 2 points or more
UNBALANCED_POINTS = Decimal(20)  # burden share above benefit share, in percentage points

SIGNED, DRAFT = "signed", "draft"  # where the evaluation interval comes from; None: nothing agreed


@dataclass(frozen=True)
class GoalFact:
    title: str
    missing: tuple[str, ...] = ()  # what the SMART check found missing, in words


@dataclass(frozen=True)
class SplitFact:
    organisation: str
    cost_percent: Decimal
    revenue_percent: Decimal


@dataclass(frozen=True)
class ActionFact:
    description: str
    owner: str
    due: date | None
    done: bool


@dataclass(frozen=True)
class RoundFact:
    """A round of any instrument; ``scores`` only for revealed rounds of scored instruments."""

    instrument: str
    number: int
    closed_on: date | None  # revealed (all submitted, or closed early by the lead)
    closed_early: bool
    submitted: frozenset[str]
    scores: dict[str, dict[str, int]] = field(default_factory=dict)  # item -> organisation -> 1..5


@dataclass(frozen=True)
class EvaluationFact:
    """How often the partners evaluate: what the agreement says, or the agreement form's default.

    ``label`` is the frequency in words (translated when shown); ``source`` is SIGNED when the
    signed agreement says it, DRAFT when only the draft does, None when nothing says it.
    """

    months: int
    label: object
    source: str | None = None


@dataclass(frozen=True)
class RadarFacts:
    today: date
    started_on: date
    participants: tuple[str, ...]
    agreements_phase_reached: bool
    evaluation: EvaluationFact
    running: bool = False  # in the execution phase: evaluations are due
    has_agreement: bool = False
    goals: tuple[GoalFact, ...] = ()
    splits: tuple[SplitFact, ...] = ()
    actions: tuple[ActionFact, ...] = ()
    rounds: tuple[RoundFact, ...] = ()
