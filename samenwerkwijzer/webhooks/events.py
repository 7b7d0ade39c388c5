"""Events a collaboration's webhook endpoints can subscribe to, and how the apps announce them.

A domain service calls, inside its transaction::

    emit(collaboration, ROUND_REVEALED, {"round": {...}})

``data`` must hold only what every member of the collaboration may see (never an unrevealed
answer). Delivery happens after the commit, in a background task (webhooks/delivery.py).
"""

from django.utils.translation import gettext_lazy as _

ROUND_REVEALED = "round.revealed"
AGREEMENT_FROZEN = "agreement.frozen"
AGREEMENT_SIGNED = "agreement.signed"
AGREEMENT_SEALED = "agreement.sealed"
ACTION_ITEM_OVERDUE = "action_item.overdue"
MEETING_PLANNED = "meeting.planned"
PARTICIPANT_JOINED = "participant.joined"
PARTICIPANT_LEFT = "participant.left"
PITFALL_FLAGGED = "pitfall.flagged"

EVENTS = {
    ROUND_REVEALED: _("A round of answers is revealed"),
    AGREEMENT_FROZEN: _("An agreement is frozen for approval"),
    AGREEMENT_SIGNED: _("An agreement is signed by everyone"),
    AGREEMENT_SEALED: _("A signed agreement is sealed"),
    ACTION_ITEM_OVERDUE: _("An action item is overdue"),
    MEETING_PLANNED: _("A meeting is planned"),
    PARTICIPANT_JOINED: _("An organisation joins"),
    PARTICIPANT_LEFT: _("An organisation leaves"),
    PITFALL_FLAGGED: _("The radar flags a pitfall"),
}


def emit(collaboration, event: str, data: dict, *, key: str | None = None) -> None:
    """Announce ``event`` in ``collaboration`` to its subscribed endpoints (after the commit).

    Scheduled jobs pass ``key``, what makes it "the same event" (``"action_item.overdue:<id>:<due date>"``):
    the event id is derived from it, and each endpoint gets one delivery per event id, however
    often or on however many nodes at once the job runs."""
    from .delivery import queue_event  # the delivery machinery (models, tasks) loads on first use

    queue_event(collaboration, event, data, key=key)
