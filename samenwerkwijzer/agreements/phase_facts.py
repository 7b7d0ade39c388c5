"""The agreements' share of the phase facts (see collaborations.signals.phase_facts_requested)."""

from django.db.models import Count, Q

from samenwerkwijzer.collaborations.signals import phase_facts_requested

from .models import DocumentKind, Freeze

FACT_BY_KIND = {DocumentKind.LETTER_OF_INTENT: "letter_of_intent_signed", DocumentKind.AGREEMENT: "agreement_signed"}


def contribute(sender, *, collaboration_ids, **kwargs) -> dict:
    """A document counts as signed once every party has signed it, sealed or not yet: the signatures
    are the legal fact, the seal is the evidence that follows (agreements/jobs.py). One query."""
    facts = {}
    rows = (
        Freeze.objects.filter(document__collaboration_id__in=collaboration_ids)
        .filter(Q(sealed__isnull=False) | Q(voided_at__isnull=True, signatures__isnull=False))
        .annotate(signed=Count("signatures__organisation", distinct=True))
        .values_list("document__collaboration_id", "document__kind", "organisation_ids", "signed", "sealed")
    )
    for pk, kind, organisation_ids, signed, sealed in rows:
        if sealed is not None or signed >= len(organisation_ids):
            facts.setdefault(pk, {})[FACT_BY_KIND[kind]] = True
    return facts


phase_facts_requested.connect(contribute, dispatch_uid="agreements_phase_facts")
