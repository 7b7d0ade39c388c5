"""Retention of the networks (privacy/registry.py).

- Invitations to join a network that were accepted, declined, revoked or expired more than
  ``RETENTION_INVITATION_DAYS`` ago are deleted (e-mail address and personal message), as the
  collaborations' invitations. Who is a member stays in the membership.
- The reason a member gave with a "no" (or that was given when an invitation was withdrawn) is emptied
  ``REASON_DAYS`` after the assignment ended: it served forming that team. That they said no stays (the
  team's history and the fairness ordering count only days on teams).
- An evaluation that was never submitted (a draft) of an assignment that ended more than
  ``DRAFT_EVALUATION_DAYS`` ago is deleted: it was never shown to anyone and never will be.
- A member who left more than ``LEFT_MEMBER_DAYS`` ago loses its profile: day rate, rate band, home
  postcode area and availability. Its membership row stays (left, with the date), as do its past
  assignments, agreements and revealed evaluations: the network's history and the other members'
  track records rest on them.

The three periods are settings (``RETENTION_NETWORK_REASON_DAYS``,
``RETENTION_NETWORK_DRAFT_EVALUATION_DAYS``, ``RETENTION_NETWORK_LEFT_MEMBER_DAYS``; docs/configuration.md).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from samenwerkwijzer.privacy.registry import register_retention

from .models import Availability, Evaluation, NetworkInvitation, NetworkMember, TeamInvitation


def _ended_before(now: datetime, days: int):
    return timezone.localdate(now) - timedelta(days=days)


def clean_up_network_invitations(now: datetime) -> int:
    before = now - timedelta(days=settings.RETENTION_INVITATION_DAYS)
    done = Q(accepted_at__lte=before) | Q(declined_at__lte=before) | Q(revoked_at__lte=before)
    deleted, _ = NetworkInvitation.objects.filter(done | Q(expires_at__lte=before)).delete()
    return deleted


def clean_up_reasons(now: datetime) -> int:
    return (
        TeamInvitation.objects.filter(
            status__in=[TeamInvitation.Status.DECLINED, TeamInvitation.Status.WITHDRAWN],
            assignment__ends_on__lt=_ended_before(now, settings.RETENTION_NETWORK_REASON_DAYS),
        )
        .exclude(response_note="")
        .update(response_note="")
    )


def clean_up_draft_evaluations(now: datetime) -> int:
    deleted, _ = Evaluation.objects.filter(
        submitted_at__isnull=True,
        assignment__ends_on__lt=_ended_before(now, settings.RETENTION_NETWORK_DRAFT_EVALUATION_DAYS),
    ).delete()
    return deleted


def clean_up_left_members(now: datetime) -> int:
    left = NetworkMember.objects.filter(left_at__lte=now - timedelta(days=settings.RETENTION_NETWORK_LEFT_MEMBER_DAYS))
    count = Availability.objects.filter(member__in=left).delete()[0]
    count += left.filter(Q(day_rate__isnull=False) | ~Q(rate_band="") | ~Q(home_pc4="")).update(
        day_rate=None, rate_band="", home_pc4=""
    )
    return count


register_retention("network invitations", clean_up_network_invitations)
register_retention("reasons of a no in a network", clean_up_reasons)
register_retention("draft evaluations in a network", clean_up_draft_evaluations)
register_retention("profiles of members who left a network", clean_up_left_members)
