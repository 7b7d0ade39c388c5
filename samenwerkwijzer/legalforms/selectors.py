"""Reads of the legal-form app, for its pages and for other apps (the agreement)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language

from samenwerkwijzer.collaborations.access import collaborations_for_user
from samenwerkwijzer.collaborations.models import Collaboration

from .knowledge import LegalForm, get_knowledge
from .models import LegalFormAdvice


@dataclass(frozen=True)
class LegalFormChoice:
    """The legal form a collaboration chose last, with its facts from the guide."""

    form: str
    legal_form: LegalForm
    advice: LegalFormAdvice

    @property
    def name(self) -> str:
        """The form's name in the active language."""
        return self.legal_form.name.get(get_language())

    @property
    def chosen_at(self):
        return self.advice.created_at

    def __str__(self) -> str:
        return self.name


def advice_history(collaboration: Collaboration) -> QuerySet[LegalFormAdvice]:
    """Saved advices of a collaboration (already access-checked by the caller), newest first."""
    return LegalFormAdvice.objects.filter(collaboration=collaboration).order_by("-created_at", "-pk")


def latest_legal_form_choice(collaboration: Collaboration) -> LegalFormChoice | None:
    """The form chosen in the newest saved advice, for instance to prefill the agreement's legal-form section.

    The caller has already checked access to the collaboration (get_collaboration_for_user).
    """
    forms = get_knowledge().forms
    for saved in advice_history(collaboration)[:20]:
        if saved.chosen_form in forms:
            return LegalFormChoice(form=saved.chosen_form, legal_form=forms[saved.chosen_form], advice=saved)
    return None


def collaborations_to_save_in(user) -> QuerySet[Collaboration]:
    """The collaborations in which the user may save an advice: those they take part in (not only observe)."""
    return (
        collaborations_for_user(user)
        .filter(participants__organisation__memberships__user=user)
        .distinct()
        .order_by("name")
    )
