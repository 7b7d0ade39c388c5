"""Reads for the workspace pages: decisions per agenda item and the facts behind the pitfall radar."""

from collections import defaultdict

from samenwerkwijzer.instruments.models import ActionItem

from .models import Meeting
from .radar.collect import RadarEntry, evidence_hash, radar_facts, radar_flags, radar_overview  # noqa: F401


def decisions_by_agenda_item(meeting: Meeting) -> dict[int, list[ActionItem]]:
    decisions = defaultdict(list)
    prefix = f"meeting:{meeting.pk}:"
    for action in ActionItem.objects.filter(
        collaboration=meeting.collaboration, source__startswith=prefix
    ).select_related("owner_organisation"):
        decisions[int(action.source.removeprefix(prefix))].append(action)
    return decisions
