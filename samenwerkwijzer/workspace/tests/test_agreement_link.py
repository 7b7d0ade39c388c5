"""The workspace reads the agreement: goals and splits for the radar, the exit scenario, the rhythm."""

import pytest
from django.utils import translation

from samenwerkwijzer.agreements import sections
from samenwerkwijzer.agreements import selectors as agreement_selectors
from samenwerkwijzer.agreements import services as agreement_services
from samenwerkwijzer.agreements.models import DocumentKind
from samenwerkwijzer.agreements.tests.factories import access_of, write_agreement
from samenwerkwijzer.collaborations.models import Collaboration, Phase
from samenwerkwijzer.workspace import exit as exit_services
from samenwerkwijzer.workspace import plan, radar
from samenwerkwijzer.workspace.radar import collect
from samenwerkwijzer.workspace.selectors import radar_facts, radar_flags

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(personas):
    write_agreement(personas)
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(phase=Phase.EXECUTE)
    personas.collaboration.refresh_from_db()
    return personas


def save_section(p, section, data):
    status = agreement_selectors.document_status(access_of(p, "alice"), DocumentKind.AGREEMENT)
    agreement_services.version_save(
        access=access_of(p, "alice", write=True),
        kind=DocumentKind.AGREEMENT,
        section=section,
        section_data=data,
        base_number=status.version.number,
    )


def test_the_radar_reads_goals_splits_and_interval_from_the_agreement(agreed):
    facts = radar_facts(agreed.collaboration)
    data = agreement_selectors.agreement_data(agreed.collaboration)
    assert [g.title for g in facts.goals] == [g["description"] for g in data["goals"]["items"]]
    assert len(facts.splits) == 2
    frequency = agreement_selectors.evaluation_frequency(agreed.collaboration)
    assert facts.evaluation.months == frequency[1]
    assert facts.evaluation.source == radar.DRAFT  # written, not signed: not called an agreement


def test_the_interval_is_the_agreements_or_the_forms_default(agreed, personas):
    save_section(agreed, "evaluation", {"frequency": "half_yearly", "notes": ""})
    assert radar_facts(agreed.collaboration).evaluation.months == 6
    other = radar_facts(personas.other_collaboration).evaluation
    assert (other.months, other.source) == (3, None)
    assert sections.initial_data(personas.collaboration, DocumentKind.AGREEMENT)["evaluation"]["frequency"] == (
        sections.DEFAULT_EVALUATION_FREQUENCY
    )
    signed = collect.evaluation_fact({"interval_key": "yearly", "signed": True})
    assert (signed.months, signed.source) == (12, radar.SIGNED)


def test_a_vague_goal_in_the_agreement_raises_the_smart_flag(agreed):
    goals = dict(agreement_selectors.agreement_data(agreed.collaboration)["goals"])
    goals["items"] = [{"description": "Meer omzet", "indicator": "", "target": "veel", "deadline": ""}]
    save_section(agreed, "goals", goals)
    with translation.override("nl"):
        flag = next(e.flag for e in radar_flags(agreed.collaboration) if e.flag.key == "goals_not_smart")
    assert "Meer omzet" in flag.evidence[0]
    assert "een indicator" in flag.evidence[0] and "een deadline" in flag.evidence[0]


def test_work_plan_goals_can_point_at_the_agreements_goals(agreed):
    titles = plan.agreement_goal_titles(agreed.collaboration)
    assert titles
    goal = plan.work_goal_add(
        access=access_of(agreed, "bob", write=True), year=2026, title="Eerste kwartaal", agreement_goal=titles[0]
    )
    assert goal.agreement_goal == titles[0]


def test_the_exit_checklist_comes_from_the_agreements_exit_scenario(agreed):
    lines = exit_services.agreement_checklist(agreed.collaboration)
    term = agreement_selectors.agreement_data(agreed.collaboration)["term"]
    filled = [key for key in ("leave_how", "consequences", "results_division", "parting") if term.get(key)]
    assert len(lines) == len(filled) > 0
    process = exit_services.exit_start(access=access_of(agreed, "alice", lead=True), reason="Klaar")
    assert [item["text"] for item in process.checklist] == lines
