"""Pure rules: free working days in a period and distance between postcode areas."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.networks.rules import (
    AVAILABLE,
    BUSY,
    Period,
    capacity_days,
    free_days,
    overlaps,
    pc4_distance_km,
    working_days,
)

# Monday 7 December 2026 to Friday 18 December 2026: two working weeks, 10 working days.
MON, FRI2 = date(2026, 12, 7), date(2026, 12, 18)


def test_only_monday_to_friday_are_working_days():
    days = working_days(date(2026, 12, 5), date(2026, 12, 13))  # Saturday to the next Sunday
    assert days == [date(2026, 12, d) for d in (7, 8, 9, 10, 11)]
    assert working_days(date(2026, 12, 12), date(2026, 12, 13)) == []  # a weekend
    assert working_days(FRI2, MON) == []  # end before start


def test_without_any_period_every_working_day_is_available():
    assert capacity_days([], MON, FRI2) == 10


def test_a_busy_period_blocks_its_days():
    busy = Period(BUSY, date(2026, 12, 9), date(2026, 12, 15))  # Wed to Tue: 5 working days
    assert capacity_days([busy], MON, FRI2) == 5


def test_an_available_period_with_days_per_week_gives_that_share_rounded_down():
    three_a_week = Period(AVAILABLE, MON, FRI2, days_per_week=3)
    assert capacity_days([three_a_week], MON, FRI2) == 6
    one_week = Period(AVAILABLE, MON, date(2026, 12, 11), days_per_week=2)  # 5 days x 2/5
    assert capacity_days([one_week], MON, FRI2) == 2
    odd = Period(AVAILABLE, MON, date(2026, 12, 9), days_per_week=4)  # 3 days x 4/5 = 2.4
    assert capacity_days([odd], MON, FRI2) == 2


def test_with_available_periods_only_their_days_count_and_busy_still_blocks():
    week1 = Period(AVAILABLE, date(2026, 11, 30), date(2026, 12, 11))
    busy = Period(BUSY, date(2026, 12, 10), date(2026, 12, 10))
    assert capacity_days([week1], MON, FRI2) == 5
    assert capacity_days([week1, busy], MON, FRI2) == 4
    elsewhere = Period(AVAILABLE, date(2027, 1, 4), date(2027, 1, 29))
    assert capacity_days([elsewhere], MON, FRI2) == 0


def test_overlapping_available_periods_count_a_day_once_for_the_fullest_week():
    full = Period(AVAILABLE, MON, date(2026, 12, 11))
    part = Period(AVAILABLE, MON, FRI2, days_per_week=2)
    # Week 1 counts fully (5); week 2 only through the 2-day period (5 x 2/5 = 2).
    assert capacity_days([part, full], MON, FRI2) == 7


def test_commitments_elsewhere_are_subtracted_but_never_below_zero():
    assert free_days([], MON, FRI2, committed=4) == 6
    assert free_days([], MON, FRI2, committed=40) == 0


def test_overlaps_includes_touching_periods():
    assert overlaps(MON, FRI2, FRI2, date(2027, 1, 1))
    assert not overlaps(MON, date(2026, 12, 11), date(2026, 12, 12), FRI2)


def test_distance_between_known_areas_and_none_when_unknown():
    utrecht_centre, utrecht_east = pc4_distance_km("3511", "3511"), pc4_distance_km("3511", "3521")
    assert utrecht_centre == pytest.approx(0.0)
    assert 0 < utrecht_east < 10
    assert 30 < pc4_distance_km("3511", "1012") < 50  # Utrecht to Amsterdam
    assert pc4_distance_km("3511", "") is None
    assert pc4_distance_km("0000", "3511") is None


@given(
    st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    st.integers(0, 60),
    st.lists(
        st.tuples(
            st.sampled_from([AVAILABLE, BUSY]),
            st.dates(date(2026, 1, 1), date(2027, 12, 31)),
            st.integers(0, 40),
            st.integers(1, 5),
        ),
        max_size=4,
    ),
)
def test_capacity_never_exceeds_the_working_days_and_busy_never_adds(start, length, raw):
    from datetime import timedelta

    end = start + timedelta(days=length)
    periods = [Period(k, s, s + timedelta(days=n), w) for k, s, n, w in raw]
    capacity = capacity_days(periods, start, end)
    assert 0 <= capacity <= len(working_days(start, end))
    more_busy = [*periods, Period(BUSY, start, start + timedelta(days=length // 2))]
    assert capacity_days(more_busy, start, end) <= capacity
