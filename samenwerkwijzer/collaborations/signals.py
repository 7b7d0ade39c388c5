"""What other domains may want to hear from the collaborations domain, without it knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that removed a participant (removal by a lead, or leaving), with
# ``access`` (who did it) and ``participant`` (the removed one, no longer in the database).
participant_removed = Signal()
