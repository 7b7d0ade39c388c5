"""Reads for the instrument pages, exports and the API.

Answers come only from ``access.visible_answer_sets``; what is computed here is
computed from what the caller may see anyway.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation

from . import comparison, definitions, rules, self_check_comparison
from .access import revealed_reader, self_check_shares_for, submission_status, visible_answer_sets
from .models import ActionItem, AgendaProposal, AnswerSet, Conclusion, Round, SelfCheck, SelfCheckShare
from .request_reads import rounds_by_collaboration, submissions_by_collaboration

# --- Scores side by side (checker, matchcheck) ------------------------------


@dataclass
class ScoreRow:
    item: definitions.Item
    scores: list[int | None]
    spread: int | None
    average: float | None
    discuss: bool
    on_agenda: bool = False


@dataclass
class ScoreComparison:
    organisations: list[Organisation]
    rows: list[ScoreRow]  # the 1-5 statements, biggest difference first
    grade: ScoreRow | None
    texts: list["TextRow"]  # optional open answers of the same instrument

    @property
    def discuss_count(self) -> int:
        return sum(row.discuss for row in self.rows)


def _score_row(item, answer_sets: list[AnswerSet]) -> ScoreRow:
    scores = [answer_set.answers.get(item.id) for answer_set in answer_sets]
    value = rules.spread(scores)
    return ScoreRow(item, scores, value, rules.average(scores), rules.needs_discussion(value))


def score_comparison(
    instrument: definitions.Instrument, answer_sets: list[AnswerSet], agenda_item_ids: set[str] = frozenset()
) -> ScoreComparison:
    rows = [_score_row(item, answer_sets) for item in instrument.statements]
    ranked = [rows[index] for index in rules.divergence_ranking([row.scores for row in rows])]
    for row in ranked:
        row.on_agenda = row.item.id in agenda_item_ids
    grade = _score_row(instrument.grade_item, answer_sets) if instrument.grade_item else None
    texts = [
        _text_row(item, answer_sets)
        for item in instrument.items
        if not item.is_score and any(answer_set.answers.get(item.id) for answer_set in answer_sets)
    ]
    return ScoreComparison([a.organisation for a in answer_sets], ranked, grade, texts)


# --- Texts side by side (tien basisvragen) ----------------------------------


@dataclass
class TextRow:
    item: definitions.Item
    answers: list[tuple[Organisation, str]]
    conclusion: Conclusion | None = None
    actions: list[ActionItem] = field(default_factory=list)
    differs: bool = False  # a closed question on which the organisations chose differently


def _text_row(item, answer_sets) -> TextRow:
    values = [a.answers.get(item.id) for a in answer_sets]
    return TextRow(
        item,
        [(a.organisation, item.display(value)) for a, value in zip(answer_sets, values, strict=True)],
        differs=comparison.choices_differ(item.type, values),
    )


def text_comparison(
    instrument: definitions.Instrument,
    answer_sets: list[AnswerSet],
    conclusions: list[Conclusion] = (),
    actions: list[ActionItem] = (),
) -> list[TextRow]:
    by_item = {c.item_id: c for c in conclusions}
    rows = []
    for item in instrument.items:
        row = _text_row(item, answer_sets)
        row.conclusion = by_item.get(item.id)
        row.actions = [a for a in actions if a.source == f"{instrument.key}:{item.id}"]
        rows.append(row)
    return rows


# --- Governance type (besturingsvorm) ---------------------------------------


FIGURE_SIZE = 400
FIGURE_MARGIN = 48


@dataclass
class GovernancePosition:
    label: str
    averages: dict[str, float | None]
    type: definitions.GovernanceType | None
    x: float = 0.0
    y: float = 0.0
    number: int = 0


@dataclass
class GovernanceResult:
    collaboration: GovernancePosition | None
    organisations: list[GovernancePosition]
    borderline: list[str]
    disagreements: list[ScoreRow]
    dimensions: list[definitions.Option]
    figures: list[dict]
    organisations_disagree_on_type: bool


def _position(instrument, label, answers_list, number=0) -> GovernancePosition:
    averages = rules.dimension_averages(answers_list, instrument.dimension_of())
    if any(averages.get(d) is None for d in rules.DIMENSIONS):
        return GovernancePosition(label, averages, None, number=number)
    type_id = rules.classify_governance(averages[rules.MARKET], averages[rules.HIERARCHY], averages[rules.TRUST])
    inner = FIGURE_SIZE - 2 * FIGURE_MARGIN
    # Hierarchy runs left to right, market bottom to top, as in figures 8.1 and 8.2.
    # Markers stay inside the figure, clear of its edges.
    x = FIGURE_MARGIN + 14 + (averages[rules.HIERARCHY] - 1) / 4 * (inner - 28)
    y = FIGURE_MARGIN + 14 + (5 - averages[rules.MARKET]) / 4 * (inner - 28)
    return GovernancePosition(label, averages, instrument.governance_type(type_id), round(x, 1), round(y, 1), number)


def _figure(instrument, figure, collaboration, organisations) -> dict:
    cell = (FIGURE_SIZE - 2 * FIGURE_MARGIN) / 2
    quadrants = []
    for market in (True, False):
        for hierarchy in (False, True):
            type_id = rules.GOVERNANCE_TYPES[(market, hierarchy, figure.trust)]
            x = FIGURE_MARGIN + (cell if hierarchy else 0)
            y = FIGURE_MARGIN + (0 if market else cell)
            quadrants.append(
                {
                    "type": instrument.governance_type(type_id),
                    "x": x,
                    "y": y,
                    "cx": x + cell / 2,
                    "cy": y + cell / 2,
                    "active": bool(collaboration and collaboration.type and collaboration.type.id == type_id),
                }
            )
    return {
        "figure": figure,
        "quadrants": quadrants,
        "cell": cell,
        "size": FIGURE_SIZE,
        "margin": FIGURE_MARGIN,
        "end": FIGURE_SIZE - FIGURE_MARGIN,
        "middle": FIGURE_SIZE / 2,
        "axis_label_y": FIGURE_SIZE - FIGURE_MARGIN / 3,
        "position": collaboration
        if collaboration and collaboration.type and collaboration.type.trust == figure.trust
        else None,
        "organisations": [p for p in organisations if p.type and p.type.trust == figure.trust],
    }


def governance_result(instrument: definitions.Instrument, answer_sets: list[AnswerSet]) -> GovernanceResult:
    answers = [a.answers for a in answer_sets]
    collaboration = _position(instrument, "", answers) if answers else None
    organisations = [
        _position(instrument, a.organisation.name, [a.answers], number=n) for n, a in enumerate(answer_sets, start=1)
    ]
    comparison = score_comparison(instrument, answer_sets)
    borderline = []
    if collaboration and collaboration.type:
        borderline = rules.borderline_dimensions(collaboration.averages)
    labels = {d.id: d.label for d in instrument.dimensions}
    types = {p.type.id for p in organisations if p.type}
    return GovernanceResult(
        collaboration=collaboration,
        organisations=organisations,
        borderline=[str(labels[d]) for d in borderline],
        disagreements=comparison.rows,
        dimensions=list(instrument.dimensions),
        figures=[_figure(instrument, f, collaboration, organisations) for f in instrument.figures],
        organisations_disagree_on_type=len(types) > 1,
    )


# --- Checker trend over the rounds ------------------------------------------


CHART_WIDTH, CHART_HEIGHT = 640, 280
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 56, 56, 20, 44


@dataclass
class TrendPoint:
    round: Round
    statement_averages: list[float | None]
    average: float | None
    grade: float | None
    x: float = 0.0
    y_average: float | None = None
    y_grade: float | None = None
    dots: list[float] = field(default_factory=list)

    @property
    def label(self) -> str:
        """ "Round 2", in the reader's language: the chart's axis and the table's column."""
        return gettext("Round %(number)s") % {"number": self.round.number}

    @property
    def grade_marker(self) -> tuple[float, float] | None:
        """Top-left corner of the square that marks the grade."""
        return None if self.y_grade is None else (round(self.x - 5, 1), round(self.y_grade - 5, 1))


@dataclass
class Trend:
    statements: list[definitions.Item]
    points: list[TrendPoint]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    right_axis: int = CHART_WIDTH - CHART_RIGHT
    top: int = CHART_TOP
    bottom_axis: int = CHART_HEIGHT - CHART_BOTTOM
    score_ticks: list[tuple[int, float]] = field(default_factory=list)
    grade_ticks: list[tuple[int, float]] = field(default_factory=list)

    @property
    def average_path(self) -> str:
        return _path([(p.x, p.y_average) for p in self.points])

    @property
    def grade_path(self) -> str:
        return _path([(p.x, p.y_grade) for p in self.points])

    @property
    def rows(self) -> list[tuple[definitions.Item, list[float | None]]]:
        """Per statement its average in each round: the table alternative of the chart."""
        return [(item, [p.statement_averages[n] for p in self.points]) for n, item in enumerate(self.statements)]

    @property
    def table_rows(self) -> list[tuple[definitions.Item, list[tuple[str, float | None]]]]:
        """``rows`` with each average beside its round's label (the cell's label on a phone)."""
        labels = [p.label for p in self.points]
        return [(item, list(zip(labels, values, strict=True))) for item, values in self.rows]


def _path(points) -> str:
    present = [(x, y) for x, y in points if y is not None]
    return " ".join(f"{'M' if n == 0 else 'L'}{x:.1f},{y:.1f}" for n, (x, y) in enumerate(present))


def _y(value: float | None, low: int, high: int) -> float | None:
    if value is None:
        return None
    return CHART_TOP + (high - value) / (high - low) * (CHART_HEIGHT - CHART_TOP - CHART_BOTTOM)


def checker_trend(access: CollaborationAccess, rounds: list[Round] | None = None) -> Trend | None:
    """Average per statement and grade of every revealed checker round (two queries)."""
    if rounds is None:
        rounds = list(
            Round.objects.filter(
                collaboration=access.collaboration, instrument=definitions.CHECKER, revealed_at__isnull=False
            ).order_by("number")
        )
    rounds = [r for r in rounds if r.is_revealed()]
    if not rounds:
        return None
    latest = definitions.get_instrument(definitions.CHECKER)
    answer_sets = visible_answer_sets(access, rounds)
    points = []
    for round_ in rounds:
        sets = answer_sets[round_.pk]
        instrument = round_.definition
        averages = [
            rules.average(a.answers.get(item.id) for a in sets) if instrument.item(item.id) else None
            for item in latest.statements
        ]
        grade = rules.average(a.answers.get(instrument.grade_item.id) for a in sets) if instrument.grade_item else None
        points.append(TrendPoint(round_, averages, rules.average(averages), grade))
    inner = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    for n, point in enumerate(points):
        point.x = round(CHART_LEFT + (inner / 2 if len(points) == 1 else n * inner / (len(points) - 1)), 1)
        point.y_average = _y(point.average, 1, 5)
        point.y_grade = _y(point.grade, 1, 10)
        point.dots = [round(_y(v, 1, 5), 1) for v in point.statement_averages if v is not None]
    return Trend(
        statements=latest.statements,
        points=points,
        score_ticks=[(v, _y(v, 1, 5)) for v in range(1, 6)],
        grade_ticks=[(v, _y(v, 1, 10)) for v in (1, 4, 7, 10)],
    )


# --- For other apps ----------------------------------------------------------


def revealed_basic_questions(collaboration) -> dict[int, dict[str, str]]:
    """The revealed answers to the ten basic questions: {question number: {organisation name: answer}}.

    Only the latest revealed round, only submitted answers; empty before any reveal.
    Question 1 combines the goal with the chosen level. (The agreements app prefills from this.)
    """
    round_ = (
        Round.objects.filter(collaboration=collaboration, instrument=definitions.TIEN_BASISVRAGEN)
        .exclude(revealed_at=None)
        .order_by("-number")
        .first()
    )
    if round_ is None:
        return {}
    instrument = round_.definition
    result: dict[int, dict[str, str]] = {}
    for answer_set in visible_answer_sets(revealed_reader(collaboration), round_)[round_.pk]:
        for item in instrument.items:
            text = item.display(answer_set.answers.get(item.id))
            if not text:
                continue
            number = int(item.id[1:].split("_", 1)[0])
            answers = result.setdefault(number, {})
            name = answer_set.organisation.name
            answers[name] = f"{answers[name]} ({text})" if name in answers else text
    return result


# --- Round page and overview ------------------------------------------------


def round_results(access: CollaborationAccess, round_: Round) -> dict:
    """Everything the results of a revealed round show; also the PDF report."""
    instrument = round_.definition
    if not round_.is_revealed():
        return {"instrument": instrument, "round": round_}
    answer_sets = visible_answer_sets(access, round_)[round_.pk]
    status = submission_status([round_])[round_.pk]
    context = {
        "instrument": instrument,
        "round": round_,
        "answer_sets": answer_sets,
        "not_submitted": [s["organisation_name"] for s in status if not s["submitted"]],
    }
    if instrument.comparison == "scores":
        agenda = set(AgendaProposal.objects.filter(round=round_).values_list("item_id", flat=True))
        context["scores"] = score_comparison(instrument, answer_sets, agenda)
        if instrument.key == definitions.CHECKER:
            context["trend"] = checker_trend(access)
    elif instrument.comparison == "texts":
        context["texts"] = text_comparison(
            instrument,
            answer_sets,
            list(Conclusion.objects.filter(round=round_)),
            list(ActionItem.objects.filter(round=round_).select_related("owner_organisation")),
        )
        context["differing"] = [row for row in context["texts"] if row.differs]
    elif instrument.comparison == "governance":
        context["governance"] = governance_result(instrument, answer_sets)
    return context


@dataclass
class InstrumentOverview:
    instrument: definitions.Instrument
    rounds: list[Round]
    current: Round | None
    status: list[dict]

    @property
    def can_open(self) -> bool:
        if self.current is not None and not self.current.is_revealed():
            return False
        return self.instrument.repeatable or not self.rounds

    @property
    def submitted_count(self) -> int:
        return sum(s["submitted"] for s in self.status)


def instruments_overview(access: CollaborationAccess) -> list[InstrumentOverview]:
    """Per instrument its rounds, who has submitted in the latest (never what) and the reveal state.
    An explorer's own match check is not one of the collaboration's rounds (see the explorer's page)."""
    pk = access.collaboration.pk
    # Read once per request with the to-dos (request_reads): the same rows, in the same order.
    rounds = [r for r in rounds_by_collaboration([pk])[pk] if r.explorer_id is None]
    latest = {}
    for round_ in rounds:
        latest.setdefault(round_.instrument, round_)
    submitted = submissions_by_collaboration([pk])[pk]
    status = {r.pk: submitted.get(r.pk, []) for r in latest.values()}
    overview = []
    for instrument in definitions.round_instruments():
        own = [r for r in rounds if r.instrument == instrument.key]
        current = latest.get(instrument.key)
        overview.append(InstrumentOverview(instrument, own, current, status.get(current.pk, []) if current else []))
    return overview


# --- Organisation profile: offer and demand ---------------------------------

OFFER, NEED = "offer", "need"
OFFER_AND_DEMAND_ITEM = "offer_and_demand"


def organisation_offers_and_needs(organisation: Organisation) -> tuple[set[str], set[str]]:
    """The categories an organisation offers and needs, from its Zelfcheck (the directory matches on these).

    Slugs: vakkennis, personeel, markttoegang, netwerk, productontwikkeling,
    productiemiddelen, logistiek, financien. Descriptions stay private.
    """
    answers = (SelfCheck.objects.filter(organisation=organisation).values_list("answers", flat=True).first() or {}).get(
        OFFER_AND_DEMAND_ITEM
    ) or {}
    offers = {category for category, cells in answers.items() if OFFER in cells}
    needs = {category for category, cells in answers.items() if NEED in cells}
    return offers, needs


# --- Zelfcheck in a collaboration ---------------------------------------------


@dataclass
class SelfCheckRow:
    item: definitions.Item
    values: list[tuple[SelfCheckShare, str]]  # one per shared Zelfcheck, in the order of the columns
    differs: bool


@dataclass
class SelfCheckComparison:
    shares: list[SelfCheckShare]
    rows: list[SelfCheckRow]
    flags: list[self_check_comparison.Flag]


def self_check_comparison_for(access: CollaborationAccess) -> SelfCheckComparison:
    """The shared Zelfchecks side by side (one column per organisation) and the differences to discuss."""
    shares = self_check_shares_for(access)
    instrument = definitions.get_instrument(definitions.ZELFCHECK)
    rows = []
    for item in instrument.items:
        raw = [share.answers.get(item.id) for share in shares]
        if all(definitions.is_empty(value) for value in raw):
            continue
        values = []
        for share, value in zip(shares, raw, strict=True):
            own_item = share.definition.item(item.id)
            values.append((share, own_item.display(value) if own_item and not definitions.is_empty(value) else ""))
        differs = item.type == definitions.SINGLE_CHOICE and len({v for v in raw if v}) > 1
        rows.append(SelfCheckRow(item=item, values=values, differs=differs))
    entries = [self_check_comparison.Entry(share.organisation.name, share.answers) for share in shares]
    collaboration = access.collaboration
    flags = self_check_comparison.differences(
        instrument, entries, ambition_level=collaboration.ambition_level, duration_kind=collaboration.duration_kind
    )
    return SelfCheckComparison(shares=shares, rows=rows, flags=flags)


def self_check_collaborations(organisation_id: int) -> list[dict]:
    """The running collaborations the organisation takes part in, each with its share (or None)."""
    shares = {s.collaboration_id: s for s in SelfCheckShare.objects.filter(organisation_id=organisation_id)}
    collaborations = Collaboration.objects.filter(
        participants__organisation_id=organisation_id, archived_at__isnull=True
    ).order_by("name")
    return [{"collaboration": c, "share": shares.get(c.pk)} for c in collaborations]
