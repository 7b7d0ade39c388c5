"""Sub-objects of the workspace, always reached through the collaboration access."""

from django.http import Http404

from samenwerkwijzer.collaborations.access import CollaborationAccess

from .models import AgendaItem, Meeting


def get_meeting_for_access(access: CollaborationAccess, meeting_pk) -> Meeting:
    meeting = Meeting.objects.filter(collaboration=access.collaboration, pk=meeting_pk).first()
    if meeting is None:
        raise Http404
    return meeting


def get_agenda_item_for_access(access: CollaborationAccess, meeting: Meeting, item_pk) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, meeting__collaboration=access.collaboration, pk=item_pk).first()
    if item is None:
        raise Http404
    return item
