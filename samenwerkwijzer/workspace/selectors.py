"""Reads for the workspace pages: decisions per agenda item and the facts behind the pitfall radar."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation

from samenwerkwijzer.collaborations.models import Collaboration, Phase
from samenwerkwijzer.instruments.access import revealed_reader, visible_answer_sets
from samenwerkwijzer.instruments.models import ActionItem, AnswerSet, Round

from . import radar
from .models import FlagReview, Meeting

CHECKER = "samenwerkingschecker"
AGREEMENT_PHASES = {Phase.AGREEMENTS, Phase.LEGAL_FORM, Phase.EXECUTE}


def decisions_by_agenda_item(meeting: Meeting) -> dict[int, list[ActionItem]]:
    decisions = defaultdict(list)
    prefix = f"meeting:{meeting.pk}:"
    for action in ActionItem.objects.filter(
        collaboration=meeting.collaboration, source__startswith=prefix
    ).select_related("owner_organisation"):
        decisions[int(action.source.removeprefix(prefix))].append(action)
    return decisions


def _agreement_facts(collaboration, *, today: date | None = None):
    """Goals, splits and the evaluation interval from the agreement, when the agreements app has one."""
    try:
        from samenwerkwijzer.agreements.selectors import agreement_radar_data
    except ImportError:
        return (), (), radar.DEFAULT_EVALUATION_MONTHS
    data = agreement_radar_data(collaboration, today=today or timezone.localdate())
    if data is None:
        return (), (), radar.DEFAULT_EVALUATION_MONTHS
    goals = tuple(radar.GoalFact(title, tuple(missing)) for title, missing in data["goals"])
    splits = tuple(
        radar.SplitFact(name, cost, revenue)
        for name, cost, revenue in data["splits"]
        if cost is not None and revenue is not None
    )
    return goals, splits, data["interval_months"] or radar.DEFAULT_EVALUATION_MONTHS


def radar_facts(collaboration: Collaboration, *, today: date | None = None) -> radar.RadarFacts:
    participants = {
        p.organisation_id: p.organisation.name for p in collaboration.participants.select_related("organisation")
    }
    rounds = list(Round.objects.filter(collaboration=collaboration).order_by("opened_at"))
    submitted = defaultdict(set)
    for answer_set in AnswerSet.objects.filter(round__in=rounds, submitted_at__isnull=False).values(
        "round_id", "organisation_id"
    ):
        if answer_set["organisation_id"] in participants:
            submitted[answer_set["round_id"]].add(participants[answer_set["organisation_id"]])
    checker_rounds = [r for r in rounds if r.instrument == CHECKER and r.is_revealed()]
    visible = visible_answer_sets(revealed_reader(collaboration), checker_rounds)
    round_facts = []
    for round_ in rounds:
        scores = {}
        if round_.instrument == CHECKER and round_.is_revealed():
            for item in round_.definition.statements:
                scores[item.id] = {
                    answer_set.organisation.name: answer_set.answers[item.id]
                    for answer_set in visible[round_.pk]
                    if isinstance(answer_set.answers.get(item.id), int)
                }
        round_facts.append(
            radar.RoundFact(
                instrument=round_.instrument,
                number=round_.number,
                closed_on=timezone.localdate(round_.revealed_at) if round_.revealed_at else None,
                closed_early=round_.was_closed_early,
                submitted=frozenset(submitted[round_.pk]),
                scores=scores,
            )
        )
    actions = tuple(
        radar.ActionFact(a.description, a.owner_organisation.name, a.due_date, a.status == ActionItem.Status.DONE)
        for a in ActionItem.objects.filter(collaboration=collaboration).select_related("owner_organisation")
    )
    goals, splits, interval = _agreement_facts(collaboration, today=today)
    return radar.RadarFacts(
        today=today or timezone.localdate(),
        started_on=timezone.localdate(collaboration.created_at),
        participants=tuple(sorted(participants.values())),
        agreements_phase_reached=collaboration.phase in AGREEMENT_PHASES,
        goals=goals,
        splits=splits,
        actions=actions,
        rounds=tuple(round_facts),
        evaluation_interval_months=interval,
    )


def evidence_hash(flag: radar.Flag) -> str:
    return hashlib.sha256("\n".join([flag.key, *flag.evidence]).encode()).hexdigest()


@dataclass
class RadarEntry:
    flag: radar.Flag
    evidence_hash: str
    review: FlagReview | None


def radar_flags(collaboration: Collaboration, *, today: date | None = None) -> list[RadarEntry]:
    facts = radar_facts(collaboration, today=today)
    flags = radar.evaluate(facts)
    # The evidence is identified in one fixed language, so "discussed" holds whatever language people read.
    with translation.override("en"):
        canonical = radar.evaluate(facts)
    reviews = {(r.key, r.evidence_hash): r for r in FlagReview.objects.filter(collaboration=collaboration)}
    entries = []
    for flag, same_flag in zip(flags, canonical, strict=True):
        digest = evidence_hash(same_flag)
        entries.append(RadarEntry(flag, digest, reviews.get((flag.key, digest))))
    return entries
