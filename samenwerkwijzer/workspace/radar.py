"""Valkuilen-radar: the pitfalls of guide ch. 7 as rules over a collaboration's data.

Pure functions over plain facts (collected by ``selectors.radar_facts``); each rule
returns flags with their evidence and a suggested next step. Thresholds follow the
Samenwerkingschecker scale (1 = applies to none of the partners, 5 = to all).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

LOW_MEAN = 2.5  # on average "applies to hardly any partner"
LARGE_SPREAD = 2  # the checker's "bespreken" threshold
UNBALANCED_POINTS = Decimal(20)  # burden share above benefit share, in percentage points
DEFAULT_EVALUATION_MONTHS = 6  # the guide's usual rhythm when the partners agreed none

STARTING_POINTS = "starting_points"
ORGANISATIONAL = "organisational"
TRUST = "trust"


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
    """A round of any instrument; ``scores`` only for revealed checker rounds."""

    instrument: str
    number: int
    closed_on: date | None  # revealed (all submitted, or closed early by the lead)
    closed_early: bool
    submitted: frozenset[str]
    scores: dict[str, dict[str, int]] = field(default_factory=dict)  # statement -> organisation -> 1..5


@dataclass(frozen=True)
class RadarFacts:
    today: date
    started_on: date
    participants: tuple[str, ...]
    agreements_phase_reached: bool
    goals: tuple[GoalFact, ...] = ()
    splits: tuple[SplitFact, ...] = ()
    actions: tuple[ActionFact, ...] = ()
    rounds: tuple[RoundFact, ...] = ()
    evaluation_interval_months: int = DEFAULT_EVALUATION_MONTHS


@dataclass(frozen=True)
class Flag:
    key: str
    category: str
    title: str
    evidence: tuple[str, ...]
    next_step: str


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def _percent(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _latest_checker(facts: RadarFacts) -> RoundFact | None:
    revealed = [r for r in facts.rounds if r.instrument == "samenwerkingschecker" and r.closed_on and r.scores]
    return max(revealed, key=lambda r: r.number) if revealed else None


def _statement_problem(round_: RoundFact, statement: str) -> str | None:
    scores = round_.scores.get(statement, {})
    if not scores:
        return None
    mean, spread = _mean(scores.values()), max(scores.values()) - min(scores.values())
    if mean <= LOW_MEAN or spread >= LARGE_SPREAD:
        per_organisation = ", ".join(f"{name} {score}" for name, score in sorted(scores.items()))
        return _("round %(number)s: average %(mean).1f, difference %(spread)s (%(scores)s)") % {
            "number": round_.number,
            "mean": mean,
            "spread": spread,
            "scores": per_organisation,
        }
    return None


def goals_not_smart(facts: RadarFacts) -> list[Flag]:
    if not facts.agreements_phase_reached:
        return []
    if not facts.goals:
        evidence = (_("No joint goals have been recorded in the agreement yet."),)
    else:
        evidence = tuple(
            _("Goal “%(goal)s” lacks: %(missing)s") % {"goal": goal.title, "missing": ", ".join(goal.missing)}
            for goal in facts.goals
            if goal.missing
        )
    if not evidence:
        return []
    return [
        Flag(
            key="goals_not_smart",
            category=ORGANISATIONAL,
            title=_("The goals are not concrete enough"),
            evidence=evidence,
            next_step=_("Make every goal SMART in the agreement: an indicator, a target value and a deadline."),
        )
    ]


def lead_unclear(facts: RadarFacts) -> list[Flag]:
    latest = _latest_checker(facts)
    problem = latest and _statement_problem(latest, "one_partner_leads")
    if not problem:
        return []
    return [
        Flag(
            key="lead_unclear",
            category=ORGANISATIONAL,
            title=_("It is not clear who takes the lead"),
            evidence=(problem,),
            next_step=_("Agree who takes the initiative, calls the meetings and keeps the pen."),
        )
    ]


def unbalanced_split(facts: RadarFacts) -> list[Flag]:
    evidence = tuple(
        _("%(organisation)s carries %(cost)s%% of the costs but receives %(revenue)s%% of the revenue")
        % {"organisation": s.organisation, "cost": _percent(s.cost_percent), "revenue": _percent(s.revenue_percent)}
        for s in facts.splits
        if s.cost_percent - s.revenue_percent >= UNBALANCED_POINTS
    )
    if not evidence:
        return []
    return [
        Flag(
            key="unbalanced_split",
            category=STARTING_POINTS,
            title=_("Benefits and burdens are out of balance"),
            evidence=evidence,
            next_step=_("Discuss whether the split of costs and revenue still fits what each partner brings."),
        )
    ]


def overdue_actions(facts: RadarFacts) -> list[Flag]:
    overdue = [a for a in facts.actions if not a.done and a.due and a.due < facts.today]
    if not overdue:
        return []
    overdue.sort(key=lambda a: a.due)
    return [
        Flag(
            key="overdue_actions",
            category=ORGANISATIONAL,
            title=_("Agreements are not kept: action items are overdue"),
            evidence=tuple(
                _("“%(action)s” (%(owner)s) was due on %(due)s")
                % {"action": a.description[:80], "owner": a.owner, "due": a.due.strftime("%d-%m-%Y")}
                for a in overdue
            ),
            next_step=_("Put the overdue items on the next agenda and agree a new date or a new owner."),
        )
    ]


def _statement_flag(facts, statement, key, category, title, next_step) -> list[Flag]:
    latest = _latest_checker(facts)
    problem = latest and _statement_problem(latest, statement)
    if not problem:
        return []
    return [Flag(key=key, category=category, title=title, evidence=(problem,), next_step=next_step)]


def trust_low(facts: RadarFacts) -> list[Flag]:
    return _statement_flag(
        facts,
        "mutual_trust",
        "trust_low",
        TRUST,
        _("Trust is low or seen very differently"),
        _("Talk openly about what each partner needs to trust the others; don't save problems up."),
    )


def shared_goal_unclear(facts: RadarFacts) -> list[Flag]:
    return _statement_flag(
        facts,
        "shared_goal",
        "shared_goal_unclear",
        STARTING_POINTS,
        _("The partners do not see the same goal"),
        _("Go back to the joint goals: what does each partner want to achieve, and what is shared?"),
    )


def knowledge_withheld(facts: RadarFacts) -> list[Flag]:
    return _statement_flag(
        facts,
        "share_own_knowledge",
        "knowledge_withheld",
        TRUST,
        _("Knowledge may be held back"),
        _("Agree which knowledge each partner brings in, and how it is protected."),
    )


def _months_later(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def no_recent_evaluation(facts: RadarFacts) -> list[Flag]:
    checker = [r.closed_on for r in facts.rounds if r.instrument == "samenwerkingschecker" and r.closed_on]
    since = max(checker) if checker else facts.started_on
    due = _months_later(since, facts.evaluation_interval_months)
    if facts.today <= due:
        return []
    evidence = (
        _("The last evaluation was on %(date)s; the agreed interval is %(months)s months.")
        % {"date": since.strftime("%d-%m-%Y"), "months": facts.evaluation_interval_months}
        if checker
        else _("There has been no evaluation since the start on %(date)s; the agreed interval is %(months)s months.")
        % {"date": since.strftime("%d-%m-%Y"), "months": facts.evaluation_interval_months}
    )
    return [
        Flag(
            key="no_recent_evaluation",
            category=ORGANISATIONAL,
            title=_("No evaluation within the agreed interval"),
            evidence=(evidence,),
            next_step=_("Start a new round of the Samenwerkingschecker and discuss the results together."),
        )
    ]


def partner_never_submits(facts: RadarFacts) -> list[Flag]:
    closed = sorted((r for r in facts.rounds if r.closed_on), key=lambda r: r.closed_on)
    evidence = []
    for organisation in facts.participants:
        if len(closed) >= 2 and all(organisation not in r.submitted for r in closed[-2:]):
            evidence.append(
                _("%(organisation)s did not answer in the last two rounds") % {"organisation": organisation}
            )
        elif closed and all(organisation not in r.submitted for r in closed):
            evidence.append(_("%(organisation)s has not answered any round yet") % {"organisation": organisation})
    if not evidence:
        return []
    return [
        Flag(
            key="partner_never_submits",
            category=ORGANISATIONAL,
            title=_("A partner does not take part in the evaluations"),
            evidence=tuple(evidence),
            next_step=_("Ask whether the collaboration still has priority for this partner, and what it needs."),
        )
    ]


RULES = (
    goals_not_smart,
    shared_goal_unclear,
    unbalanced_split,
    lead_unclear,
    overdue_actions,
    no_recent_evaluation,
    partner_never_submits,
    trust_low,
    knowledge_withheld,
)

CATEGORY_ORDER = (STARTING_POINTS, ORGANISATIONAL, TRUST)


def evaluate(facts: RadarFacts) -> list[Flag]:
    """All flags, grouped in the guide's order: starting points, organisational, trust."""
    flags = [flag for rule in RULES for flag in rule(facts)]
    return sorted(flags, key=lambda flag: CATEGORY_ORDER.index(flag.category))
