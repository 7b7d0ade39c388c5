"""The body of a delivery in the endpoint's format.

- ``json``: the raw event ``{"id", "event", "created_at", "collaboration": {"id", "name"}, "data"}``
  (``data`` holds what every member may see, and ``url``: the page to look at).
- ``slack``: ``{"text": …}`` for Slack and Mattermost incoming webhooks: one Dutch sentence with
  the link (Slack's ``<url|label>`` mark-up; Mattermost shows it as a link too).
- ``teams``: a Microsoft Teams Workflows webhook message: one Adaptive Card attachment with the
  sentence and an "Open" action (the retired Office 365 connectors' MessageCard is not used).
"""

import json

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import events

ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _sentence(event: dict) -> str:
    data = event.get("data") or {}
    values = {
        "collaboration": event["collaboration"]["name"],
        **{k: v for k, v in data.items() if isinstance(v, str | int)},
    }
    templates = {
        events.ROUND_REVEALED: _("%(collaboration)s: round %(round)s of %(instrument)s is revealed."),
        events.AGREEMENT_FROZEN: _("%(collaboration)s: version %(version)s of the agreement is frozen for approval."),
        events.AGREEMENT_SIGNED: _("%(collaboration)s: version %(version)s of the agreement is signed by everyone."),
        events.AGREEMENT_SEALED: _("%(collaboration)s: the signed agreement (version %(version)s) is sealed."),
        events.ACTION_ITEM_OVERDUE: _("%(collaboration)s: action item overdue: %(description)s."),
        events.MEETING_PLANNED: _("%(collaboration)s: a meeting is planned: %(title)s."),
        events.PARTICIPANT_JOINED: _("%(collaboration)s: %(organisation)s joins the collaboration."),
        events.PARTICIPANT_LEFT: _("%(collaboration)s: %(organisation)s leaves the collaboration."),
        events.PITFALL_FLAGGED: _("%(collaboration)s: the pitfall radar flags a pitfall."),
        "ping": _("%(collaboration)s: test message from Samenwerkwijzer. This webhook works."),
    }
    template = templates.get(event["event"], "%(collaboration)s: " + event["event"])
    try:
        return template % values
    except KeyError:  # an event without the detail the sentence names: the event's label
        return f"{values['collaboration']}: {events.EVENTS.get(event['event'], event['event'])}"


def body(format_: str, event: dict) -> bytes:
    """The bytes to POST (UTF-8 JSON) for ``event`` in ``format_``."""
    if format_ == "json":
        message = event
    else:
        with translation.override(settings.LANGUAGE_CODE):
            sentence = _sentence(event)
            url = (event.get("data") or {}).get("url", "")
            open_label = _("Open in Samenwerkwijzer")
        if format_ == "slack":
            message = {"text": f"{sentence} <{url}|{open_label}>" if url else sentence}
        else:
            card = {
                "$schema": ADAPTIVE_CARD_SCHEMA,
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [{"type": "TextBlock", "text": sentence, "wrap": True}],
            }
            if url:
                card["actions"] = [{"type": "Action.OpenUrl", "title": open_label, "url": url}]
            message = {
                "type": "message",
                "attachments": [
                    {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
                ],
            }
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
