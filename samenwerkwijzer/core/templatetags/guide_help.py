from django import template
from django.utils.translation import get_language

from samenwerkwijzer.core import guide_help as help_data

register = template.Library()


@register.simple_tag
def guide_help(page: str) -> dict:
    """The guide's help for one page in the current language: ``{% guide_help "start" as help %}``."""
    return help_data.for_page(page, get_language())
