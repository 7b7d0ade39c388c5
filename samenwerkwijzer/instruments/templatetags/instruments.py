from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def words(value) -> list[str]:
    """A label split into words, for line breaks inside SVG figures."""
    return str(value).split()


@register.filter
def lookup(mapping, key):
    """``mapping[key]`` in a template; empty when missing."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def decimal(value, digits=1) -> str:
    """A number with a fixed number of decimals in the active language's notation; empty for None."""
    if value is None:
        return ""
    return number_format(value, decimal_pos=int(digits))
