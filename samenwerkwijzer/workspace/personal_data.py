"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import ExitProcess, FlagReview, Meeting, WorkGoal


def export(user) -> dict:
    return {
        "doelen": about(WorkGoal, user),
        "overleggen": about(Meeting, user),
        "besproken_signalen": about(FlagReview, user),
        "uittredingen": about(ExitProcess, user),
    }


register_export("workspace", export)
