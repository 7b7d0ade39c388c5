"""Meetings, their agendas and minutes, decisions that become action items, and reminders."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.accounts.notifications import notify
from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.selectors import collaboration_members
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.instruments.models import ActionItem, AgendaProposal
from samenwerkwijzer.lib import dates, formatting
from samenwerkwijzer.lib.ics import meeting_invite
from samenwerkwijzer.lib.isolation import on_its_own
from samenwerkwijzer.lib.mail import mail_key
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.webhooks.events import MEETING_PLANNED, emit

from .models import AgendaItem, Meeting

REMINDER_BEFORE = timedelta(hours=24)


def _require_write(access: CollaborationAccess) -> None:
    if not access.can_write:
        raise PermissionDenied


def _statement_label(proposal: AgendaProposal) -> str:
    item = proposal.round.definition.item(proposal.item_id)
    label = str(item.label) if item is not None else proposal.item_id
    return _("Difference in round %(number)s: %(statement)s") % {"number": proposal.round.number, "statement": label}


def proposed_agenda(*, collaboration, before: date) -> list[dict]:
    """What goes on the next agenda by itself: differences marked "bespreken" that no agenda
    holds yet, and open action items due before the meeting (overdue ones first)."""
    items = []
    proposals = (
        AgendaProposal.objects.filter(collaboration=collaboration, agenda_items__isnull=True)
        .select_related("round")
        .order_by("created_at")
    )
    for proposal in proposals:
        items.append({"kind": AgendaItem.Kind.DIVERGENCE, "title": _statement_label(proposal), "proposal": proposal})
    actions = ActionItem.objects.filter(
        collaboration=collaboration, status=ActionItem.Status.OPEN, due_date__lte=before
    ).select_related("owner_organisation")
    for action in actions.order_by("due_date", "id"):
        title = _("Action: %(action)s (%(owner)s, due %(due)s)") % {
            "action": action.description[:150],
            "owner": action.owner_organisation.name,
            "due": formatting.format_date(action.due_date),
        }
        items.append({"kind": AgendaItem.Kind.ACTION, "title": title, "action_item": action})
    return items


def _validate_start(starts_at: datetime, *, now: datetime) -> None:
    if starts_at < now:
        raise ValidationError({"starts_at": _("A new meeting cannot start in the past.")})


@transaction.atomic
def meeting_create(
    *,
    access: CollaborationAccess,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    location: str,
    online_link: str,
    free_items: list[str],
    now: datetime | None = None,
) -> Meeting:
    _require_write(access)
    _validate_start(starts_at, now=now or timezone.now())
    meeting = Meeting.objects.create(
        collaboration=access.collaboration,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        online_link=online_link,
        created_by=access.user,
    )
    entries = proposed_agenda(collaboration=access.collaboration, before=timezone.localdate(starts_at))
    entries += [{"kind": AgendaItem.Kind.FREE, "title": text} for text in free_items if text.strip()]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, **entry) for position, entry in enumerate(entries, start=1)
    )
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="meeting_planned",
        title=title,
        starts_at=starts_at.isoformat(),
    )
    emit(access.collaboration, MEETING_PLANNED, {"title": title, "starts_at": starts_at.isoformat(), "url": site_url("workspace:meeting_detail", access.collaboration.pk, meeting.pk)})  # fmt: skip
    return meeting


@transaction.atomic
def meeting_update(*, access: CollaborationAccess, meeting: Meeting, base_version: int, changes: dict) -> Meeting:
    """Save an edit made from ``base_version``; a newer save in between is a conflict, never overwritten."""
    _require_write(access)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk, collaboration=access.collaboration)
    if locked.version != base_version:
        raise ValidationError(
            {
                "__all__": _(
                    "Someone else changed this meeting while you were editing. Check the new details and try again."
                )
            }
        )
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.version = F("version") + 1
    locked.reminder_sent_at = None if "starts_at" in changes else locked.reminder_sent_at
    locked.save(update_fields=[*changes, "version", "reminder_sent_at"])
    locked.refresh_from_db()
    return locked


@transaction.atomic
def agenda_item_add(*, access: CollaborationAccess, meeting: Meeting, title: str) -> AgendaItem:
    _require_write(access)
    if not title.strip():
        raise ValidationError({"title": _("Enter a subject.")})
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    return AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title.strip())


@transaction.atomic
def minutes_save(*, access: CollaborationAccess, meeting: Meeting, minutes: dict[int, str]) -> list[AgendaItem]:
    """Save the minutes of several agenda items of one meeting at once, all or nothing.

    ``minutes`` maps an agenda item's pk to its new text; only the boxes a writer changed are passed,
    and an item whose text is already that text is left alone (pks of other meetings are ignored).
    Returns the items that changed."""
    _require_write(access)
    items = AgendaItem.objects.select_for_update().filter(
        meeting=meeting, meeting__collaboration=access.collaboration, pk__in=list(minutes)
    )
    changed = []
    for item in items:
        if item.minutes != minutes[item.pk]:
            item.minutes = minutes[item.pk]
            item.save(update_fields=["minutes"])
            changed.append(item)
    return changed


@transaction.atomic
def decision_add(
    *,
    access: CollaborationAccess,
    item: AgendaItem,
    description: str,
    owner_organisation: Organisation,
    due_date: date | None,
    today: date | None = None,
) -> ActionItem:
    """A decision on an agenda item becomes an action item of the collaboration."""
    _require_write(access)
    if not access.collaboration.participants.exclude(role="explorer").filter(organisation=owner_organisation).exists():
        raise ValidationError({"owner_organisation": _("Choose an organisation that takes part.")})
    if not dates.is_planned_date_allowed(due_date, today=today):  # the one date rule (lib/dates.py)
        raise ValidationError({"due_date": dates.PAST_DATE_MESSAGE})
    action = ActionItem.objects.create(
        collaboration=access.collaboration,
        description=description,
        owner_organisation=owner_organisation,
        due_date=due_date,
        source=f"meeting:{item.meeting_id}:{item.pk}",
        created_by=access.user,
    )
    return action


def meeting_ics(meeting: Meeting) -> bytes:
    link = site_url("workspace:meeting_detail", meeting.collaboration_id, meeting.pk)
    description = "\n".join(
        [*(f"{i}. {item.title}" for i, item in enumerate(meeting.agenda_items.all(), start=1)), "", link]
    )
    location = ", ".join(part for part in (meeting.location, meeting.online_link) if part)
    return meeting_invite(
        uid=f"meeting-{meeting.pk}@samenwerkwijzer",
        sequence=meeting.version,
        title=f"{meeting.collaboration.name}: {meeting.title}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=location,
        description=description,
        organiser_email=settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"),
        attendees=list(collaboration_members(meeting.collaboration).values_list("email", flat=True)),
        stamp=timezone.now(),
    )


def _mail_members(meeting: Meeting, template: str) -> int:
    ics = meeting_ics(meeting)
    link = site_url("workspace:meeting_detail", meeting.collaboration_id, meeting.pk)
    count = 0
    for user in collaboration_members(meeting.collaboration):
        notify(
            user=user,
            kind="meetings",
            template=template,
            context={"meeting": meeting, "link": link},
            attachments=[("uitnodiging.ics", ics, "text/calendar")],
            # The scheduled reminder goes once per start time (a moved meeting is reminded again);
            # invitations the lead sends again go again.
            idempotency_key=mail_key("meeting-reminder", meeting.pk, user.pk, meeting.starts_at.isoformat())
            if template == "workspace/email/meeting_reminder"
            else None,
        )
        count += 1
    return count


@transaction.atomic
def meeting_send_invites(*, access: CollaborationAccess, meeting: Meeting) -> int:
    _require_write(access)
    if meeting.is_past():
        raise ValidationError({"__all__": _("This meeting has already taken place.")})
    return _mail_members(meeting, "workspace/email/meeting_invite")


def send_meeting_reminders(*, now: datetime) -> int:
    """Remind the members of every collaboration of a meeting that starts within a day (once)."""
    due = Meeting.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
        reminder_sent_at__isnull=True,
        collaboration__archived_at__isnull=True,
    ).select_related("collaboration")
    sent = 0
    for meeting in due:
        # Each meeting on its own: one that fails is logged (and reported) and the others are still reminded.
        with on_its_own("Meeting reminder", meeting=meeting.pk, collaboration=meeting.collaboration_id):
            claimed = Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if claimed:
                _mail_members(meeting, "workspace/email/meeting_reminder")
                sent += 1
    return sent


@transaction.atomic
def flag_mark_discussed(*, access: CollaborationAccess, key: str, evidence_hash: str, note: str) -> None:
    _require_write(access)
    from .models import FlagReview

    FlagReview.objects.get_or_create(
        collaboration=access.collaboration,
        key=key,
        evidence_hash=evidence_hash,
        defaults={"note": note, "discussed_by": access.user},
    )
