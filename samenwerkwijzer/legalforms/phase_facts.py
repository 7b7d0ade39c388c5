"""The legal forms' share of the phase facts (see collaborations.signals.phase_facts_requested)."""

from samenwerkwijzer.collaborations.signals import phase_facts_requested

from .models import LegalFormAdvice


def contribute(sender, *, collaboration_ids, **kwargs) -> dict:
    """A legal form chosen in the collaboration. One query."""
    chosen = (
        LegalFormAdvice.objects.filter(collaboration_id__in=collaboration_ids)
        .values_list("collaboration_id", flat=True)
        .distinct()
    )
    return {pk: {"legal_form_chosen": True} for pk in chosen}


phase_facts_requested.connect(contribute, dispatch_uid="legalforms_phase_facts")
