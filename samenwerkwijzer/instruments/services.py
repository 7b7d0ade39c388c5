"""Writes of the instruments. Every change of a round goes through here.

Lock order, everywhere: the round row first, then answer sets. Submitting the last
answer set and revealing the round are one transaction on the locked round, so two
partners submitting at the same moment cannot both miss (or both do) the reveal.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.accounts.notifications import notify
from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.models import Collaboration, Participant
from samenwerkwijzer.collaborations.selectors import collaboration_members
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.lib.isolation import on_its_own
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.webhooks.events import ROUND_REVEALED, emit

from . import definitions, draft_merge, rules
from .models import AnswerChange, AnswerSet, Round

REMINDER_INTERVAL = timedelta(hours=12)
REASON_MAX_LENGTH = 1000


def _require_write(access: CollaborationAccess) -> None:
    if not access.can_write or access.organisation is None:
        raise PermissionDenied


def _require_lead(access: CollaborationAccess) -> None:
    if not access.is_lead or not access.can_write:
        raise PermissionDenied


def _lock_round(access: CollaborationAccess, round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk, collaboration=access.collaboration)


def _participating_organisation_ids(collaboration, round_: Round | None = None) -> set[int]:
    """The organisations taking part; an explorer only in its own match check (``round_.explorer``)."""
    rows = Participant.objects.filter(collaboration=collaboration).values_list("organisation_id", "role")
    explorer_id = round_.explorer_id if round_ is not None else None
    return {pk for pk, role in rows if role != Participant.Role.EXPLORER or pk == explorer_id}


@transaction.atomic
def round_open(*, access: CollaborationAccess, instrument_key: str) -> Round:
    """The lead opens a round; every organisation taking part now gets an empty answer set."""
    _require_lead(access)
    if instrument_key not in definitions.ROUND_INSTRUMENTS:
        raise ValidationError({"instrument": _("This instrument does not exist.")})
    instrument = definitions.get_instrument(instrument_key)
    # Serialise round numbers per collaboration.
    Collaboration.objects.select_for_update().get(pk=access.collaboration.pk)
    existing = Round.objects.filter(collaboration=access.collaboration, instrument=instrument_key, explorer=None)
    if existing.filter(revealed_at__isnull=True).exists():
        raise ValidationError({"__all__": _("A round of this instrument is still open. Finish it first.")})
    if existing.exists() and not instrument.repeatable:
        raise ValidationError({"__all__": _("This instrument is done once per collaboration.")})
    number = _next_number(access.collaboration, instrument_key)
    round_ = Round.objects.create(
        collaboration=access.collaboration,
        instrument=instrument_key,
        definition_version=instrument.version,
        number=number,
        opened_by=access.user,
    )
    AnswerSet.objects.bulk_create(
        AnswerSet(round=round_, organisation_id=organisation_id)
        for organisation_id in sorted(_participating_organisation_ids(access.collaboration))
    )
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="round_opened",
        instrument=instrument_key,
        round=number,
    )
    return round_


def _next_number(collaboration, instrument_key: str) -> int:
    """Explorers' match checks share the numbering (one number per instrument and collaboration)."""
    existing = Round.objects.filter(collaboration=collaboration, instrument=instrument_key)
    return (existing.order_by("-number").values_list("number", flat=True).first() or 0) + 1


@transaction.atomic
def explorer_round_open(*, explorer: Participant, actor) -> Round:
    """Open the explorer's own match check, between it and the lead and partners taking part now.

    It is revealed when all of them have submitted; the explorer takes part in no other round.
    """
    collaboration = Collaboration.objects.select_for_update().get(pk=explorer.collaboration_id)
    number = _next_number(collaboration, definitions.MATCHCHECK)
    round_ = Round.objects.create(
        collaboration=collaboration,
        instrument=definitions.MATCHCHECK,
        definition_version=definitions.get_instrument(definitions.MATCHCHECK).version,
        number=number,
        opened_by=actor,
        explorer=explorer.organisation,
    )
    AnswerSet.objects.bulk_create(
        AnswerSet(round=round_, organisation_id=organisation_id)
        for organisation_id in sorted(_participating_organisation_ids(collaboration, round_))
    )
    audit_record(
        collaboration=collaboration,
        actor=actor,
        organisation=explorer.organisation,
        action="round_opened",
        instrument=definitions.MATCHCHECK,
        round=number,
        explorer=explorer.organisation.name,
    )
    return round_


def _own_answer_set_locked(access: CollaborationAccess, round_: Round) -> AnswerSet:
    answer_set = AnswerSet.objects.select_for_update().filter(round=round_, organisation=access.organisation).first()
    if answer_set is None:
        raise ValidationError({"__all__": _("Your organisation does not take part in this round.")})
    return answer_set


def _store_answers(*, answer_set: AnswerSet, answers: dict, actor, now) -> list[str]:
    """Replace the answers and keep who changed what. Returns the changed item ids."""
    old = answer_set.answers or {}
    new = {key: value for key, value in answers.items() if not definitions.is_empty(value)}
    changed = sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))
    AnswerChange.objects.bulk_create(
        AnswerChange(
            answer_set=answer_set,
            user=actor,
            user_name=actor.display_name,
            item_id=key,
            old_value=old.get(key),
            new_value=new.get(key),
            changed_at=now,
        )
        for key in changed
    )
    answer_set.answers = new
    answer_set.updated_at = now
    answer_set.updated_by = actor
    return changed


def _answerable_set_locked(
    access: CollaborationAccess, round: Round, answers: dict, *, complete: bool
) -> tuple[Round, AnswerSet]:
    """The locked round and the organisation's answer set, once the answers may still change and
    the given ones are valid (all of them when ``complete``)."""
    _require_write(access)
    round_ = _lock_round(access, round)
    answer_set = _own_answer_set_locked(access, round_)
    if round_.is_revealed():
        raise ValidationError(
            {"__all__": _("This round has been revealed; its answers can no longer change. Start a new round.")}
        )
    if answer_set.is_submitted():
        raise ValidationError({"__all__": _("Your organisation has already submitted its answers.")})
    if errors := round_.definition.validate_answers(answers, complete=complete):
        raise ValidationError(errors)
    return round_, answer_set


@dataclass(frozen=True)
class DraftConflict:
    """A question this writer changed after a colleague had changed it: the colleague's answer stays."""

    item: definitions.Item
    answer: object
    changed_by: str
    changed_at: datetime | None


@dataclass(frozen=True)
class DraftSaved:
    answer_set: AnswerSet
    conflicts: list[DraftConflict]
    base: dict[str, str]  # the page's base from now on (draft_merge.py)


@transaction.atomic
def answers_save(*, access: CollaborationAccess, round: Round, answers: dict, base: dict | None = None) -> DraftSaved:
    """Save a draft of the organisation's shared answer set (any member, until it is submitted).

    With ``base`` (the fingerprints of the answers the writer's page was loaded with) an answer a
    colleague saved since then is never undone: see draft_merge.py. Without it the answers replace
    the draft as they are."""
    round_, answer_set = _answerable_set_locked(access, round, answers, complete=False)
    item_ids = [item.id for item in round_.definition.items]
    if base is None:
        merged = draft_merge.Merged(answers=answers, conflicts=[], base=draft_merge.fingerprints(answers, item_ids))
    else:
        merged = draft_merge.merge(stored=answer_set.answers or {}, posted=answers, base=base, item_ids=item_ids)
    if _store_answers(answer_set=answer_set, answers=merged.answers, actor=access.user, now=timezone.now()):
        answer_set.save(update_fields=["answers", "updated_at", "updated_by"])
    last_changes = {}
    for change in AnswerChange.objects.filter(answer_set=answer_set, item_id__in=merged.conflicts):
        last_changes.setdefault(change.item_id, change)  # newest first (the model's ordering)
    conflicts = []
    for item_id in merged.conflicts:
        # Every saved change has its row; a draft written otherwise (demo data) names nobody.
        change = last_changes.get(item_id)
        conflicts.append(
            DraftConflict(
                item=round_.definition.item(item_id),
                answer=answer_set.answers.get(item_id),
                changed_by=change.user_name if change else _("A colleague"),
                changed_at=change.changed_at if change else None,
            )
        )
    return DraftSaved(answer_set=answer_set, conflicts=conflicts, base=merged.base)


@transaction.atomic
def round_submit(*, access: CollaborationAccess, round: Round, answers: dict) -> bool:
    """Submit the organisation's answers. Reveals the round when this was the last one; returns whether it did."""
    round_, answer_set = _answerable_set_locked(access, round, answers, complete=True)
    now = timezone.now()
    _store_answers(answer_set=answer_set, answers=answers, actor=access.user, now=now)
    answer_set.submitted_at = now
    answer_set.submitted_by = access.user
    answer_set.save(update_fields=["answers", "updated_at", "updated_by", "submitted_at", "submitted_by"])
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="round_submitted",
        instrument=round_.instrument,
        round=round_.number,
    )
    return _reveal_if_complete(access=access, round_=round_, now=now)


def answers_fingerprint(answers: dict) -> str:
    """A short digest of stored answers: the check page sends it along, so what is submitted is
    exactly what was checked (a colleague of the same organisation may change the draft meanwhile)."""
    return hashlib.sha256(json.dumps(answers or {}, sort_keys=True).encode()).hexdigest()[:32]


@transaction.atomic
def round_submit_checked(*, access: CollaborationAccess, round: Round, fingerprint: str) -> bool:
    """Submit the saved draft the user has just checked on the check page ("check your answers").

    Refused when the draft changed after the check; otherwise as ``round_submit``.
    """
    _require_write(access)
    answer_set = _own_answer_set_locked(access, _lock_round(access, round))
    if answers_fingerprint(answer_set.answers) != fingerprint:
        raise ValidationError(
            {"__all__": _("The answers were changed after you checked them. Check them again before submitting.")}
        )
    return round_submit(access=access, round=round, answers=answer_set.answers or {})


def _expected_and_submitted(round_: Round) -> tuple[set[int], set[int]]:
    participating = _participating_organisation_ids(round_.collaboration_id, round_)
    rows = AnswerSet.objects.filter(round=round_).values_list("organisation_id", "submitted_at")
    expected = {organisation_id for organisation_id, _at in rows if organisation_id in participating}
    submitted = {organisation_id for organisation_id, at in rows if at is not None}
    return expected, submitted


def _announce_reveal(round_: Round) -> None:
    """Tell every member of the participating organisations that the answers can be compared now.

    The reveal never fails because of this: each notification is on its own (``notify``) and the
    mail leaves after commit; anything else that goes wrong here is logged and reported.
    """
    with on_its_own("Announcing a reveal", round=round_.pk, collaboration=round_.collaboration_id):
        link = site_url("instruments:round_detail", round_.collaboration_id, round_.pk)
        if round_.explorer_id is None:  # webhooks: what every member may see, never an answer
            emit(round_.collaboration, ROUND_REVEALED, {"instrument": round_.definition.title.nl, "instrument_key": round_.instrument, "round": round_.number, "revealed_at": round_.revealed_at.isoformat(), "url": link})  # fmt: skip
        users = collaboration_members(round_.collaboration, explorer_id=round_.explorer_id)
        context = {
            "collaboration": round_.collaboration,
            "instrument": round_.definition,
            "round": round_,
            "link": link,
        }
        for user in users:
            notify(user=user, kind="reveals", template="instruments/email/revealed", context=context)


def _reveal_if_complete(*, access: CollaborationAccess, round_: Round, now) -> bool:
    """Reveal the (locked) round when every organisation still taking part has submitted."""
    expected, submitted = _expected_and_submitted(round_)
    if not rules.reveal_eligible(expected, submitted):
        return False
    round_.revealed_at = now
    round_.save(update_fields=["revealed_at"])
    _announce_reveal(round_)
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="round_revealed",
        instrument=round_.instrument,
        round=round_.number,
    )
    return True


def rounds_reveal_after_departure(*, access: CollaborationAccess) -> list[Round]:
    """After an organisation left, reveal the open rounds in which everyone still taking part has
    submitted: the one they were waiting for is gone. Runs in the transaction of the departure."""
    now = timezone.now()
    rounds = Round.objects.select_for_update().filter(collaboration=access.collaboration, revealed_at__isnull=True)
    return [round_ for round_ in rounds if _reveal_if_complete(access=access, round_=round_, now=now)]


@transaction.atomic
def round_close_early(*, access: CollaborationAccess, round: Round, reason: str) -> Round:
    """The lead reveals the round before everyone submitted; the reason goes into the audit log."""
    _require_lead(access)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for closing the round early; all partners will see it.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason to at most %(limit)s characters.") % {"limit": REASON_MAX_LENGTH}}
        )
    round_ = _lock_round(access, round)
    if round_.is_revealed():
        raise ValidationError({"__all__": _("This round has already been revealed.")})
    expected, submitted = _expected_and_submitted(round_)
    missing = sorted(
        AnswerSet.objects.filter(round=round_, organisation_id__in=expected - submitted).values_list(
            "organisation__name", flat=True
        )
    )
    round_.revealed_at = timezone.now()
    round_.closed_early_by = access.user
    round_.closed_early_reason = reason
    round_.save(update_fields=["revealed_at", "closed_early_by", "closed_early_reason"])
    _announce_reveal(round_)
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="round_closed_early",
        instrument=round_.instrument,
        round=round_.number,
        reason=reason,
        not_submitted=missing,
    )
    return round_


@transaction.atomic
def round_remind(*, access: CollaborationAccess, round: Round, base_url: str) -> int:
    """Any participant mails the members of the organisations that have not submitted yet.

    The mail says which instrument is waiting, never what anyone answered. One reminder per
    round per ``REMINDER_INTERVAL``. Returns the number of people mailed.
    """
    _require_write(access)
    round_ = _lock_round(access, round)
    if round_.is_revealed():
        raise ValidationError({"__all__": _("This round has been revealed; nobody needs a reminder.")})
    now = timezone.now()
    if round_.reminded_at and now - round_.reminded_at < REMINDER_INTERVAL:
        raise ValidationError(
            {"__all__": _("A reminder was sent less than 12 hours ago. Give your partners some time.")}
        )
    expected, submitted = _expected_and_submitted(round_)
    waiting = expected - submitted
    recipients = list(
        get_user_model()
        .objects.filter(memberships__organisation_id__in=waiting, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("email")
    )
    if not recipients:
        # Whoever still has to answer has no active member to write to (a round in which everyone
        # answered is revealed at once, also when the last one left).
        raise ValidationError(
            {
                "__all__": _(
                    "There is nobody to remind: the organisations that still have to answer have no active members."
                )
            }
        )
    round_.reminded_at = now
    round_.save(update_fields=["reminded_at"])
    instrument = round_.definition
    link = base_url.rstrip("/") + reverse("instruments:round_detail", args=[access.collaboration.pk, round_.pk])
    context = {
        "collaboration": access.collaboration,
        "instrument": instrument,
        "round": round_,
        "link": link,
        "sender": access.user,
        "sender_organisation": access.organisation,
    }
    # In each recipient's language, by their e-mail preferences.
    for user in recipients:
        notify(user=user, kind="reminders", template="instruments/email/reminder", context=context)
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action="round_reminder_sent",
        instrument=round_.instrument,
        round=round_.number,
        organisations=sorted(
            AnswerSet.objects.filter(round=round_, organisation_id__in=waiting).values_list(
                "organisation__name", flat=True
            )
        ),
    )
    return len(recipients)


# The follow-up and the Zelfcheck live in their own modules; callers keep using ``services.<name>``.
from .services_follow_up import (  # noqa: E402, F401
    action_item_create,
    action_item_set_status,
    action_item_update,
    agenda_proposal_add,
    agenda_proposal_remove,
    conclusion_save,
    conclusion_seen,
    conclusions_save,
)
from .services_self_check import (  # noqa: E402, F401
    self_check_save,
    self_check_save_and_share,
    self_check_share,
    self_check_unshare,
)
