"""A member's track record inside the network: what they took part in and how those assignments were
evaluated. Only assignments the team agreed or finished count, and only evaluations that were revealed
(a blind answer never shows, not even as part of an average)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from .models import Assignment, Evaluation, NetworkMember, TeamInvitation, TeamRole

LAST = 5


@dataclass(frozen=True)
class TrackRecordItem:
    assignment: Assignment
    days: int
    average_grade: Decimal | None


@dataclass(frozen=True)
class TrackRecord:
    assignments: int = 0
    days: int = 0
    evaluations: int = 0
    average_grade: Decimal | None = None
    since: date | None = None
    last: list[TrackRecordItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.assignments == 0


def _average(grades: list[int]) -> Decimal | None:
    if not grades:
        return None
    return (Decimal(sum(grades)) / len(grades)).quantize(Decimal("0.1"))


def track_record(member: NetworkMember) -> TrackRecord:
    invitations = list(
        TeamInvitation.objects.filter(
            member=member,
            status=TeamInvitation.Status.ACCEPTED,
            assignment__status__in=[Assignment.Status.AGREED, Assignment.Status.DONE],
        )
        .select_related("assignment")
        .order_by("-assignment__ends_on", "-assignment__pk")
    )
    if not invitations:
        return TrackRecord()
    days_by_invitation = dict(
        TeamRole.objects.filter(invitation__in=invitations)
        .values("invitation")
        .annotate(total=Sum("days"))
        .values_list("invitation", "total")
    )
    grades: dict[int, list[int]] = {}
    for assignment_id, grade in Evaluation.objects.filter(
        assignment__in=[i.assignment_id for i in invitations],
        assignment__evaluation_revealed_at__isnull=False,
        submitted_at__isnull=False,
        grade__isnull=False,
    ).values_list("assignment_id", "grade"):
        grades.setdefault(assignment_id, []).append(grade)
    all_grades = [g for values in grades.values() for g in values]
    items = [
        TrackRecordItem(i.assignment, days_by_invitation.get(i.pk, 0), _average(grades.get(i.assignment_id, [])))
        for i in invitations
    ]
    return TrackRecord(
        assignments=len(invitations),
        days=sum(item.days for item in items),
        evaluations=len(all_grades),
        average_grade=_average(all_grades),
        since=min(i.assignment.starts_on for i in invitations),
        last=items[:LAST],
    )
