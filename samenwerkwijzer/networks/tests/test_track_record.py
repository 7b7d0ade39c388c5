from decimal import Decimal

import pytest

from samenwerkwijzer.networks import services_after as services
from samenwerkwijzer.networks.track_record import track_record

from .test_after_services import _done, _evaluate
from .test_after_support import make_team

pytestmark = pytest.mark.django_db


def test_empty_when_nothing_done(personas):
    team = make_team(personas)  # team complete, not yet agreed: does not count
    record = track_record(team.net.bob_member)
    assert record.is_empty and record.days == 0 and record.average_grade is None and record.last == []


def test_counts_agreed_work_and_only_revealed_grades(personas):
    team = make_team(personas)
    _done(team, personas)
    _evaluate(team, personas.charlie, grade=6)
    record = track_record(team.net.bob_member)
    assert (record.assignments, record.days) == (1, 4)
    # charlie's grade is still blind: it counts nowhere.
    assert record.evaluations == 0 and record.average_grade is None
    assert record.last[0].average_grade is None
    services.evaluation_reveal(access=team.access(personas.bob), assignment=team.assignment)
    _evaluate(team, personas.bob, grade=9)
    record = track_record(team.gamma_member)
    assert (record.assignments, record.days, record.evaluations) == (1, 2, 2)
    assert record.average_grade == Decimal("7.5")
    assert record.since == team.assignment.starts_on
    assert record.last[0].assignment == team.assignment and record.last[0].days == 2
    assert track_record(team.eve_member).is_empty  # said no
