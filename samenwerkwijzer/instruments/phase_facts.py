"""The instruments' share of the phase facts (see collaborations.signals.phase_facts_requested)."""

from samenwerkwijzer.collaborations.signals import phase_facts_requested

from .request_reads import self_check_sharers_by_collaboration


def contribute(sender, *, collaboration_ids, **kwargs) -> dict:
    """A self-check shared with the collaboration shows the exploring has been done. One query, shared
    with the to-dos through the request memo."""
    return {
        pk: {"self_check_shared": True}
        for pk, sharers in self_check_sharers_by_collaboration(collaboration_ids).items()
        if sharers
    }


phase_facts_requested.connect(contribute, dispatch_uid="instruments_phase_facts")
