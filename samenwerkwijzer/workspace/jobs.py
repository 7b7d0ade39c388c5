"""Background work of a running collaboration, registered with ``core.jobs`` (see the end) and called
with the current time.

The evaluation rhythm (guide ch. 6): a Samenwerkingschecker round opens by itself at
the interval in the agreement, or the agreement form's default (every quarter) when the
partners agreed none (the guide names no interval); waiting partners are reminded, and
new pitfall warnings are mailed once; an action item that becomes overdue is announced once to
the collaboration's webhooks. Every job is idempotent.
"""

from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone, translation

from samenwerkwijzer.accounts.notifications import notify
from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.models import Collaboration, Participant, Phase
from samenwerkwijzer.collaborations.selectors import collaboration_members, phase_states
from samenwerkwijzer.core.jobs import register_job
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.models import ActionItem, AnswerSet, Round
from samenwerkwijzer.lib.isolation import on_its_own
from samenwerkwijzer.lib.mail import mail_key
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.webhooks.events import ACTION_ITEM_OVERDUE, PITFALL_FLAGGED, emit

from . import radar, selectors
from .models import FlagNotice
from .plan import overdue_actions
from .radar.collect import collaboration_evaluation
from .services import send_meeting_reminders

CHECKER = "samenwerkingschecker"
FIRST_REMINDER_AFTER = timedelta(days=7)
REMINDER_EVERY = timedelta(days=7)


def _lead_access(collaboration) -> CollaborationAccess | None:
    lead = Participant.objects.filter(collaboration=collaboration, role=Participant.Role.LEAD).first()
    if lead is None:
        return None
    # The scheduler acts on behalf of the lead organisation (no person: the audit log says "Samenwerkwijzer").
    return CollaborationAccess(collaboration, None, Participant.Role.LEAD, lead)


def _months_later(moment: datetime, months: int) -> datetime:
    day = radar.months_later(timezone.localdate(moment), months)
    return timezone.make_aware(datetime.combine(day, timezone.localtime(moment).time()))


def open_due_checker_rounds(*, now: datetime) -> int:
    """Open the next checker round in running collaborations whose interval has passed.

    Each collaboration on its own: one collaboration's bad data never stops another's round.
    """
    opened = 0
    # The phase that follows from what has happened (or a lead's later choice), not the stored one alone.
    active = list(Collaboration.objects.filter(archived_at__isnull=True))
    states = phase_states(active)
    running = [c for c in active if states[c.pk].current == Phase.EXECUTE]
    for collaboration in running:
        with on_its_own("Opening an evaluation round", collaboration=collaboration.pk):
            opened += _open_due_checker_round(collaboration, now=now)
    return opened


def _open_due_checker_round(collaboration: Collaboration, *, now: datetime) -> int:
    rounds = Round.objects.filter(collaboration=collaboration, instrument=CHECKER)
    if rounds.filter(revealed_at__isnull=True).exists():
        return 0
    last = rounds.order_by("-opened_at").values_list("opened_at", flat=True).first() or collaboration.created_at
    evaluation = collaboration_evaluation(collaboration)
    if now < _months_later(last, evaluation.months):
        return 0
    access = _lead_access(collaboration)
    if access is None:
        return 0
    round_ = instrument_services.round_open(access=access, instrument_key=CHECKER)
    link = site_url("instruments:round_detail", collaboration.pk, round_.pk)
    for user in collaboration_members(collaboration):
        notify(
            user=user,
            kind="reminders",
            template="workspace/email/round_opened",
            context={
                "collaboration": collaboration,
                "round": round_,
                "link": link,
                "rhythm": evaluation.source,
                "frequency": evaluation.label,
            },
            idempotency_key=mail_key("round-opened", round_.pk, user.pk),
        )
    return 1


def remind_open_rounds(*, now: datetime) -> int:
    """Remind the organisations that have not submitted a round that has been open a week (then weekly).

    Each round on its own: one that fails is logged and the others are still reminded.
    """
    reminded = 0
    open_rounds = Round.objects.filter(
        revealed_at__isnull=True, opened_at__lte=now - FIRST_REMINDER_AFTER, collaboration__archived_at__isnull=True
    ).select_related("collaboration")
    for round_ in open_rounds:
        with on_its_own("Round reminder", round=round_.pk, collaboration=round_.collaboration_id):
            reminded += _remind_open_round(round_, now=now)
    return reminded


def _remind_open_round(round_: Round, *, now: datetime) -> int:
    if round_.reminded_at and now - round_.reminded_at < REMINDER_EVERY:
        return 0
    waiting = set(
        AnswerSet.objects.filter(round=round_, submitted_at__isnull=True).values_list("organisation_id", flat=True)
    )
    if not waiting:
        return 0
    if not Round.objects.filter(pk=round_.pk, reminded_at=round_.reminded_at).update(reminded_at=now):
        return 0
    link = site_url("instruments:round_detail", round_.collaboration_id, round_.pk)
    for user in collaboration_members(round_.collaboration, organisation_ids=waiting, explorer_id=round_.explorer_id):
        notify(
            user=user,
            kind="reminders",
            template="workspace/email/round_reminder",
            context={"collaboration": round_.collaboration, "round": round_, "link": link},
            idempotency_key=mail_key("round-reminder", round_.pk, user.pk, timezone.localdate(now).isoformat()),
        )
    return 1


def notify_new_flags(*, now: datetime) -> int:
    """Mail the members about pitfall warnings they have not heard of (new or with new evidence).

    Each collaboration on its own: one that fails is logged and the others still get their warnings.
    """
    sent = 0
    today = timezone.localdate(now)
    for collaboration in Collaboration.objects.filter(archived_at__isnull=True):
        with on_its_own("Pitfall warnings", collaboration=collaboration.pk):
            sent += _notify_new_flags(collaboration, today=today)
    return sent


def _notify_new_flags(collaboration: Collaboration, *, today) -> int:
    fresh = set()
    for entry in selectors.radar_flags(collaboration, today=today):
        if entry.review is None:
            _notice, created = FlagNotice.objects.get_or_create(
                collaboration=collaboration, key=entry.flag.key, evidence_hash=entry.evidence_hash
            )
            if created:
                fresh.add(entry.evidence_hash)
    if not fresh:
        return 0
    link = site_url("workspace:radar", collaboration.pk)
    emit(
        collaboration,
        PITFALL_FLAGGED,
        {"new_flags": len(fresh), "url": link},
        key=mail_key(PITFALL_FLAGGED, collaboration.pk, *sorted(fresh)),
    )
    flags_by_language = {}
    for user in collaboration_members(collaboration):
        if user.language not in flags_by_language:
            # The warnings are worded in each recipient's own language.
            with translation.override(user.language):
                flags_by_language[user.language] = [
                    e.flag for e in selectors.radar_flags(collaboration, today=today) if e.evidence_hash in fresh
                ]
        notify(
            user=user,
            kind="flags",
            template="workspace/email/flags",
            context={"collaboration": collaboration, "flags": flags_by_language[user.language], "link": link},
            idempotency_key=mail_key("flags", collaboration.pk, user.pk, *sorted(fresh)),
        )
    return len(fresh)


def announce_overdue_actions(*, now: datetime) -> int:
    """Announce ``action_item.overdue`` once per overdue action item (the work plan's rule).

    An item counts as announced for the due date it had: announced on a day after that date. A
    due date moved later that passes in turn is announced again; an unchanged date is not, also
    not after the item was marked done and opened again. Items of collaborations without a
    subscribed endpoint are marked too, so an endpoint added later does not get a burst of old
    items. Archived collaborations: nothing. Each collaboration on its own.
    """
    today = timezone.localdate(now)
    due = overdue_actions(ActionItem.objects.filter(collaboration__archived_at__isnull=True), today=today).filter(
        Q(overdue_announced_at__isnull=True) | Q(overdue_announced_at__date__lte=F("due_date"))
    )
    announced = 0
    for collaboration in Collaboration.objects.filter(pk__in=due.values("collaboration_id")):
        with on_its_own("Overdue action items", collaboration=collaboration.pk):
            announced += _announce_overdue_actions(collaboration, due.filter(collaboration=collaboration), now=now)
    return announced


def _announce_overdue_actions(collaboration: Collaboration, items, *, now: datetime) -> int:
    link = site_url("workspace:plan", collaboration.pk)
    announced = 0
    for item in items.select_related("owner_organisation").order_by("due_date", "pk"):
        # Claim the item: a second run at the same time announces it not again.
        claimed = ActionItem.objects.filter(pk=item.pk, overdue_announced_at=item.overdue_announced_at).update(
            overdue_announced_at=now
        )
        if not claimed:
            continue
        with translation.override("nl"):
            status_label = str(ActionItem.Status(item.status).label)
        # What the work plan shows every member (no person: the owner organisation only).
        data = {
            "description": item.description,
            "due_date": item.due_date.isoformat(),
            "owner_organisation": item.owner_organisation.name,
            "status": item.status,
            "status_label": status_label,
            "url": link,
        }
        emit(
            collaboration, ACTION_ITEM_OVERDUE, data, key=f"{ACTION_ITEM_OVERDUE}:{item.pk}:{item.due_date.isoformat()}"
        )
        announced += 1
    return announced


# Run by ``manage.py run_scheduled_jobs`` in this order among every app's jobs (core/jobs.py).
register_job("evaluation rounds opened", open_due_checker_rounds, order=10)
register_job("round reminders", remind_open_rounds, order=20)
register_job("meeting reminders", send_meeting_reminders, order=30)
register_job("pitfall warnings", notify_new_flags, order=40)
register_job("overdue action items announced", announce_overdue_actions, order=50)
