"""Deleting a person's data from organisations (privacy/registry.py).

Memberships go with the account; invitations sent to the person's addresses are deleted here.
"""

from samenwerkwijzer.privacy.pseudonym import addresses
from samenwerkwijzer.privacy.registry import register_erasure

from .models import MembershipInvitation


def describe(user) -> list:
    return []


def erase(user) -> list:
    MembershipInvitation.objects.filter(email__in=addresses(user)).delete()
    return []


register_erasure("organisations", erase, describe)
