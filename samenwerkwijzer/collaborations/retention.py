"""Retention of the collaborations app (privacy/registry.py; periods in settings ``RETENTION_*``).

- Invitations that were accepted, withdrawn or expired more than ``RETENTION_INVITATION_DAYS`` ago
  are deleted (e-mail address and personal message). Who joined stays in the audit log.
- Collaborations archived more than ``RETENTION_ARCHIVED_COLLABORATION_DAYS`` ago lose the personal
  data that is not evidence: their remaining invitations and observers (the link of an adviser's
  account to the collaboration) are deleted, and the links to people's accounts (who started the
  collaboration, who decided on an explorer, who did something in the audit log) are emptied. The
  audit log's names and organisations stay: it is the evidence of who did what (as do the signed
  agreements, kept by the agreements app).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from samenwerkwijzer.privacy.registry import register_retention

from .models import AuditEvent, Collaboration, ExplorerDecision, Invitation, Observer


def clean_up_invitations(now: datetime) -> int:
    before = now - timedelta(days=settings.RETENTION_INVITATION_DAYS)
    done = Q(accepted_at__lte=before) | Q(revoked_at__lte=before) | Q(expires_at__lte=before)
    deleted, _ = Invitation.objects.filter(done).delete()
    return deleted


def archived_before(now: datetime):
    """The collaborations archived longer ago than their retention period."""
    before = now - timedelta(days=settings.RETENTION_ARCHIVED_COLLABORATION_DAYS)
    return Collaboration.objects.filter(archived_at__lte=before)


def clean_up_archived_collaborations(now: datetime) -> int:
    archived = archived_before(now)
    count = Invitation.objects.filter(collaboration__in=archived).delete()[0]
    count += Observer.objects.filter(collaboration__in=archived).delete()[0]
    count += archived.filter(created_by__isnull=False).update(created_by=None)
    count += ExplorerDecision.objects.filter(explorer__collaboration__in=archived, decided_by__isnull=False).update(
        decided_by=None
    )
    # Append-only: only the link to the account goes; the name stays as the record of who acted.
    count += AuditEvent.objects.filter(collaboration__in=archived, actor__isnull=False).update(actor=None)
    return count


register_retention("invitations", clean_up_invitations)
register_retention("archived collaborations", clean_up_archived_collaborations)
