"""The business plan's small multi-year budget: pure arithmetic, no Django.

Per year and per partner the costs and the revenues (in euro) give the totals per year, the
result per year (revenues minus costs), the cumulative result, and the break-even year: the first
year in which the cumulative result is zero or more. ``None`` when that does not happen within the
plan's years. Decimal throughout, never float.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

ZERO = Decimal("0.00")
MAX_YEARS = 6  # the start year and up to five more
MAX_AMOUNT = Decimal("9999999999.99")  # what a BudgetLine holds (12 digits, 2 decimals)


@dataclass(frozen=True)
class Line:
    organisation_id: int
    year: int
    costs: Decimal
    revenues: Decimal


@dataclass(frozen=True)
class YearTotal:
    year: int
    costs: Decimal
    revenues: Decimal
    result: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class Budget:
    years: list[int]
    totals: list[YearTotal] = field(default_factory=list)
    break_even_year: int | None = None

    @property
    def total_costs(self) -> Decimal:
        return sum((t.costs for t in self.totals), ZERO)

    @property
    def total_revenues(self) -> Decimal:
        return sum((t.revenues for t in self.totals), ZERO)

    @property
    def total_result(self) -> Decimal:
        return self.total_revenues - self.total_costs


def compute(lines: list[Line], years: list[int]) -> Budget:
    """Totals per year over all partners, the result and cumulative result, and the break-even year.

    Lines outside ``years`` are ignored; a year without lines counts as zero.
    """
    years = sorted(set(years))
    costs = dict.fromkeys(years, ZERO)
    revenues = dict.fromkeys(years, ZERO)
    for line in lines:
        if line.year in costs:
            costs[line.year] += Decimal(line.costs)
            revenues[line.year] += Decimal(line.revenues)
    totals, cumulative, break_even = [], ZERO, None
    for year in years:
        result = revenues[year] - costs[year]
        cumulative += result
        if break_even is None and cumulative >= 0:
            break_even = year
        totals.append(YearTotal(year, costs[year], revenues[year], result, cumulative))
    return Budget(years=years, totals=totals, break_even_year=break_even)


_DUTCH = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$|^-?\d+(,\d{1,2})?$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")


def parse_amount(text: str) -> Decimal | None:
    """An amount in euro as typed: "1.250,50", "1250,5", "1250", "€ 1.250" or "1250.50".

    A dot followed by three digits separates thousands (Dutch); a dot with one or two digits after it
    is read as a decimal point. Empty → 0. Anything else (letters, three decimals) → None.
    """
    text = (text or "").replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not text:
        return ZERO
    if _DUTCH.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif not _DOT_DECIMAL.match(text):
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the patterns above only pass numbers
        return None
