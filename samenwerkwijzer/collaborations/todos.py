""" "Te doen": each person's to-dos, derived from the data on every request (never stored).

The foundation defines what a to-do is and asks the domains for theirs through the
``todos_requested`` signal (see ``signals.py``); each domain answers in its own ``todos.py``. The
role rules are applied here, once, whatever a domain returns: observers read along and get no to-do
that needs an organisation; partners get no lead-only to-do; an archived collaboration has none.
Every rule is listed in docs/todos.md.
"""

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.lib.request_memo import request_memo
from samenwerkwijzer.organisations.models import Membership

from .access import CollaborationAccess
from .models import Collaboration, Invitation, Observer, Participant
from .selectors import collaboration_counts
from .signals import todos_requested

PERSON, ORGANISATION, COLLABORATION = "person", "organisation", "collaboration"

# After this many days an open invitation is worth a nudge.
INVITATION_NUDGE_DAYS = 7


@dataclass(frozen=True)
class Todo:
    rule: str  # e.g. "instruments.round_answer"; listed in docs/todos.md
    title: str
    url: str
    button: str  # the label of its one primary button
    hint: str = ""  # e.g. "1 of 2 organisations done"
    urgency: int = 50  # lower comes first
    scope: str = ORGANISATION  # for whom it is: the person, their organisation or the collaboration
    lead_only: bool = False
    collaboration: Collaboration | None = None  # filled in by the foundation

    @property
    def needs_organisation(self) -> bool:
        return self.scope != PERSON


# An explorer (verkenner) acts on nothing but its own match check.
EXPLORER_RULES = frozenset({"instruments.round_answer"})


def allowed(access: CollaborationAccess, todo: Todo) -> bool:
    """The role rules: what a person in this role can act on."""
    if access.collaboration.is_archived:
        return False
    if access.is_explorer and todo.rule not in EXPLORER_RULES:
        return False
    if todo.needs_organisation and (access.is_observer or access.must_choose):
        return False
    return not (todo.lead_only and not access.is_lead)


def todos_for_accesses(accesses: list[CollaborationAccess]) -> dict[int, list[Todo]]:
    """The to-dos per collaboration of one person, most urgent first. A fixed number of queries."""
    accesses = list(accesses)
    by_id = {a.collaboration.pk: a for a in accesses}
    result: dict[int, list[Todo]] = {pk: [] for pk in by_id}
    if not accesses:
        return result
    with request_memo():  # what several domains read (e.g. how many organisations take part) is read once
        answers = [collaboration_todos(accesses)]
        answers += [response for _receiver, response in todos_requested.send(sender=Collaboration, accesses=accesses)]
    for answer in answers:
        for collaboration_id, todo in answer:
            access = by_id.get(collaboration_id)
            if access is not None and allowed(access, todo):
                result[collaboration_id].append(replace(todo, collaboration=access.collaboration))
    for todos in result.values():
        todos.sort(key=lambda t: (t.urgency, t.title))
    return result


def todos_for_access(access: CollaborationAccess) -> list[Todo]:
    return todos_for_accesses([access])[access.collaboration.pk]


# --- The collaboration's own rules --------------------------------------------------


def collaboration_todos(accesses) -> list[tuple[int, Todo]]:
    """Lead: invite a partner while the collaboration has one organisation and no open invitation;
    nudge about an invitation open for a long time. Lead and partners: decide on admitting an
    explorer. Two queries (four when there are explorers); the counts are shared through the request memo."""
    now = timezone.now()
    todos = explorer_decision_todos(accesses)
    ids = [a.collaboration.pk for a in accesses if a.is_lead]
    if not ids:
        return todos
    counts = collaboration_counts(ids)
    open_invitations = list(
        Invitation.objects.filter(
            collaboration_id__in=ids, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).values_list("collaboration_id", "created_at", "email")
    )
    for pk in ids:
        url = reverse("collaborations:invite", args=[pk])
        own_open = [(created, email) for c, created, email in open_invitations if c == pk]
        if counts[pk].participants < 2 and not own_open:
            todos.append(
                (
                    pk,
                    Todo(
                        "collaborations.invite_partner",
                        _("Invite your partner"),
                        url,
                        _("Invite a partner"),
                        hint=_("A collaboration needs at least two organisations."),
                        urgency=10,
                        scope=COLLABORATION,
                        lead_only=True,
                    ),
                )
            )
        for created, email in own_open:
            if (now - created).days >= INVITATION_NUDGE_DAYS:
                todos.append(
                    (
                        pk,
                        Todo(
                            "collaborations.invitation_waiting",
                            _("The invitation to %(email)s has not been accepted yet") % {"email": email},
                            reverse("collaborations:participants", args=[pk]),
                            _("View invitations"),
                            hint=_("Open for %(days)s days; send it again or call.") % {"days": (now - created).days},
                            urgency=60,
                            scope=COLLABORATION,
                            lead_only=True,
                        ),
                    )
                )
    return todos


def explorer_decision_todos(accesses) -> list[tuple[int, Todo]]:
    """Every lead and partner organisation decides whether an explorer is admitted as partner. The
    request memo's counts, and two queries when there are explorers."""
    acting = {a.collaboration.pk: a.organisation.pk for a in accesses if a.is_partner_side}
    if not acting:
        return []
    counts = collaboration_counts(list(acting))  # shared through the request memo
    exploring = [pk for pk in acting if counts[pk].explorers]
    if not exploring:
        return []
    explorers = (
        Participant.objects.filter(collaboration_id__in=exploring, role=Participant.Role.EXPLORER)
        .select_related("organisation")
        .prefetch_related("explorer_decisions")
    )
    todos = []
    for explorer in explorers:
        own = acting[explorer.collaboration_id]
        if any(d.organisation_id == own for d in explorer.explorer_decisions.all()):
            continue
        todos.append(
            (
                explorer.collaboration_id,
                Todo(
                    "collaborations.explorer_decide",
                    _("Decide whether %(organisation)s becomes a partner")
                    % {"organisation": explorer.organisation.name},
                    reverse("collaborations:explorer_decide", args=[explorer.collaboration_id, explorer.pk]),
                    _("Decide"),
                    hint=_("It is exploring; it joins only when every partner organisation agrees."),
                    urgency=30,
                    scope=ORGANISATION,
                ),
            )
        )
    return todos


# --- Across collaborations, for the overview and the digest ----------------------------


def accesses_for_user(user, *, preferred_organisation_id: int | None = None) -> list[CollaborationAccess]:
    """The user's access to every collaboration they take part in, in two queries (the same answers as
    ``access.get_collaboration_for_user`` gives one by one)."""
    participants: dict[int, list[Participant]] = {}
    for participant in (
        Participant.objects.filter(organisation__memberships__user=user)
        .select_related("collaboration", "organisation")
        .order_by("organisation__name")
    ):
        participants.setdefault(participant.collaboration_id, []).append(participant)
    accesses = []
    for own in participants.values():
        chosen = next((p for p in own if p.organisation_id == preferred_organisation_id), None)
        choices = tuple(p.organisation for p in own) if len(own) > 1 else ()
        participant = chosen or own[0]
        must_choose = chosen is None and len(own) > 1
        accesses.append(
            CollaborationAccess(
                participant.collaboration, user, participant.role, participant, choices, must_choose=must_choose
            )
        )
    for observer in (
        Observer.objects.filter(user=user)
        .exclude(collaboration_id__in=list(participants))
        .select_related("collaboration")
    ):
        accesses.append(CollaborationAccess(observer.collaboration, user, CollaborationAccess.OBSERVER, None))
    return sorted(accesses, key=lambda a: a.collaboration.name)


def personal_todos(user, collaboration_todos_found: list[Todo]) -> list[Todo]:
    """To-dos without a collaboration: an organisation to add, a second factor to set up."""
    from allauth.mfa.models import Authenticator

    todos = []
    memberships = list(Membership.objects.filter(user=user).values_list("is_authorised_signatory", flat=True))
    observes = Observer.objects.filter(user=user).exists()
    if not memberships and not observes:
        todos.append(
            Todo(
                "accounts.add_organisation",
                _("Add your organisation"),
                reverse("organisations:create"),
                _("Add organisation"),
                hint=_("Collaborations are between organisations."),
                urgency=5,
                scope=PERSON,
            )
        )
    already = any(t.rule == "agreements.second_factor" for t in collaboration_todos_found)
    if any(memberships) and not already and not Authenticator.objects.filter(user=user).exists():
        todos.append(
            Todo(
                "accounts.second_factor",
                _("Set up two-factor authentication"),
                reverse("mfa_index"),
                _("Set up"),
                hint=_("You are an authorised signatory; signing asks for two-factor authentication."),
                urgency=40,
                scope=PERSON,
            )
        )
    return todos


def todos_for_user(user, *, preferred_organisation_id: int | None = None) -> list[Todo]:
    """All of a person's to-dos: per collaboration and personal, most urgent first. A to-do that
    several collaborations give alike (e.g. verify your organisation) is listed once."""
    accesses = accesses_for_user(user, preferred_organisation_id=preferred_organisation_id)
    found = [todo for todos in todos_for_accesses(accesses).values() for todo in todos]
    seen, unique = set(), []
    for todo in found:
        key = (todo.rule, todo.url) if todo.scope != COLLABORATION else (todo.rule, todo.url, todo.collaboration.pk)
        if key not in seen:
            seen.add(key)
            unique.append(todo)
    result = personal_todos(user, unique) + unique
    result.sort(key=lambda t: t.urgency)
    return result


def todo_counts_by_collaboration(todos: list[Todo]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for todo in todos:
        if todo.collaboration is not None:
            counts[todo.collaboration.pk] = counts.get(todo.collaboration.pk, 0) + 1
    return counts
