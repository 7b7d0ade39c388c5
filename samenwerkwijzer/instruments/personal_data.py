"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import ActionItem, AgendaProposal, AnswerChange, AnswerSet, Conclusion, Round, SelfCheck, SelfCheckShare


def export(user) -> dict:
    return {
        "rondes_geopend_of_gesloten": about(Round, user),
        "antwoorden": about(AnswerSet, user),
        "wijzigingen_in_antwoorden": about(AnswerChange, user),
        "conclusies": about(Conclusion, user),
        "actiepunten": about(ActionItem, user),
        "agendavoorstellen": about(AgendaProposal, user),
        "zelftoetsen": about(SelfCheck, user),
        "gedeelde_zelftoetsen": about(SelfCheckShare, user),
    }


register_export("instruments", export)
