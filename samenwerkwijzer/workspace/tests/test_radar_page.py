from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.workspace.models import FlagReview
from samenwerkwijzer.workspace.selectors import radar_facts, radar_flags

from .factories import action, revealed_checker_round

pytestmark = pytest.mark.django_db


def test_the_facts_come_from_revealed_rounds_and_action_items(personas):
    revealed_checker_round(
        personas.collaboration,
        {personas.alpha: {"mutual_trust": 5, "shared_goal": 4}, personas.beta: {"mutual_trust": 2, "shared_goal": 4}},
    )
    action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=1))
    facts = radar_facts(personas.collaboration)
    assert facts.participants == ("Alpha Bakkerij", "Beta Transport")
    assert facts.rounds[0].scores["mutual_trust"] == {"Alpha Bakkerij": 5, "Beta Transport": 2}
    assert facts.rounds[0].submitted == {"Alpha Bakkerij", "Beta Transport"}
    keys = [entry.flag.key for entry in radar_flags(personas.collaboration)]
    assert "trust_low" in keys and "overdue_actions" in keys and "shared_goal_unclear" not in keys


def test_unrevealed_answers_never_reach_the_radar(personas):
    round_ = revealed_checker_round(personas.collaboration, {personas.alpha: {"mutual_trust": 1}})
    round_.revealed_at = None
    round_.save(update_fields=["revealed_at"])
    assert radar_facts(personas.collaboration).rounds[0].scores == {}
    assert "trust_low" not in [e.flag.key for e in radar_flags(personas.collaboration)]


def test_partners_see_the_flags_and_mark_one_as_discussed(client, personas):
    action(
        personas.collaboration,
        personas.beta,
        description="Prijslijst delen",
        due=timezone.localdate() - timedelta(days=2),
    )
    client.force_login(personas.bob)
    url = reverse("workspace:radar", args=[personas.collaboration.pk])
    page = client.get(url).content.decode()
    assert "Afspraken worden niet nagekomen" in page and "Prijslijst delen" in page
    entry = radar_flags(personas.collaboration)[0]
    client.post(
        reverse("workspace:flag_discussed", args=[personas.collaboration.pk]),
        {"key": entry.flag.key, "evidence_hash": entry.evidence_hash, "note": "Bob levert vrijdag"},
    )
    assert FlagReview.objects.get().note == "Bob levert vrijdag"
    assert "Bob levert vrijdag" in client.get(url).content.decode()
    # New evidence (another overdue item) brings the warning back as not yet discussed.
    action(personas.collaboration, personas.alpha, description="Folder", due=timezone.localdate() - timedelta(days=1))
    assert radar_flags(personas.collaboration)[0].review is None


def test_observers_read_the_radar_but_cannot_mark(client, personas):
    client.force_login(personas.olivia)
    assert client.get(reverse("workspace:radar", args=[personas.collaboration.pk])).status_code == 200
    response = client.post(
        reverse("workspace:flag_discussed", args=[personas.collaboration.pk]), {"key": "x", "evidence_hash": "y"}
    )
    assert response.status_code == 403 and not FlagReview.objects.exists()


def test_an_old_collaboration_without_evaluation_is_flagged(personas):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(created_at=timezone.now() - timedelta(days=400))
    personas.collaboration.refresh_from_db()
    assert "no_recent_evaluation" in [e.flag.key for e in radar_flags(personas.collaboration)]
