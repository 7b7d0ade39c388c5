import pytest

from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments.access import visible_answer_sets
from samenwerkwijzer.instruments.demo import SECRET_PHRASE, seed_instruments_demo
from samenwerkwijzer.instruments.models import Round, SelfCheck

from .factories import access_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_revealed_checker_round_with_differences_and_an_open_secret_round(personas):
    secrets = seed_instruments_demo(
        collaboration=personas.collaboration, lead_user=personas.alice, partner_user=personas.bob
    )
    assert secrets == [{"text": SECRET_PHRASE, "visible_to": ["bob@example.org"]}]
    checker = Round.objects.filter(instrument=d.CHECKER, revealed_at__isnull=False)
    assert checker.count() == 2
    sets = visible_answer_sets(access_for(personas.olivia, personas.collaboration), checker.last())[checker.last().pk]
    assert sets[0].answers["benefits_and_burdens"] - sets[1].answers["benefits_and_burdens"] >= 2
    tien = Round.objects.get(instrument=d.TIEN_BASISVRAGEN)
    assert not tien.is_revealed()
    assert [a.organisation for a in tien.answer_sets.filter(submitted_at__isnull=False)] == [personas.beta]
    assert SelfCheck.objects.count() == 2


def test_the_demo_is_idempotent(personas):
    first = seed_instruments_demo(
        collaboration=personas.collaboration, lead_user=personas.alice, partner_user=personas.bob
    )
    rounds = Round.objects.count()
    second = seed_instruments_demo(
        collaboration=personas.collaboration, lead_user=personas.alice, partner_user=personas.bob
    )
    assert first == second and Round.objects.count() == rounds


def test_the_secret_is_no_longer_listed_once_the_round_is_revealed(personas):
    from samenwerkwijzer.instruments import services

    seed_instruments_demo(collaboration=personas.collaboration, lead_user=personas.alice, partner_user=personas.bob)
    services.round_close_early(
        access=access_for(personas.alice, personas.collaboration),
        round=Round.objects.get(instrument=d.TIEN_BASISVRAGEN),
        reason="Demo",
    )
    assert (
        seed_instruments_demo(collaboration=personas.collaboration, lead_user=personas.alice, partner_user=personas.bob)
        == []
    )
