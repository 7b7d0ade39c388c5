"""Deleting a person's data from the instruments (privacy/registry.py).

Answers, conclusions and action items belong to the collaboration and stay; the links to the
person become empty when the account goes, and the name in the change history is replaced.
"""

from samenwerkwijzer.privacy.pseudonym import former_user
from samenwerkwijzer.privacy.registry import register_erasure

from .models import AnswerChange


def describe(user) -> list:
    return []


def erase(user) -> list:
    AnswerChange.objects.filter(user=user).update(user_name=former_user())
    return []


register_erasure("instruments", erase, describe)
