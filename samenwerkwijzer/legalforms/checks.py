from django.core.checks import Error, register

from . import knowledge


@register()
def legal_form_knowledge_is_valid(app_configs, **kwargs):
    """Fail start-up (and ``manage.py check``) when the legal-form knowledge file is damaged."""
    try:
        knowledge.load()
    except knowledge.KnowledgeError as error:
        return [
            Error(f"Legal-form knowledge ({knowledge.DATA_FILE.name}): {problem}", id="legalforms.E001")
            for problem in error.problems
        ]
    return []
