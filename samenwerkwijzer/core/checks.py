from django.core.checks import Error, register

from . import guide_help


@register()
def guide_help_is_valid(app_configs, **kwargs):
    """Fail start-up (and ``manage.py check``) when the guide-help file is damaged."""
    try:
        guide_help.load()
    except guide_help.GuideHelpError as error:
        return [
            Error(f"Guide help ({guide_help.DATA_FILE.name}): {problem}", id="core.E001") for problem in error.problems
        ]
    return []
