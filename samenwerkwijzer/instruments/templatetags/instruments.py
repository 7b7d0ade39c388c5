from django import template

from samenwerkwijzer.lib import formatting

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
    """A number with a fixed number of decimals in the active language's notation; empty for None.
    Kept for existing templates; it is ``|number`` (``lib/formatting.format_number``)."""
    return formatting.format_number(value, int(digits))
