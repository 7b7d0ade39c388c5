"""Retention of the workspace app (privacy/registry.py; periods in settings ``RETENTION_*``).

- Daily-digest items (the notifications waiting for, and then sent in, a person's digest; the
  model lives in accounts) that were sent more than ``RETENTION_DIGEST_DAYS`` ago are deleted.
  Items not yet sent stay until they are.
- Collaborations archived more than ``RETENTION_ARCHIVED_COLLABORATION_DAYS`` ago: the links to
  people's accounts in the work plan, meetings, pitfall reviews and exit (who added, planned,
  discussed or started it) are emptied, and the names of who ticked off the exit checklist are
  removed (when it was done stays). Goals, agendas, minutes and what was agreed stay: they are the
  collaboration's record, not data about a person.
"""

from datetime import datetime, timedelta

from django.conf import settings

from samenwerkwijzer.accounts.models import PendingDigestItem
from samenwerkwijzer.collaborations.retention import archived_before
from samenwerkwijzer.privacy.registry import register_retention

from .models import ExitProcess, FlagReview, Meeting, WorkGoal


def clean_up_digest_items(now: datetime) -> int:
    before = now - timedelta(days=settings.RETENTION_DIGEST_DAYS)
    deleted, _ = PendingDigestItem.objects.filter(sent_at__lte=before).delete()
    return deleted


def clean_up_archived_collaborations(now: datetime) -> int:
    archived = archived_before(now)
    count = WorkGoal.objects.filter(collaboration__in=archived, created_by__isnull=False).update(created_by=None)
    count += Meeting.objects.filter(collaboration__in=archived, created_by__isnull=False).update(created_by=None)
    count += FlagReview.objects.filter(collaboration__in=archived, discussed_by__isnull=False).update(discussed_by=None)
    for exit_process in ExitProcess.objects.filter(collaboration__in=archived):
        named = exit_process.started_by_id is not None or any(item.get("done_by") for item in exit_process.checklist)
        if named:
            exit_process.started_by = None
            exit_process.checklist = [{**item, "done_by": ""} for item in exit_process.checklist]
            exit_process.save(update_fields=["started_by", "checklist"])
            count += 1
    return count


register_retention("digest items", clean_up_digest_items)
register_retention("archived collaborations (work)", clean_up_archived_collaborations)
