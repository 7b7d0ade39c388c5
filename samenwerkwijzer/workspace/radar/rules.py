"""The twelve pitfalls of guide ch. 7 as rules over a collaboration's facts.

Each pitfall comes out as one ``Pitfall`` with a status:

- SIGNAL: a rule found something, with the evidence;
- NO_SIGNAL: the rules had data and found nothing (which is not an all-clear);
- NO_DATA: the pitfall has a data source, but there is nothing in it yet;
- NOT_DERIVABLE: no data can show it (intentions and behaviour); a question to discuss.

Every rule states its threshold in words, so the page can say how it looks.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenwerkwijzer.lib import formatting

from .facts import DRAFT, LARGE_SPREAD, LOW_MEAN, SIGNED, UNBALANCED_POINTS, EvaluationFact, RadarFacts, RoundFact

STARTING_POINTS = "starting_points"
ORGANISATIONAL = "organisational"
TRUST = "trust"
CATEGORY_ORDER = (STARTING_POINTS, ORGANISATIONAL, TRUST)
CATEGORY_TITLES = {
    STARTING_POINTS: gettext_lazy("Starting points"),
    ORGANISATIONAL: gettext_lazy("Organisational"),
    TRUST: gettext_lazy("Things that damage trust"),
}

SIGNAL, NO_SIGNAL, NO_DATA, NOT_DERIVABLE = "signal", "no_signal", "no_data", "not_derivable"

CHECKER = "samenwerkingschecker"
MATCHCHECK = "matchcheck"

# Statements of the Samenwerkingschecker the rules read: id -> (number in the guide, our short wording).
STATEMENTS = {
    "shared_goal": (5, gettext_lazy("we agree on what we want to achieve")),
    "mutual_trust": (6, gettext_lazy("we can trust each other")),
    "full_commitment": (7, gettext_lazy("we commit ourselves one hundred percent")),
    "no_internal_obstacles": (9, gettext_lazy("nothing within our own organisations stands in the way")),
    "similar_ways": (10, gettext_lazy("how we think and act in our companies matches")),
    "knowledge_needed": (11, gettext_lazy("we know what knowledge the collaboration still needs")),
    "share_own_knowledge": (13, gettext_lazy("we make our own valuable knowledge available")),
    "consult_before_deciding": (14, gettext_lazy("we consult the others before we take decisions")),
    "benefits_and_burdens": (15, gettext_lazy("we know how we share the benefits and burdens")),
    "one_partner_leads": (16, gettext_lazy("one of the partners takes the lead")),
    "know_our_tasks": (17, gettext_lazy("we know what our tasks are")),
}


@dataclass(frozen=True)
class Check:
    """One rule's outcome: its threshold in words, the evidence found, or what data is missing."""

    threshold: str
    evidence: tuple[str, ...] = ()
    missing: str = ""  # set when the rule's source holds no data yet


@dataclass(frozen=True)
class Pitfall:
    key: str
    category: str
    title: str
    status: str
    next_step: str = ""
    evidence: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    question: str = ""
    context: tuple[str, ...] = ()

    @property
    def is_signal(self) -> bool:
        return self.status == SIGNAL


Flag = Pitfall  # a pitfall with status SIGNAL is a warning (mailed, marked as discussed)


# --- helpers ---------------------------------------------------------------------------------


def _number(value, decimals: int = 1) -> str:
    return formatting.format_number(value, decimals)


def _percent(value: Decimal) -> str:
    """Percentage points without the sign (the sentence adds it): "12,5", "20"."""
    number = Decimal(str(value))
    return formatting.format_number(number, max(0, -number.normalize().as_tuple().exponent))


def _day(value: date) -> str:
    return formatting.format_date(value)


def _latest(facts: RadarFacts, instrument: str) -> RoundFact | None:
    revealed = [r for r in facts.rounds if r.instrument == instrument and r.closed_on and r.scores]
    return max(revealed, key=lambda r: r.number) if revealed else None


def _low_or_divided(scores: dict[str, int]) -> bool:
    values = list(scores.values())
    return sum(values) / len(values) <= LOW_MEAN or max(values) - min(values) >= LARGE_SPREAD


def _score_line(scores: dict[str, int]) -> dict:
    values = list(scores.values())
    return {
        "mean": _number(sum(values) / len(values)),
        "spread": max(values) - min(values),
        "scores": ", ".join(f"{name} {score}" for name, score in sorted(scores.items())),
    }


def statement_check(facts: RadarFacts, statement: str) -> Check:
    """Statement of the latest revealed checker round: low on average, or the partners far apart."""
    number, wording = STATEMENTS[statement]
    threshold = _(
        "Collaboration checker, statement %(number)s (“%(statement)s”): a signal when, in the latest round "
        "whose answers everyone can see, the average is %(mean)s or lower on the scale of 1 to 5, or the partners' "
        "scores differ by %(spread)s points or more."
    ) % {"number": number, "statement": wording, "mean": _number(LOW_MEAN), "spread": LARGE_SPREAD}
    latest = _latest(facts, CHECKER)
    scores = latest.scores.get(statement, {}) if latest else {}
    if not scores:
        return Check(
            threshold, missing=_("Collaboration checker: no answers to statement %(number)s yet") % {"number": number}
        )
    if not _low_or_divided(scores):
        return Check(threshold)
    line = _(
        "Collaboration checker round %(round)s, statement %(number)s: average %(mean)s, difference %(spread)s (%(scores)s)"
    )
    return Check(threshold, (line % {"round": latest.number, "number": number, **_score_line(scores)},))


def matchcheck_culture_check(facts: RadarFacts) -> Check:
    threshold = _(
        "Matchcheck, company culture: a signal when, in the latest Matchcheck whose answers everyone can see, "
        "the average is %(mean)s or lower on the scale of 1 to 5, or the partners' scores differ by %(spread)s "
        "points or more."
    ) % {"mean": _number(LOW_MEAN), "spread": LARGE_SPREAD}
    latest = _latest(facts, MATCHCHECK)
    scores = latest.scores.get("culture", {}) if latest else {}
    if not scores:
        return Check(threshold, missing=_("Matchcheck: no answers about company culture yet"))
    if not _low_or_divided(scores):
        return Check(threshold)
    line = _("Matchcheck round %(round)s, company culture: average %(mean)s, difference %(spread)s (%(scores)s)")
    return Check(threshold, (line % {"round": latest.number, **_score_line(scores)},))


def split_check(facts: RadarFacts) -> Check:
    threshold = _(
        "Agreement, benefits and burdens: a signal when a partner's share of the costs is %(points)s percentage "
        "points or more above its share of the revenue."
    ) % {"points": _percent(UNBALANCED_POINTS)}
    if not facts.splits:
        return Check(threshold, missing=_("Agreement: no split of costs and revenue yet"))
    evidence = tuple(
        _("%(organisation)s carries %(cost)s%% of the costs but receives %(revenue)s%% of the revenue")
        % {"organisation": s.organisation, "cost": _percent(s.cost_percent), "revenue": _percent(s.revenue_percent)}
        for s in facts.splits
        if s.cost_percent - s.revenue_percent >= UNBALANCED_POINTS
    )
    return Check(threshold, evidence)


def goals_check(facts: RadarFacts) -> Check:
    threshold = _(
        "Agreement, goals: a signal when a goal is not SMART — it lacks a concrete description (specific), an "
        "indicator with a measurable target value (measurable), a deadline that has not passed (time-bound), or "
        "a party's confirmation that it is acceptable and realistic — or when no goal has been written down once "
        "you make agreements."
    )
    if not facts.agreements_phase_reached:
        return Check(threshold, missing=_("Agreement: you are not making agreements yet"))
    if not facts.goals:
        return Check(threshold, (_("No joint goals have been recorded in the agreement yet."),))
    evidence = tuple(
        _("Goal “%(goal)s” lacks: %(missing)s") % {"goal": goal.title, "missing": ", ".join(goal.missing)}
        for goal in facts.goals
        if goal.missing
    )
    return Check(threshold, evidence)


def overdue_check(facts: RadarFacts) -> Check:
    threshold = _("Work plan: a signal when an open action item is past its due date.")
    if not facts.actions:
        return Check(threshold, missing=_("Work plan: no action items yet"))
    overdue = sorted((a for a in facts.actions if not a.done and a.due and a.due < facts.today), key=lambda a: a.due)
    return Check(
        threshold,
        tuple(
            _("“%(action)s” (%(owner)s) was due on %(due)s")
            % {"action": a.description[:80], "owner": a.owner, "due": _day(a.due)}
            for a in overdue
        ),
    )


def participation_check(facts: RadarFacts) -> Check:
    threshold = _(
        "Instruments: a signal when a partner did not answer the last two closed rounds, or has answered none of "
        "the closed rounds."
    )
    closed = sorted((r for r in facts.rounds if r.closed_on), key=lambda r: r.closed_on)
    if not closed:
        return Check(threshold, missing=_("Instruments: no closed round yet"))
    evidence = []
    for organisation in facts.participants:
        if len(closed) >= 2 and all(organisation not in r.submitted for r in closed[-2:]):
            evidence.append(
                _("%(organisation)s did not answer in the last two rounds") % {"organisation": organisation}
            )
        elif all(organisation not in r.submitted for r in closed):
            evidence.append(_("%(organisation)s has not answered any round yet") % {"organisation": organisation})
    return Check(threshold, tuple(evidence))


def months_later(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


_months_later = months_later  # the old name, used by the scheduled jobs


def rhythm_text(evaluation: EvaluationFact) -> str:
    """What was agreed about how often to evaluate, or that nothing was, in words."""
    frequency = str(evaluation.label)
    if evaluation.source == SIGNED:
        return _("the signed agreement says you evaluate %(frequency)s") % {"frequency": frequency}
    if evaluation.source == DRAFT:
        return _("the draft agreement says %(frequency)s, but it is not signed yet") % {"frequency": frequency}
    return _("nothing has been agreed; the default of the agreement form is used: %(frequency)s") % {
        "frequency": frequency
    }


def evaluation_check(facts: RadarFacts) -> Check:
    rhythm = rhythm_text(facts.evaluation)
    threshold = _(
        "Evaluation: a signal when the collaboration is being carried out and the last evaluation (a "
        "Collaboration checker round whose answers everyone can see) is longer ago than the interval; %(rhythm)s."
    ) % {"rhythm": rhythm}
    if not facts.running:
        return Check(threshold, missing=_("Evaluation: the collaboration is not being carried out yet"))
    checker = [r.closed_on for r in facts.rounds if r.instrument == CHECKER and r.closed_on]
    since = max(checker) if checker else facts.started_on
    if facts.today <= months_later(since, facts.evaluation.months):
        return Check(threshold)
    if checker:
        line = _("The last evaluation was on %(date)s; %(rhythm)s.")
    else:
        line = _("There has been no evaluation since the start on %(date)s; %(rhythm)s.")
    return Check(threshold, (line % {"date": _day(since), "rhythm": rhythm},))


# --- the twelve pitfalls ----------------------------------------------------------------------


def _outcome(key, category, title, next_step, checks: list[Check]) -> Pitfall:
    evidence = tuple(line for check in checks for line in check.evidence)
    missing = tuple(check.missing for check in checks if check.missing)
    if evidence:
        status = SIGNAL
    elif len(missing) < len(checks):
        status = NO_SIGNAL
    else:
        status = NO_DATA
    return Pitfall(
        key=key,
        category=category,
        title=title,
        status=status,
        next_step=next_step,
        evidence=evidence,
        thresholds=tuple(check.threshold for check in checks),
        missing=missing,
    )


def _not_derivable(key, category, title, question, context: tuple[str, ...] = ()) -> Pitfall:
    return Pitfall(key=key, category=category, title=title, status=NOT_DERIVABLE, question=question, context=context)


def improper_intentions(facts: RadarFacts) -> Pitfall:
    return _not_derivable(
        "improper_intentions",
        STARTING_POINTS,
        _("Improper intentions at one of the partners"),
        _(
            "What does each partner want to get out of this collaboration, and is there anything else it hopes to gain? Say it openly."
        ),
    )


def want_and_can_unclear(facts: RadarFacts) -> Pitfall:
    return _outcome(
        "want_and_can_unclear",
        STARTING_POINTS,
        _("Not making clear beforehand what you want and what you can do"),
        _(
            "Write down together what each partner wants to achieve and what knowledge and means it brings; close the gaps before you go on."
        ),
        [statement_check(facts, "shared_goal"), statement_check(facts, "knowledge_needed")],
    )


def power_and_interest(facts: RadarFacts) -> Pitfall:
    return _outcome(
        "power_and_interest",
        STARTING_POINTS,
        _("Power and interests out of balance between the partners"),
        _("Discuss whether the split of costs, revenue and say still fits what each partner brings and risks."),
        [
            split_check(facts),
            statement_check(facts, "consult_before_deciding"),
            statement_check(facts, "benefits_and_burdens"),
        ],
    )


def goals_not_smart(facts: RadarFacts) -> Pitfall:
    return _outcome(
        "goals_not_smart",
        ORGANISATIONAL,
        _("The goals are not concrete enough"),
        _(
            "Make every goal SMART in the agreement: specific, measurable (an indicator and a target value), "
            "acceptable and realistic (each party confirms this) and time-bound (a deadline)."
        ),
        [goals_check(facts)],
    )


def support_lacking(facts: RadarFacts) -> Pitfall:
    return _outcome(
        "support_lacking",
        ORGANISATIONAL,
        _("Too little support within the organisations"),
        _(
            "Find out who in each organisation has to stand behind the collaboration, management first, and involve them."
        ),
        [statement_check(facts, "no_internal_obstacles")],
    )


def culture_differs(facts: RadarFacts) -> Pitfall:
    return _outcome(
        "culture_differs",
        ORGANISATIONAL,
        _("Differences in culture"),
        _("Discuss which values, habits and ways of working differ, and agree how you deal with them."),
        [statement_check(facts, "similar_ways"), matchcheck_culture_check(facts)],
    )


def complexity_underestimated(facts: RadarFacts) -> Pitfall:
    checks = [statement_check(facts, "one_partner_leads"), statement_check(facts, "know_our_tasks")]
    if facts.evaluation.source != SIGNED:  # an evaluation that was agreed belongs to "agreements not kept"
        checks.append(evaluation_check(facts))
    return _outcome(
        "complexity_underestimated",
        ORGANISATIONAL,
        _("Underestimating how complex the process is"),
        _("Agree who takes the lead, who does what and when you evaluate, and put it in the work plan."),
        checks,
    )


def no_time_or_priority(facts: RadarFacts) -> Pitfall:
    return _outcome(
        "no_time_or_priority",
        ORGANISATIONAL,
        _("Too little time for the collaboration because the own company comes first"),
        _("Ask whether the collaboration still has priority for each partner, and what it needs to make time for it."),
        [statement_check(facts, "full_commitment"), participation_check(facts)],
    )


def agreements_not_kept(facts: RadarFacts) -> Pitfall:
    checks = [overdue_check(facts)]
    if facts.evaluation.source == SIGNED:
        checks.append(evaluation_check(facts))
    return _outcome(
        "agreements_not_kept",
        ORGANISATIONAL,
        _("Agreements are not kept"),
        _("Put what was not done on the next agenda and agree a new date or a new owner."),
        checks,
    )


def _context(facts: RadarFacts, statement: str) -> tuple[str, ...]:
    """A related checker score: no proof of the pitfall, but a reason to talk."""
    return statement_check(facts, statement).evidence


def rosier_than_real(facts: RadarFacts) -> Pitfall:
    return _not_derivable(
        "rosier_than_real",
        TRUST,
        _("Presenting things as better than they are"),
        _(
            "Are the figures, the progress and the capacities you show each other the real ones, also where things are disappointing?"
        ),
        _context(facts, "mutual_trust"),
    )


def information_withheld(facts: RadarFacts) -> Pitfall:
    return _not_derivable(
        "information_withheld",
        TRUST,
        _("Holding back information"),
        _("Does one partner know something the others need for the collaboration, and does it reach them in time?"),
        _context(facts, "share_own_knowledge"),
    )


def own_agenda(facts: RadarFacts) -> Pitfall:
    return _not_derivable(
        "own_agenda",
        TRUST,
        _("Having a hidden agenda of one's own"),
        _("Are there plans or interests of your own that affect the collaboration and that the others do not know of?"),
    )


PITFALLS = (
    improper_intentions,
    want_and_can_unclear,
    power_and_interest,
    goals_not_smart,
    support_lacking,
    culture_differs,
    complexity_underestimated,
    no_time_or_priority,
    agreements_not_kept,
    rosier_than_real,
    information_withheld,
    own_agenda,
)


def overview(facts: RadarFacts) -> list[Pitfall]:
    """All twelve pitfalls in the guide's order: starting points, organisation, trust."""
    return [rule(facts) for rule in PITFALLS]


def evaluate(facts: RadarFacts) -> list[Pitfall]:
    """The warnings: the pitfalls with a signal, in the guide's order."""
    return [pitfall for pitfall in overview(facts) if pitfall.is_signal]
