"""What other domains may want to hear from the collaborations domain, without it knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that removed a participant (removal by a lead, or leaving), with
# ``access`` (who did it) and ``participant`` (the removed one, no longer in the database).
participant_removed = Signal()

# Sent to gather the facts the phase rules need (``phases.PhaseFacts``), with ``collaboration_ids``
# (a list). Each receiver returns ``{collaboration_id: {fact_name: value}}`` for the ids it has
# facts on, in a fixed number of queries however many ids it gets. Domains connect in their
# AppConfig.ready(), so the foundation never imports them.
phase_facts_requested = Signal()
