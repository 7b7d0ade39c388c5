"""What the canvas holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py):
the notes they added or last changed, and the changes they made (the canvas's versions)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import CanvasChange, CanvasNote


def export(user) -> dict:
    return {
        "canvasnotities": about(CanvasNote, user),
        "canvaswijzigingen": about(CanvasChange, user),
    }


register_export("businessmodel_canvas", export)
