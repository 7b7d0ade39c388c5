"""Rounds and answers for the instrument tests (and the authorization matrix)."""

import re

from django.urls import reverse

from samenwerkwijzer.collaborations.access import get_collaboration_for_user

from .. import definitions, demo, services
from ..models import ActionItem, AgendaProposal, Round

SECRET = demo.SECRET_PHRASE


def access_for(user, collaboration, **kwargs):
    return get_collaboration_for_user(user, collaboration.pk, **kwargs)


def checker_answers(score: int = 3, grade: int = 7, **overrides) -> dict:
    instrument = definitions.get_instrument(definitions.CHECKER)
    answers = {item.id: score for item in instrument.statements}
    answers["grade"] = grade
    answers.update(overrides)
    return answers


def tien_answers(text: str = "Samen sneller leveren.") -> dict:
    instrument = definitions.get_instrument(definitions.TIEN_BASISVRAGEN)
    answers = {item.id: f"{text} ({item.id})" for item in instrument.items if item.type == definitions.LONG_TEXT}
    answers["q1_level"] = "tactical"
    return answers


def match_answers(score: int = 4) -> dict:
    instrument = definitions.get_instrument(definitions.MATCHCHECK)
    return {item.id: score for item in instrument.statements}


def governance_answers(market: int, hierarchy: int, trust: int) -> dict:
    instrument = definitions.get_instrument(definitions.BESTURINGSVORM)
    values = {"market": market, "hierarchy": hierarchy, "trust": trust}
    return {item.id: values[item.dimension] for item in instrument.statements}


def answers_for(key: str, **kwargs) -> dict:
    return {
        definitions.CHECKER: checker_answers,
        definitions.TIEN_BASISVRAGEN: tien_answers,
        definitions.MATCHCHECK: match_answers,
        definitions.BESTURINGSVORM: lambda **kw: governance_answers(4, 2, 4),
    }[key](**kwargs)


def open_round(personas, key: str = definitions.CHECKER) -> Round:
    return services.round_open(access=access_for(personas.alice, personas.collaboration), instrument_key=key)


def submit(user, collaboration, round_, answers) -> bool:
    return services.round_submit(access=access_for(user, collaboration), round=round_, answers=answers)


CHECKED = re.compile(r'name="checked" value="([0-9a-f]+)"')


def submit_through_pages(client, collaboration, round_, answers: dict):
    """Submit as a user does: "Check and submit" on the answer page, then "Submit for good" on the
    check page (which sends the fingerprint of what was checked). Returns the final response."""
    response = client.post(
        reverse("instruments:round_answer", args=[collaboration.pk, round_.pk]), {**answers, "submit": "1"}
    )
    check_url = reverse("instruments:round_check", args=[collaboration.pk, round_.pk])
    assert response.status_code == 302 and response.url == check_url, response
    checked = CHECKED.search(client.get(check_url).content.decode()).group(1)
    return client.post(check_url, {"checked": checked})


def revealed_round(personas, key: str = definitions.CHECKER, alice=None, bob=None) -> Round:
    round_ = open_round(personas, key)
    submit(personas.alice, personas.collaboration, round_, alice or answers_for(key))
    submit(personas.bob, personas.collaboration, round_, bob or answers_for(key))
    round_.refresh_from_db()
    return round_


def existing_or(personas, key, *, revealed: bool) -> Round:
    """One round per (instrument, state) per test database: the matrix calls its kwargs more than once."""
    found = Round.objects.filter(
        collaboration=personas.collaboration, instrument=key, revealed_at__isnull=not revealed
    ).first()
    if found:
        return found
    if revealed:
        return revealed_round(
            personas, key, alice=answers_for(key) if key != definitions.CHECKER else checker_answers(1, 4)
        )
    return open_round(personas, key)


def action_item(personas) -> ActionItem:
    return ActionItem.objects.get_or_create(
        collaboration=personas.collaboration,
        description="Marktonderzoek doen",
        defaults={"owner_organisation": personas.alpha, "created_by": personas.alice},
    )[0]


def agenda_proposal(personas) -> AgendaProposal:
    round_ = existing_or(personas, definitions.CHECKER, revealed=True)
    return services.agenda_proposal_add(
        access=access_for(personas.alice, personas.collaboration), round=round_, item_id="mutual_trust"
    )
