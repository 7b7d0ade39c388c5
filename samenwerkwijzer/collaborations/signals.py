"""What other domains may want to hear from the collaborations domain, without it knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that removed a participant (removal by a lead, or leaving), with
# ``access`` (who did it) and ``participant`` (the removed one, no longer in the database).
participant_removed = Signal()

# Sent inside the transaction in which an organisation accepted an invitation to explore, with
# ``participant`` (the explorer) and ``actor`` (who accepted). The instruments open its match check.
explorer_joined = Signal()

# Sent to gather the facts the phase rules need (``phases.PhaseFacts``), with ``collaboration_ids``
# (a list). Each receiver returns ``{collaboration_id: {fact_name: value}}`` for the ids it has
# facts on, in a fixed number of queries however many ids it gets. Domains connect in their
# AppConfig.ready(), so the foundation never imports them.
phase_facts_requested = Signal()

# Sent to gather each person's to-dos (``collaborations.todos.Todo``), with ``accesses`` (a list of
# ``CollaborationAccess``, one per collaboration, all of the same user). Each receiver returns a list
# of ``(collaboration_id, Todo)`` pairs, in a fixed number of queries however many accesses it gets.
# The foundation filters them by role (``collaborations.todos``); domains connect in ready().
todos_requested = Signal()

# Sent to gather the panels of the collaboration dashboard, with ``access``. Each receiver returns a
# list of ``(template_name, context)`` pairs, shown in the order of the apps.
dashboard_panels_requested = Signal()

# Sent to gather the panels about an explorer's own match check, with ``access`` (the reader: the
# explorer itself, or a lead or partner deciding on it) and ``explorer`` (the explorer Participant).
# Each receiver returns a list of ``(template_name, context)`` pairs. Only these panels, never the
# dashboard's, are shown to an explorer.
explorer_panels_requested = Signal()
