"""The dashboard, participants, rounds and work-plan pages take a fixed number of queries: the
count does not grow with the number of partners, members, rounds, answers, goals or action items
(an N+1 query fails here), and stays under an upper bound per page (issue #20)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.workspace.models import WorkGoal
from testsupport.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PAGES = {
    # The dashboard's to-dos, phase facts and panels share what they read (lib/request_memo.py).
    "collaborations:dashboard": 17,
    "collaborations:participants": 9,
    "instruments:overview": 10,
    "workspace:plan": 11,
}
INSTRUMENTS = [definitions.CHECKER, definitions.TIEN_BASISVRAGEN, definitions.BESTURINGSVORM]


def _add_partners(collaboration, count: int) -> None:
    for _ in range(count):
        organisation = MembershipFactory().organisation
        MembershipFactory(organisation=organisation)  # a second member each
        Participant.objects.create(collaboration=collaboration, organisation=organisation)


def _open_revealed_rounds(personas, instrument_keys: list[str]) -> None:
    lead = get_collaboration_for_user(personas.alice, personas.collaboration.pk, lead=True)
    for key in instrument_keys:
        round_ = instrument_services.round_open(access=lead, instrument_key=key)
        instrument_services.round_close_early(access=lead, round=round_, reason="Genoeg gezien.")


def _add_action_items(personas, count: int) -> None:
    year = timezone.localdate().year
    goal = WorkGoal.objects.create(collaboration=personas.collaboration, year=year, title=f"Doel {count}")
    organisations = [personas.alpha, personas.beta]
    for index in range(count):
        ActionItem.objects.create(
            collaboration=personas.collaboration,
            description=f"Actie {index}",
            owner_organisation=organisations[index % 2],
            owner_person=personas.alice if index % 2 == 0 else personas.bob,
            due_date=timezone.localdate() + timedelta(days=index - 5),  # some overdue
            work_goal=goal if index % 3 else None,
        )


def _counts(client, personas) -> dict[tuple[str, str], int]:
    counts = {}
    for persona in ("alice", "bob", "olivia"):
        client.force_login(getattr(personas, persona))
        for name in PAGES:
            url = reverse(name, args=[personas.collaboration.pk])
            client.get(url)  # once before: what a first visit sets up once (the session's language) is not counted
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (persona, name)
            counts[persona, name] = len(queries)
    return counts


def test_the_four_pages_take_as_many_queries_with_five_partners_three_rounds_and_twenty_actions_as_with_one(
    client, personas
):
    # Every kind of row at least once, so a prefetch that is skipped for an empty list is counted too.
    _add_partners(personas.collaboration, 1)
    _open_revealed_rounds(personas, INSTRUMENTS[:1])
    _add_action_items(personas, 2)
    small = _counts(client, personas)

    _add_partners(personas.collaboration, 4)  # 5 partners besides the lead, each with 2 members
    _open_revealed_rounds(personas, INSTRUMENTS[1:])  # 3 rounds
    _add_action_items(personas, 18)  # 20 action items, under 2 goals and without one
    large = _counts(client, personas)

    assert large == small
    for (persona, name), count in large.items():
        assert count <= PAGES[name], f"{name} as {persona}: {count} queries, at most {PAGES[name]}"
