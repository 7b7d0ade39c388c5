"""The one place where dates, times, numbers, percentages and amounts become text.

Pages (through the template filters in ``core/templatetags/formatting.py``, built in to every
template), PDFs, CSV files and mails all call these functions, so a Dutch reader sees
"6 dec. 2026", "14:05", "3,5", "80,5 %" and "€ 1.250,00" everywhere, and an English reader the
same values in English notation. Empty values become an empty string.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone

DATE_FORMAT = "j N Y"  # 6 dec. 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j N Y, H:i"  # 6 dec. 2026, 14:05
LONG_DATE_FORMAT = "j F Y"  # 6 december 2026 (legal documents)


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: datetime.date | datetime.datetime | None, *, long: bool = False) -> str:
    """A date as "6 dec. 2026" ("6 december 2026" with ``long``); a moment in local time."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    return formats.date_format(value, LONG_DATE_FORMAT if long else DATE_FORMAT)


def format_datetime(value: datetime.datetime | None, *, seconds: bool = False, weekday: bool = False) -> str:
    """A moment in local time: "6 dec. 2026, 14:05" (with ``seconds``: "14:05:09"; with
    ``weekday``, for appointments: "zondag 6 dec. 2026, 14:05")."""
    if value is None or value == "":
        return ""
    pattern = ("l " if weekday else "") + DATETIME_FORMAT + (":s" if seconds else "")
    return formats.date_format(_local(value), pattern)


def format_time(value: datetime.datetime | datetime.time | None) -> str:
    """A time of day: "14:05"."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    return formats.time_format(value, TIME_FORMAT)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value, decimals: int = 0) -> str:
    """A number with a fixed number of decimals, grouped by thousands: "1.250", "3,5"."""
    number = _decimal(value)
    if number is None:
        return ""
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimals, use_l10n=True, force_grouping=True)


def format_percent(value, decimals: int = 1) -> str:
    """A percentage (``value`` is already in percent): "80,5 %"; whole numbers without decimals."""
    number = _decimal(value)
    if number is None:
        return ""
    if number == number.to_integral_value():
        decimals = 0
    return f"{format_number(number, decimals)}\u00a0%"


def format_money(value, decimals: int = 2) -> str:
    """An amount in euros: "€ 1.250,00"."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"€\u00a0{format_number(number, decimals)}"


def format_score(value, scale_max, decimals: int = 1) -> str:
    """A score with its scale, so nobody has to guess it: "3,5 van 5"."""
    from django.utils.translation import gettext

    number = format_number(value, decimals)
    if not number:
        return ""
    maximum = _decimal(scale_max)
    shown_maximum = format_number(maximum, 0 if maximum == maximum.to_integral_value() else decimals)
    return gettext("%(score)s of %(maximum)s") % {"score": number, "maximum": shown_maximum}


def format_certificate_name(subject) -> str:
    """pyHanko's readable subject ("Common Name: X, Organization: Y, Country: NL") as "X (Y)".

    Other forms pass through unchanged; "" stays "".
    """
    text = str(subject or "")
    parts = {}
    for item in text.split(", "):
        key, separator, value = item.partition(": ")
        if not separator:
            return text
        parts.setdefault(key.strip(), value.strip())
    name = parts.get("Common Name", "")
    organisation = parts.get("Organization", "")
    if not name:
        return text
    return f"{name} ({organisation})" if organisation and organisation != name else name
