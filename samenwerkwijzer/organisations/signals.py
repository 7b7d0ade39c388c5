"""What other domains may want to hear from the organisations domain, without it knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that saved an organisation's profile, with ``organisation``.
# The directory keeps a findable organisation's public entry in step.
organisation_changed = Signal()

# Sent inside the transaction that verified an organisation, with ``organisation`` (now verified)
# and ``displaced`` (the unverified organisations whose claim of the same KvK number was removed).
organisation_verified = Signal()
