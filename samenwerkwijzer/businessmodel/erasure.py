"""Deleting a person's data from the canvas (privacy/registry.py).

The notes belong to the collaboration and stay, in the name of the organisation that added them;
the links to the person become empty when the account goes (``SET_NULL``), and their name in the
canvas's versions is replaced.
"""

from samenwerkwijzer.privacy.pseudonym import former_user
from samenwerkwijzer.privacy.registry import register_erasure

from .models import CanvasChange


def describe(user) -> list:
    return []


def erase(user) -> list:
    CanvasChange.objects.filter(user=user).update(user_name=former_user())
    return []


register_erasure("businessmodel_canvas", erase, describe)
