"""Whole numbers from query strings and form fields that anyone can type.

``str.isdigit()`` is true for "²" and "١٢", and ``int()`` of a 5,000-digit string raises: a
parameter is a number here only when it is plain ASCII digits (an optional leading minus) of a
sensible length, inside the range the caller names. Anything else is ``None``, for the view to
answer with its default, a 400 or a 404, never a 500.
"""

MAX_DIGITS = 18  # fits a 64-bit database integer; longer is never a valid id, year or page
MAX_ID = 2**63 - 1  # the largest primary key a database holds


def parse_int_param(value, *, minimum: int, maximum: int) -> int | None:
    """``value`` as an int in ``minimum..maximum``, or ``None`` when it is not one."""
    if not isinstance(value, str):
        return None
    digits = value.removeprefix("-")
    if not (digits.isascii() and digits.isdecimal()) or len(digits) > MAX_DIGITS:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None
