import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.models import Collaboration, Phase
from samenwerkwijzer.instruments.models import Round
from samenwerkwijzer.workspace.models import FlagReview
from samenwerkwijzer.workspace.selectors import radar_facts, radar_flags

from .factories import action, revealed_checker_round

pytestmark = pytest.mark.django_db


def test_the_facts_come_from_revealed_rounds_and_action_items(personas):
    revealed_checker_round(
        personas.collaboration,
        {
            personas.alpha: {"no_internal_obstacles": 5, "shared_goal": 4},
            personas.beta: {"no_internal_obstacles": 2, "shared_goal": 4},
        },
    )
    action(personas.collaboration, personas.beta, due=timezone.localdate() - timedelta(days=1))
    facts = radar_facts(personas.collaboration)
    assert facts.participants == ("Alpha Bakkerij", "Beta Transport")
    assert facts.rounds[0].scores["no_internal_obstacles"] == {"Alpha Bakkerij": 5, "Beta Transport": 2}
    assert facts.rounds[0].submitted == {"Alpha Bakkerij", "Beta Transport"}
    keys = [entry.flag.key for entry in radar_flags(personas.collaboration)]
    assert keys == ["support_lacking", "agreements_not_kept"]


def test_unrevealed_answers_never_reach_the_radar(personas):
    round_ = revealed_checker_round(personas.collaboration, {personas.alpha: {"no_internal_obstacles": 1}})
    round_.revealed_at = None
    round_.save(update_fields=["revealed_at"])
    assert radar_facts(personas.collaboration).rounds[0].scores == {}
    assert "support_lacking" not in [e.flag.key for e in radar_flags(personas.collaboration)]


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


def test_a_running_collaboration_without_evaluation_is_flagged_against_the_default_interval(personas):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(
        created_at=timezone.now() - timedelta(days=100), phase=Phase.EXECUTE
    )
    personas.collaboration.refresh_from_db()
    entry = next(e for e in radar_flags(personas.collaboration) if e.flag.key == "complexity_underestimated")
    assert "nothing has been agreed" in entry.flag.evidence[0] or "niets afgesproken" in entry.flag.evidence[0]
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(created_at=timezone.now() - timedelta(days=80))
    personas.collaboration.refresh_from_db()
    assert "complexity_underestimated" not in [e.flag.key for e in radar_flags(personas.collaboration)]


def statuses(page: str) -> list[tuple[str, str]]:
    return re.findall(r'aria-labelledby="pitfall-(\w+)" data-status="(\w+)"', page)


def test_the_page_shows_all_twelve_pitfalls_in_the_guides_three_groups(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("workspace:radar", args=[personas.collaboration.pk])).content.decode()
    assert len(statuses(page)) == 12
    groups = [page.index(title) for title in ("1. Uitgangspunten", "2. Organisatorisch", "3. Zaken die het vertrouwen")]
    assert groups == sorted(groups)
    assert groups[0] < page.index("Oneigenlijke bedoelingen") < groups[1]
    assert groups[1] < page.index("Verschillen in cultuur") < groups[2] < page.index("Er een eigen agenda op nahouden")
    assert page.count("niet uit gegevens af te leiden: bespreek dit") == 4


def test_without_data_the_page_shows_no_pitfall_as_without_signal_and_claims_no_all_clear(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("workspace:radar", args=[personas.collaboration.pk])).content.decode()
    assert {status for _key, status in statuses(page)} == {"no_data", "not_derivable"}
    assert "nog geen gegevens" in page and "Samenwerkingschecker: nog geen antwoorden op stelling 9" in page
    assert "Geen valkuilen" not in page and "No pitfalls" not in page


def test_the_page_says_nothing_was_agreed_and_uses_the_forms_default(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("workspace:radar", args=[personas.collaboration.pk])).content.decode()
    assert "er is niets afgesproken; de standaard van het overeenkomstformulier geldt: elk kwartaal" in page
    assert "De gids noemt geen vaste termijn" in page
    assert "6 maanden" not in page and "halfjaar" not in page


def test_a_signal_has_evidence_and_a_pitfall_with_data_but_no_signal_says_so(client, personas):
    revealed_checker_round(
        personas.collaboration,
        {
            personas.alpha: {"similar_ways": 5, "full_commitment": 1},
            personas.beta: {"similar_ways": 4, "full_commitment": 2},
        },
    )
    client.force_login(personas.alice)
    page = client.get(reverse("workspace:radar", args=[personas.collaboration.pk])).content.decode()
    found = dict(statuses(page))
    assert found["culture_differs"] == "no_signal" and found["no_time_or_priority"] == "signal"
    assert "stelling 7: gemiddeld 1,5" in page
    assert Round.objects.count() == 1
