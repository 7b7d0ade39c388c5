"""lib/params.py: a whole number from anything a user can type, or None; never an exception."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.lib.params import MAX_ID, parse_int_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026", 2026), ("-3", -3), ("0", 0), ("007", 7), (str(MAX_ID), None), ("999999999999999999", 999999999999999999)],
)
def test_plain_ascii_digits_are_a_number(value, expected):
    assert parse_int_param(value, minimum=-10, maximum=10**18) == expected


@pytest.mark.parametrize(
    "value",
    ["²", "١٢", "\uff12\uff10", "9" * 400, "1e3", "1.0", " 1", "1 ", "+1", "--1", "-", "", "\x00", "1_000", None, 12],
)
def test_anything_else_is_none(value):
    assert parse_int_param(value, minimum=-(10**20), maximum=10**20) is None


def test_the_range_is_kept():
    assert parse_int_param("5", minimum=1, maximum=4) is None
    assert parse_int_param("0", minimum=1, maximum=4) is None
    assert parse_int_param("4", minimum=1, maximum=4) == 4


@given(st.text())
def test_never_raises(value):
    result = parse_int_param(value, minimum=1, maximum=9999)
    assert result is None or (1 <= result <= 9999 and str(result) == value.lstrip("0"))
