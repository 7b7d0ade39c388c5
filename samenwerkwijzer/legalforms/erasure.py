"""Deleting a person's data from the legal-form advice (privacy/registry.py)."""

from samenwerkwijzer.privacy.pseudonym import former_user
from samenwerkwijzer.privacy.registry import register_erasure

from .models import LegalFormAdvice


def describe(user) -> list:
    return []


def erase(user) -> list:
    LegalFormAdvice.objects.filter(created_by=user).update(created_by_name=former_user())
    return []


register_erasure("legalforms", erase, describe)
