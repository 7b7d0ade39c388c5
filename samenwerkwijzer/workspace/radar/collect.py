"""The facts behind the pitfall radar, read from a collaboration, and the radar's entries for pages and mail."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation

from samenwerkwijzer.agreements.sections import DEFAULT_EVALUATION_FREQUENCY, EVALUATION_FREQUENCIES
from samenwerkwijzer.agreements.selectors import agreement_radar_data
from samenwerkwijzer.collaborations.models import Collaboration, Phase
from samenwerkwijzer.collaborations.selectors import phase_state
from samenwerkwijzer.instruments.access import revealed_reader, visible_answer_sets
from samenwerkwijzer.instruments.models import ActionItem, AnswerSet, Round

from ..models import FlagReview
from . import rules
from .facts import DRAFT, SIGNED, ActionFact, EvaluationFact, GoalFact, RadarFacts, RoundFact, SplitFact

SCORED = {rules.CHECKER, rules.MATCHCHECK}
AGREEMENT_PHASES = {Phase.AGREEMENTS, Phase.LEGAL_FORM, Phase.EXECUTE}
FREQUENCIES = {key: (label, months) for key, label, months in EVALUATION_FREQUENCIES}


def evaluation_fact(data: dict | None) -> EvaluationFact:
    """The evaluation interval from the agreement's data, else the agreement form's default."""
    key = data.get("interval_key") if data else None
    if key in FREQUENCIES:
        label, months = FREQUENCIES[key]
        return EvaluationFact(months=months, label=label, source=SIGNED if data.get("signed") else DRAFT)
    label, months = FREQUENCIES[DEFAULT_EVALUATION_FREQUENCY]
    return EvaluationFact(months=months, label=label, source=None)


def collaboration_evaluation(collaboration: Collaboration) -> EvaluationFact:
    return evaluation_fact(agreement_radar_data(collaboration, today=timezone.localdate()))


def radar_facts(collaboration: Collaboration, *, today: date | None = None) -> RadarFacts:
    today = today or timezone.localdate()
    # Explorers and their own match checks are not part of the collaboration's picture.
    participants = {
        p.organisation_id: p.organisation.name
        for p in collaboration.participants.exclude(role="explorer").select_related("organisation")
    }
    rounds = list(Round.objects.filter(collaboration=collaboration, explorer=None).order_by("opened_at"))
    submitted = defaultdict(set)
    for answer_set in AnswerSet.objects.filter(round__in=rounds, submitted_at__isnull=False).values(
        "round_id", "organisation_id"
    ):
        if answer_set["organisation_id"] in participants:
            submitted[answer_set["round_id"]].add(participants[answer_set["organisation_id"]])
    scored = [r for r in rounds if r.instrument in SCORED and r.is_revealed()]
    visible = visible_answer_sets(revealed_reader(collaboration), scored)
    round_facts = []
    for round_ in rounds:
        scores = {}
        if round_ in scored:
            for item in round_.definition.statements:
                scores[item.id] = {
                    answer_set.organisation.name: answer_set.answers[item.id]
                    for answer_set in visible[round_.pk]
                    if isinstance(answer_set.answers.get(item.id), int)
                }
        round_facts.append(
            RoundFact(
                instrument=round_.instrument,
                number=round_.number,
                closed_on=timezone.localdate(round_.revealed_at) if round_.revealed_at else None,
                closed_early=round_.was_closed_early,
                submitted=frozenset(submitted[round_.pk]),
                scores=scores,
            )
        )
    actions = tuple(
        ActionFact(a.description, a.owner_organisation.name, a.due_date, a.status == ActionItem.Status.DONE)
        for a in ActionItem.objects.filter(collaboration=collaboration).select_related("owner_organisation")
    )
    data = agreement_radar_data(collaboration, today=today)
    goals = tuple(GoalFact(title, tuple(missing)) for title, missing in data["goals"]) if data else ()
    splits = (
        tuple(
            SplitFact(name, cost, revenue)
            for name, cost, revenue in data["splits"]
            if cost is not None and revenue is not None
        )
        if data
        else ()
    )
    phase = phase_state(collaboration).current
    return RadarFacts(
        today=today,
        started_on=timezone.localdate(collaboration.created_at),
        participants=tuple(sorted(participants.values())),
        agreements_phase_reached=phase in AGREEMENT_PHASES,
        running=phase == Phase.EXECUTE,
        has_agreement=data is not None,
        evaluation=evaluation_fact(data),
        goals=goals,
        splits=splits,
        actions=actions,
        rounds=tuple(round_facts),
    )


def evidence_hash(flag: rules.Pitfall) -> str:
    return hashlib.sha256("\n".join([flag.key, *flag.evidence]).encode()).hexdigest()


@dataclass
class RadarEntry:
    flag: rules.Pitfall
    evidence_hash: str
    review: FlagReview | None


def _entries(collaboration: Collaboration, facts: RadarFacts) -> list[RadarEntry]:
    pitfalls = rules.overview(facts)
    # The evidence is identified in one fixed language, so "discussed" holds whatever language people read.
    with translation.override("en"):
        canonical = rules.overview(facts)
    reviews = {(r.key, r.evidence_hash): r for r in FlagReview.objects.filter(collaboration=collaboration)}
    entries = []
    for pitfall, same in zip(pitfalls, canonical, strict=True):
        digest = evidence_hash(same) if pitfall.is_signal else ""
        entries.append(RadarEntry(pitfall, digest, reviews.get((pitfall.key, digest)) if digest else None))
    return entries


@dataclass
class RadarGroup:
    category: str
    title: str
    entries: list[RadarEntry]


@dataclass
class RadarOverview:
    groups: list[RadarGroup]
    evaluation: EvaluationFact
    rhythm: str  # what was agreed about evaluating, or that nothing was, in words


def radar_overview(collaboration: Collaboration, *, today: date | None = None) -> RadarOverview:
    """All twelve pitfalls as entries in the guide's three groups, and the evaluation rhythm."""
    facts = radar_facts(collaboration, today=today)
    entries = _entries(collaboration, facts)
    groups = [
        RadarGroup(category, str(rules.CATEGORY_TITLES[category]), [e for e in entries if e.flag.category == category])
        for category in rules.CATEGORY_ORDER
    ]
    return RadarOverview(groups, facts.evaluation, rules.rhythm_text(facts.evaluation))


def radar_flags(collaboration: Collaboration, *, today: date | None = None) -> list[RadarEntry]:
    """The warnings (pitfalls with a signal), for mail and for marking as discussed."""
    return [e for e in _entries(collaboration, radar_facts(collaboration, today=today)) if e.flag.is_signal]
