"""The blind rule, in one place.

Every read of instrument answers — pages, exports, the API, e-mails — goes through
``visible_answer_sets``. Before a round is revealed it returns only the caller's own
organisation's answer set (observers and outsiders get nothing); after the reveal it
returns every *submitted* answer set. Drafts of an organisation that never submitted
stay private, also after the lead closed the round early.

Sub-objects are always fetched from a ``CollaborationAccess`` (which already answered
404 to outsiders), so a round of another collaboration is "not found" alike.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.http import Http404

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.organisations.access import get_membership_for_user
from samenwerkwijzer.organisations.models import Membership

from . import definitions
from .models import ActionItem, AgendaProposal, AnswerChange, AnswerSet, Round, SelfCheck, SelfCheckShare


def get_round_for_access(access: CollaborationAccess, round_pk) -> Round:
    round_ = Round.objects.filter(collaboration=access.collaboration, pk=round_pk).first()
    if round_ is None:
        raise Http404
    if access.is_explorer and round_.explorer_id != access.organisation.pk:
        raise Http404  # an explorer reaches its own match check only
    try:
        round_.definition  # noqa: B018 - a round whose definition is gone cannot be shown
    except LookupError as error:
        raise Http404 from error
    return round_


def visible_answer_sets(access: CollaborationAccess, rounds: Round | Iterable[Round]) -> dict[int, list[AnswerSet]]:
    """The answer sets of the given rounds that this user may read, per round id (one query)."""
    rounds = [rounds] if isinstance(rounds, Round) else list(rounds)
    result: dict[int, list[AnswerSet]] = {r.pk: [] for r in rounds}
    if any(r.collaboration_id != access.collaboration.pk for r in rounds):
        raise Http404
    revealed = [r.pk for r in rounds if r.is_revealed()]
    hidden = [r.pk for r in rounds if not r.is_revealed()]
    condition = Q(round_id__in=revealed, submitted_at__isnull=False)
    if hidden and access.organisation is not None:
        condition |= Q(round_id__in=hidden, organisation=access.organisation)
    if not revealed and (not hidden or access.organisation is None):
        return result
    for answer_set in AnswerSet.objects.filter(condition).select_related("organisation").order_by("organisation__name"):
        result[answer_set.round_id].append(answer_set)
    return result


def revealed_reader(collaboration) -> CollaborationAccess:
    """An access that sees only what is revealed to the whole collaboration (like an observer).

    For code that works on behalf of the collaboration rather than one user (documents,
    exports, scheduled jobs); with it ``visible_answer_sets`` never returns a hidden answer.
    """
    return CollaborationAccess(collaboration, None, CollaborationAccess.OBSERVER, None)


def own_answer_set(access: CollaborationAccess, round_: Round) -> AnswerSet | None:
    """The caller's own organisation's answer set in the round, if it takes part."""
    if access.organisation is None:
        return None
    return next(
        (a for a in visible_answer_sets(access, round_)[round_.pk] if a.organisation_id == access.organisation.pk),
        None,
    )


def submission_status(rounds: Iterable[Round]) -> dict[int, list[dict]]:
    """Who has submitted in each round — never what. Safe for every reader of the collaboration."""
    status: dict[int, list[dict]] = {r.pk: [] for r in rounds}
    rows = (
        AnswerSet.objects.filter(round_id__in=list(status))
        .order_by("organisation__name")
        .values("round_id", "organisation_id", "organisation__name", "submitted_at")
    )
    for row in rows:
        status[row["round_id"]].append(
            {
                "organisation_id": row["organisation_id"],
                "organisation_name": row["organisation__name"],
                "submitted": row["submitted_at"] is not None,
                "submitted_at": row["submitted_at"],
            }
        )
    return status


def answer_changes_for(access: CollaborationAccess, round_: Round) -> list[AnswerChange]:
    """The change history of the caller's own answer set; nobody else's, ever."""
    if access.organisation is None:
        return []
    return list(
        AnswerChange.objects.filter(answer_set__round=round_, answer_set__organisation=access.organisation)
        .select_related("answer_set")
        .order_by("-changed_at", "-id")
    )


def get_action_item_for_access(access: CollaborationAccess, action_pk) -> ActionItem:
    action = ActionItem.objects.filter(collaboration=access.collaboration, pk=action_pk).first()
    if action is None:
        raise Http404
    return action


def get_agenda_proposal_for_access(access: CollaborationAccess, proposal_pk) -> AgendaProposal:
    proposal = AgendaProposal.objects.filter(collaboration=access.collaboration, pk=proposal_pk).first()
    if proposal is None:
        raise Http404
    return proposal


def get_self_check_membership(user, organisation_pk) -> Membership:
    """Members of the organisation reach its Zelfcheck; everyone else gets 404."""
    return get_membership_for_user(user, organisation_pk)


def self_check_of(organisation_id: int | None) -> SelfCheck | None:
    """The Zelfcheck of an organisation; call only with the organisation of a membership or an access."""
    if organisation_id is None:
        return None
    return SelfCheck.objects.filter(organisation_id=organisation_id).first()


def self_check_shares_for(access: CollaborationAccess) -> list[SelfCheckShare]:
    """Zelfcheck snapshots shared with this collaboration, of organisations that still take part."""
    return list(
        SelfCheckShare.objects.filter(
            collaboration=access.collaboration, organisation__participations__collaboration=access.collaboration
        ).select_related("organisation", "shared_by")
    )


def instrument_or_404(key: str) -> definitions.Instrument:
    if key not in definitions.ROUND_INSTRUMENTS:
        raise Http404
    return definitions.get_instrument(key)
