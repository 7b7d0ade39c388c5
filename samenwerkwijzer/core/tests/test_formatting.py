"""The one formatting helper (issue #14, "Plain Dutch"): Dutch and English notation, empty
values, rounding, grouping, percentages, amounts and scores with their scale."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from samenwerkwijzer.lib import formatting

MOMENT = datetime.datetime(2026, 12, 6, 13, 5, 9, tzinfo=datetime.UTC)  # 14:05 in Amsterdam
DAY = datetime.date(2026, 12, 6)


@pytest.fixture
def nl():
    with translation.override("nl"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def test_dates_and_times_in_dutch(nl):
    assert formatting.format_date(DAY) == "6 dec. 2026"
    assert formatting.format_date(DAY, long=True) == "6 december 2026"
    assert formatting.format_date(MOMENT) == "6 dec. 2026"
    assert formatting.format_datetime(MOMENT) == "6 dec. 2026, 14:05"
    assert formatting.format_datetime(MOMENT, seconds=True) == "6 dec. 2026, 14:05:09"
    assert formatting.format_time(MOMENT) == "14:05"
    assert formatting.format_time(datetime.time(9, 3)) == "09:03"


def test_a_moment_is_shown_in_local_time_even_across_midnight(nl):
    late = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    assert formatting.format_date(late) == "7 dec. 2026"
    naive = datetime.datetime(2026, 5, 1, 8, 0)
    assert formatting.format_datetime(naive) == "1 mei 2026, 08:00"
    assert late.astimezone(ZoneInfo("Europe/Amsterdam")).day == 7


def test_dates_in_english(en):
    assert formatting.format_date(DAY) == "6 Dec. 2026"
    assert formatting.format_date(DAY, long=True) == "6 December 2026"
    assert formatting.format_datetime(MOMENT) == "6 Dec. 2026, 14:05"


@pytest.mark.parametrize("function", [formatting.format_date, formatting.format_datetime, formatting.format_time])
@pytest.mark.parametrize("empty", [None, ""])
def test_an_empty_date_is_an_empty_string(nl, function, empty):
    assert function(empty) == ""


@pytest.mark.parametrize(
    "function",
    [
        formatting.format_number,
        formatting.format_percent,
        formatting.format_money,
        lambda v: formatting.format_score(v, 5),
    ],
)
@pytest.mark.parametrize("empty", [None, "", "not a number"])
def test_an_empty_or_unreadable_number_is_an_empty_string(nl, function, empty):
    assert function(empty) == ""


def test_numbers_in_dutch_are_grouped_and_rounded_half_up(nl):
    assert formatting.format_number(3.5, 1) == "3,5"
    assert formatting.format_number(1250) == "1.250"
    assert formatting.format_number(1234567.891, 2) == "1.234.567,89"
    assert formatting.format_number(2.25, 1) == "2,3"
    assert formatting.format_number(Decimal("2.5")) == "3"
    assert formatting.format_number(-1.05, 1) == "-1,1"
    assert formatting.format_number(0, 2) == "0,00"
    assert formatting.format_number("4.0", 1) == "4,0"


def test_numbers_in_english(en):
    assert formatting.format_number(3.5, 1) == "3.5"
    assert formatting.format_number(1250) == "1,250"
    assert formatting.format_percent(80.5) == "80.5\u00a0%"


def test_percentages(nl):
    assert formatting.format_percent(80.5) == "80,5\u00a0%"
    assert formatting.format_percent(80.0) == "80\u00a0%"
    assert formatting.format_percent(100) == "100\u00a0%"
    assert formatting.format_percent(33.333) == "33,3\u00a0%"
    assert formatting.format_percent(12.345, 2) == "12,35\u00a0%"


def test_money(nl):
    assert formatting.format_money(1250) == "€\u00a01.250,00"
    assert formatting.format_money("99.999") == "€\u00a0100,00"


def test_a_score_always_names_its_scale(nl):
    assert formatting.format_score(3.5, 5) == "3,5 van 5"
    assert formatting.format_score(23.94, 100) == "23,9 van 100"
    assert formatting.format_score(4, 5, decimals=0) == "4 van 5"


def test_a_score_in_english(en):
    assert formatting.format_score(3.5, 5) == "3.5 of 5"


def test_the_template_filters_are_built_in_and_use_the_helper(nl):
    template = Template(
        "{{ d|day }}|{{ d|day:'long' }}|{{ t|moment }}|{{ t|clock }}|{{ x|number:1 }}|{{ p|percent }}"
        "|{{ m|money }}|{{ s|score_of:5 }}|{{ none|day }}"
    )
    rendered = template.render(
        Context({"d": DAY, "t": MOMENT, "x": 1234.56, "p": 80.5, "m": 12, "s": 3.25, "none": None})
    )
    assert rendered == (
        "6 dec. 2026|6 december 2026|6 dec. 2026, 14:05|14:05|1.234,6|80,5\u00a0%|€\u00a012,00|3,3 van 5|"
    )


def test_a_certificate_subject_reads_as_name_and_organisation():
    from samenwerkwijzer.lib.formatting import format_certificate_name

    subject = "Common Name: Samenwerkwijzer Test Seal, Organization: Samenwerkwijzer Test B.V., Country: NL"
    assert format_certificate_name(subject) == "Samenwerkwijzer Test Seal (Samenwerkwijzer Test B.V.)"
    assert format_certificate_name("Common Name: Zegel") == "Zegel"
    assert format_certificate_name("not a subject") == "not a subject"
    assert format_certificate_name("") == ""
