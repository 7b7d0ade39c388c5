"""What each app contributes to a person's rights and to retention, without the privacy app
importing the domain apps: each app registers in its own modules, found at start-up
(``privacy/apps.py`` autodiscovers ``personal_data``, ``erasure`` and ``retention`` modules).

- ``personal_data.py``: ``register_export("meetings", export)``: ``export(user)`` returns a
  JSON-serialisable list/dict of everything about that person held by the app (for the ZIP of
  "Mijn gegevens downloaden").
- ``erasure.py``: ``register_erasure("meetings", erase, describe)``: ``erase(user)`` deletes or
  pseudonymises the person's data and returns what stays, as ``Kept`` records;
  ``describe(user)`` returns the same ``Kept`` records without changing anything (shown on the
  page before the person confirms).
- ``retention.py``: ``register_retention("meetings", clean_up)``: ``clean_up(now)`` removes
  what is past its retention period (settings ``RETENTION_*``) and returns how many records.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kept:
    """Something about the person that stays after deletion, and why (shown on the page)."""

    what: str  # translated, e.g. "Uw naam in de ondertekende overeenkomst 'Bakkerij & Vervoer'"
    why: str  # translated legal or evidential reason


EXPORTS: dict[str, Callable] = {}
ERASURES: dict[str, tuple[Callable, Callable]] = {}
RETENTIONS: dict[str, Callable] = {}


def register_export(name: str, export: Callable) -> None:
    EXPORTS[name] = export


def register_erasure(name: str, erase: Callable, describe: Callable) -> None:
    ERASURES[name] = (erase, describe)


def register_retention(name: str, clean_up: Callable) -> None:
    RETENTIONS[name] = clean_up
