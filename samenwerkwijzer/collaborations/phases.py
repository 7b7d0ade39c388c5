"""Which phase a collaboration is in, derived from what has happened (pure rules, no database).

The guide's five phases follow one another; a collaboration is in the furthest phase whose
entry rule its facts meet. Every rule only asks whether something has happened, so the derived
phase never goes backwards while facts only grow. A lead may set a later phase by hand (with a
reason); that choice holds until the derived phase passes it.
"""

from dataclasses import dataclass

from .models import Phase

ORDER = list(Phase)


@dataclass(frozen=True)
class PhaseFacts:
    """What has happened in a collaboration, as far as the phases care.

    The collaborations domain fills in its own facts; other domains contribute theirs through
    ``signals.phase_facts_requested`` (the foundation does not know them).
    """

    participant_count: int = 1
    invitation_sent: bool = False
    self_check_shared: bool = False
    letter_of_intent_signed: bool = False
    agreement_signed: bool = False
    legal_form_chosen: bool = False


def rank(phase: str) -> int:
    return ORDER.index(Phase(phase))


def derived_phase(facts: PhaseFacts) -> Phase:
    """The furthest phase the facts have reached."""
    if facts.agreement_signed and facts.legal_form_chosen:
        return Phase.EXECUTE
    if facts.agreement_signed:
        return Phase.LEGAL_FORM
    if facts.letter_of_intent_signed:
        return Phase.AGREEMENTS
    if facts.self_check_shared or facts.invitation_sent or facts.participant_count > 1:
        return Phase.FIND_PARTNER
    return Phase.EXPLORE


@dataclass(frozen=True)
class PhaseState:
    derived: Phase
    # The phase a lead set by hand (Collaboration.phase), and why.
    chosen: Phase
    reason: str = ""

    @property
    def overridden(self) -> bool:
        """The hand-set phase holds while the derived phase has not caught up with it."""
        return rank(self.chosen) > rank(self.derived)

    @property
    def current(self) -> Phase:
        return self.chosen if self.overridden else self.derived


def allowed_choice(*, derived: Phase, chosen: str) -> bool:
    """A lead may set the derived phase (follow the facts again) or a later one, never an earlier one."""
    return rank(chosen) >= rank(derived)
