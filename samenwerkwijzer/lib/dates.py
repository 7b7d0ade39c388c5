"""The one date rule: a date that plans the future refuses the past when it is set or changed.

Every form and service that plans something ahead (a deadline, a milestone, a next step, an action
item, a meeting, the planned end of the collaboration) calls ``validate_planned_date`` with the new
value and, for an existing record, the value it had. An unchanged past date is kept: an overdue action
whose status is updated keeps its due date. The message is the same everywhere.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PAST_DATE_MESSAGE = _("Choose a date of today or later.")
PAST_DATE_CODE = "past_date"


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def is_planned_date_allowed(new, *, previous=None, today: date | None = None) -> bool:
    """True when ``new`` is empty, today or later, or the unchanged ``previous`` value."""
    new_date = _as_date(new)
    if new_date is None:
        return True
    if previous not in (None, "") and new_date == _as_date(previous):
        return True
    return new_date >= (today or timezone.localdate())


def validate_planned_date(new, *, previous=None, today: date | None = None):
    """Raise ``ValidationError`` (the one message) when ``new`` is a date in the past that was set or
    changed now; return ``new`` otherwise. ``new`` and ``previous`` may be dates, aware datetimes
    (compared by their local day) or ISO strings; empty means "not planned" and passes."""
    if not is_planned_date_allowed(new, previous=previous, today=today):
        raise ValidationError(PAST_DATE_MESSAGE, code=PAST_DATE_CODE)
    return new
