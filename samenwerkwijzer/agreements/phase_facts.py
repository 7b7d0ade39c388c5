"""The agreements' share of the phase facts (see collaborations.signals.phase_facts_requested)."""

from samenwerkwijzer.collaborations.signals import phase_facts_requested

from .models import DocumentKind, SealedDocument

FACT_BY_KIND = {DocumentKind.LETTER_OF_INTENT: "letter_of_intent_signed", DocumentKind.AGREEMENT: "agreement_signed"}


def contribute(sender, *, collaboration_ids, **kwargs) -> dict:
    """A document counts as signed once every party has signed and it is sealed. One query."""
    facts = {}
    sealed = (
        SealedDocument.objects.filter(freeze__document__collaboration_id__in=collaboration_ids)
        .values_list("freeze__document__collaboration_id", "freeze__document__kind")
        .distinct()
    )
    for pk, kind in sealed:
        facts.setdefault(pk, {})[FACT_BY_KIND[kind]] = True
    return facts


phase_facts_requested.connect(contribute, dispatch_uid="agreements_phase_facts")
