"""The instruments' share of the phase facts (see collaborations.signals.phase_facts_requested)."""

from samenwerkwijzer.collaborations.signals import phase_facts_requested

from .models import SelfCheckShare


def contribute(sender, *, collaboration_ids, **kwargs) -> dict:
    """A self-check shared with the collaboration shows the exploring has been done. One query."""
    shared = (
        SelfCheckShare.objects.filter(collaboration_id__in=collaboration_ids)
        .values_list("collaboration_id", flat=True)
        .distinct()
    )
    return {pk: {"self_check_shared": True} for pk in shared}


phase_facts_requested.connect(contribute, dispatch_uid="instruments_phase_facts")
