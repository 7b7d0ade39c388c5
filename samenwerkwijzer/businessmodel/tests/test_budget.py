"""The budget's arithmetic: totals, results, cumulative result and break-even year (pure)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.businessmodel import budget
from samenwerkwijzer.businessmodel.budget import Line, compute, parse_amount

D = Decimal


def test_totals_results_and_break_even_year():
    lines = [
        Line(1, 2027, D("1000.00"), D("200.00")),
        Line(2, 2027, D("500.00"), D("0")),
        Line(1, 2028, D("300.00"), D("900.00")),
        Line(2, 2028, D("200.00"), D("400.00")),
        Line(1, 2029, D("100.00"), D("900.00")),
    ]
    result = compute(lines, [2027, 2028, 2029])
    assert [(t.year, t.costs, t.revenues, t.result, t.cumulative) for t in result.totals] == [
        (2027, D("1500.00"), D("200.00"), D("-1300.00"), D("-1300.00")),
        (2028, D("500.00"), D("1300.00"), D("800.00"), D("-500.00")),
        (2029, D("100.00"), D("900.00"), D("800.00"), D("300.00")),
    ]
    assert result.break_even_year == 2029
    assert result.total_costs == D("2100.00")
    assert result.total_revenues == D("2400.00")
    assert result.total_result == D("300.00")


def test_no_break_even_within_the_plan_is_none():
    result = compute([Line(1, 2027, D("100"), D("10")), Line(1, 2028, D("100"), D("50"))], [2027, 2028])
    assert result.break_even_year is None


def test_break_even_exactly_at_zero_counts():
    result = compute([Line(1, 2027, D("100"), D("0")), Line(1, 2028, D("0"), D("100"))], [2027, 2028])
    assert result.break_even_year == 2028


def test_lines_outside_the_years_are_ignored_and_empty_years_count_as_zero():
    result = compute([Line(1, 2020, D("100"), D("0"))], [2027, 2028])
    assert [t.costs for t in result.totals] == [D("0.00"), D("0.00")]
    assert result.break_even_year == 2027


def test_dutch_amounts_are_read_as_people_type_them():
    assert parse_amount("1.250,50") == D("1250.50")
    assert parse_amount("€ 1.250") == D("1250.00")
    assert parse_amount("1250,5") == D("1250.50")
    assert parse_amount("1250.50") == D("1250.50")
    assert parse_amount("1.000.000") == D("1000000.00")
    assert parse_amount("") == D("0.00")
    assert parse_amount(" 12 ") == D("12.00")
    for bad in ("twaalf", "1,2,3", "1.25.0", "1,234", "12.345,678"):
        assert parse_amount(bad) is None, bad


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
years = st.lists(st.integers(min_value=2020, max_value=2040), min_size=1, max_size=budget.MAX_YEARS, unique=True)


@given(years=years, data=st.data())
def test_cumulative_is_the_running_sum_and_break_even_is_the_first_non_negative(years, data):
    lines = data.draw(
        st.lists(st.builds(Line, st.integers(1, 4), st.sampled_from(years), amounts, amounts), max_size=20)
    )
    result = compute(lines, years)
    assert [t.year for t in result.totals] == sorted(years)
    running = Decimal(0)
    for total in result.totals:
        assert total.result == total.revenues - total.costs
        running += total.result
        assert total.cumulative == running
    assert result.total_result == running
    first = next((t.year for t in result.totals if t.cumulative >= 0), None)
    assert result.break_even_year == first
    assert sum(t.costs for t in result.totals) == sum(ln.costs for ln in lines)


@given(amount=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_an_amount_written_the_dutch_way_reads_back_the_same(amount):
    whole, cents = f"{amount:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    assert parse_amount(f"{grouped},{cents}") == amount
    assert parse_amount(f"{whole},{cents}") == amount
