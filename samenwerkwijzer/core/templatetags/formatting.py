"""Template filters over ``lib/formatting`` (built in to every template: no ``{% load %}``).

``{{ due_date|day }}`` → "6 dec. 2026", ``{{ created_at|moment }}`` → "6 dec. 2026, 14:05" (``|moment:"weekday"`` → "zondag 6 dec. 2026, 14:05"),
``{{ average|number:1 }}`` → "3,5", ``{{ share|percent }}`` → "80,5 %", ``{{ fee|money }}`` →
"€ 1.250,00", ``{{ score|score_of:5 }}`` → "3,5 van 5".
"""

from django import template

from samenwerkwijzer.lib import formatting

register = template.Library()


@register.filter
def day(value, style: str = "") -> str:
    return formatting.format_date(value, long=style == "long")


@register.filter
def moment(value, style: str = "") -> str:
    return formatting.format_datetime(value, seconds=style == "seconds", weekday=style == "weekday")


@register.filter
def clock(value) -> str:
    return formatting.format_time(value)


@register.filter
def number(value, decimals: int = 0) -> str:
    return formatting.format_number(value, int(decimals))


@register.filter
def percent(value, decimals: int = 1) -> str:
    return formatting.format_percent(value, int(decimals))


@register.filter
def money(value) -> str:
    return formatting.format_money(value)


@register.filter
def score_of(value, scale_max=5) -> str:
    return formatting.format_score(value, scale_max)


@register.filter
def certificate_name(value) -> str:
    """A certificate's subject as a person reads it: "Name (Organisation)", not "Common Name: …"."""
    return formatting.format_certificate_name(value)
