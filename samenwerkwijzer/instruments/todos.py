"""The instruments' to-dos (see collaborations.todos and docs/todos.md)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.selectors import collaboration_counts as organisation_counts
from samenwerkwijzer.collaborations.signals import todos_requested
from samenwerkwijzer.collaborations.todos import COLLABORATION, ORGANISATION, Todo

from . import definitions
from .request_reads import rounds_by_collaboration, self_check_sharers_by_collaboration, submissions_by_collaboration


def collaboration_counts(accesses) -> dict[int, tuple[int, int]]:
    """Per collaboration: its number of organisations and of started rounds of the ten basic
    questions. Two queries, shared through the request memo."""
    ids = [a.collaboration.pk for a in accesses]
    organisations = organisation_counts(ids)
    rounds = rounds_by_collaboration(ids)
    return {
        pk: (organisations[pk].participants, sum(1 for r in rounds[pk] if r.instrument == definitions.TIEN_BASISVRAGEN))
        for pk in ids
    }


def round_start_todos(accesses, counts: dict[int, tuple[int, int]]) -> list:
    """The lead: once a partner has joined, start the ten basic questions (the guide's first
    conversation), until a round of them has been started."""
    ids = sorted(a.collaboration.pk for a in accesses if a.is_lead)
    return [
        (
            pk,
            Todo(
                "instruments.round_start",
                _("Start the ten basic questions"),
                reverse("instruments:round_open", args=[pk, definitions.TIEN_BASISVRAGEN]),
                _("Start"),
                hint=_("Each organisation answers unseen by the other; then you compare and talk them through."),
                urgency=25,
                scope=COLLABORATION,
                lead_only=True,
            ),
        )
        for pk in ids
        if counts[pk][0] >= 2 and not counts[pk][1]
    ]


def contribute(sender, *, accesses, **kwargs) -> list:
    """Start the ten basic questions (the lead); answer an open round your organisation has not
    submitted; share your self-check. Five queries, shared through the request memo."""
    if not accesses:
        return []
    counts = collaboration_counts(accesses)
    todos = round_start_todos(accesses, counts)
    acting = {a.collaboration.pk: a.organisation.pk for a in accesses if a.organisation is not None}
    if not acting:
        return todos
    rounds = {r.pk: r for rows in rounds_by_collaboration(list(acting)).values() for r in rows if r.revealed_at is None}
    status: dict[int, list] = {}
    for submissions in submissions_by_collaboration(list(acting)).values():
        for round_id, rows in submissions.items():
            if round_id in rounds:
                status[round_id] = [(row["organisation_id"], row["submitted"]) for row in rows]
    for round_id, rows in status.items():
        round_ = rounds[round_id]
        own = acting[round_.collaboration_id]
        if (own, False) not in rows:
            continue
        done = sum(submitted for _org, submitted in rows)
        todos.append(
            (
                round_.collaboration_id,
                Todo(
                    "instruments.round_answer",
                    _("Answer %(instrument)s") % {"instrument": round_.definition.title},
                    reverse("instruments:round_detail", args=[round_.collaboration_id, round_.pk]),
                    _("Fill in now"),
                    hint=_("%(done)s of %(total)s organisations done") % {"done": done, "total": len(rows)},
                    urgency=20,
                    scope=ORGANISATION,
                ),
            )
        )
    sharers = self_check_sharers_by_collaboration(list(acting))
    for collaboration_id, organisation_id in acting.items():
        if organisation_id in sharers[collaboration_id]:
            continue
        done = len(sharers[collaboration_id])
        todos.append(
            (
                collaboration_id,
                Todo(
                    "instruments.self_check_share",
                    _("Share your self-check"),
                    reverse("instruments:self_check_shares", args=[collaboration_id]),
                    _("Share your self-check"),
                    hint=_("%(done)s of %(total)s organisations shared")
                    % {"done": done, "total": counts[collaboration_id][0]},
                    urgency=30,
                    scope=ORGANISATION,
                ),
            )
        )
    return todos


todos_requested.connect(contribute, dispatch_uid="instruments_todos")
