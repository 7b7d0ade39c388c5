"""The instruments' to-dos (see collaborations.todos and docs/todos.md)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.collaborations.signals import todos_requested
from samenwerkwijzer.collaborations.todos import COLLABORATION, ORGANISATION, Todo

from . import definitions
from .models import AnswerSet, Round, SelfCheckShare


def collaboration_counts(accesses) -> dict[int, tuple[int, int]]:
    """Per collaboration: its number of organisations and of started rounds of the ten basic
    questions. One query."""
    rows = (
        Collaboration.objects.filter(pk__in=[a.collaboration.pk for a in accesses])
        .annotate(
            n=Count("participants", distinct=True),
            started=Count(
                "instrument_rounds",
                filter=Q(instrument_rounds__instrument=definitions.TIEN_BASISVRAGEN),
                distinct=True,
            ),
        )
        .values_list("pk", "n", "started")
    )
    return {pk: (n, started) for pk, n, started in rows}


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
    submitted; share your self-check. Four queries."""
    if not accesses:
        return []
    counts = collaboration_counts(accesses)
    todos = round_start_todos(accesses, counts)
    acting = {a.collaboration.pk: a.organisation.pk for a in accesses if a.organisation is not None}
    if not acting:
        return todos
    rounds = {r.pk: r for r in Round.objects.filter(collaboration_id__in=list(acting), revealed_at__isnull=True)}
    answer_sets = AnswerSet.objects.filter(round_id__in=list(rounds)).values_list(
        "round_id", "organisation_id", "submitted_at"
    )
    status: dict[int, list] = {}
    for round_id, organisation_id, submitted_at in answer_sets:
        status.setdefault(round_id, []).append((organisation_id, submitted_at is not None))
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
    shared = set(
        SelfCheckShare.objects.filter(collaboration_id__in=list(acting)).values_list(
            "collaboration_id", "organisation_id"
        )
    )
    for collaboration_id, organisation_id in acting.items():
        if (collaboration_id, organisation_id) in shared:
            continue
        done = sum(1 for c, _o in shared if c == collaboration_id)
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
