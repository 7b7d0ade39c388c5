"""The one choke point for every collaboration-scoped read and write.

Views, API endpoints, exports and commands reach a collaboration only through
``get_collaboration_for_user``. Someone outside the collaboration gets 404, the
same answer as for a collaboration that does not exist; an observer (or a
partner asking for a lead-only action) gets 403 and nothing changes.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samenwerkwijzer.organisations.access import current_organisation_id
from samenwerkwijzer.organisations.models import Organisation

from .models import Collaboration, Invitation, Observer, Participant


@dataclass(frozen=True)
class CollaborationAccess:
    collaboration: Collaboration
    user: object
    role: str  # Participant.Role value, or OBSERVER
    participant: Participant | None
    # The participating organisations the user could act for, when there is more than one.
    acting_choices: tuple[Organisation, ...] = ()
    # True while such a user has not chosen one (in the header's switch): they read, but do not write.
    must_choose: bool = False

    OBSERVER = "observer"

    @property
    def organisation(self) -> Organisation | None:
        return self.participant.organisation if self.participant else None

    @property
    def is_lead(self) -> bool:
        return self.role == Participant.Role.LEAD

    @property
    def is_observer(self) -> bool:
        return self.role == self.OBSERVER

    @property
    def is_explorer(self) -> bool:
        """Invited to explore: sees only what the lead shares and its own match check."""
        return self.role == Participant.Role.EXPLORER

    @property
    def is_partner_side(self) -> bool:
        """A lead or partner organisation: one of those who decide on admitting an explorer."""
        return self.participant is not None and not self.is_explorer

    def explorer_sees(self, key: str) -> bool:
        """Whether the page may show this part of the collaboration (``models.EXPLORER_SHARES``)."""
        return not self.is_explorer or key in (self.collaboration.explorer_shares or [])

    @property
    def can_lead(self) -> bool:
        return self.is_lead and self.can_write

    @property
    def can_write(self) -> bool:
        return not self.is_observer and not self.collaboration.is_archived


def collaborations_for_user(user) -> QuerySet[Collaboration]:
    if not user.is_authenticated:
        return Collaboration.objects.none()
    return Collaboration.objects.filter(
        Q(participants__organisation__memberships__user=user) | Q(observers__user=user)
    ).distinct()


def lead_collaborations_for_user(user) -> QuerySet[Collaboration]:
    """Collaborations the user may act in as lead (e.g. to invite someone from the directory)."""
    if not user.is_authenticated:
        return Collaboration.objects.none()
    return Collaboration.objects.filter(
        participants__role=Participant.Role.LEAD,
        participants__organisation__memberships__user=user,
        archived_at__isnull=True,
    ).distinct()


def explored_collaboration_ids(user) -> set[int]:
    """The collaborations in which the user takes part only for an explorer (verkenner)."""
    roles: dict[int, set[str]] = {}
    for collaboration_id, role in Participant.objects.filter(organisation__memberships__user=user).values_list(
        "collaboration_id", "role"
    ):
        roles.setdefault(collaboration_id, set()).add(role)
    return {pk for pk, found in roles.items() if found == {Participant.Role.EXPLORER}}


class ActingOrganisationRequired(PermissionDenied):
    """A person in more than one participating organisation has not chosen for which one they act."""


def _acting_participant(user, collaboration_pk, preferred_organisation_id) -> tuple[Participant | None, list, bool]:
    """The participant the user acts for, the participating organisations they could act for, and
    whether they still have to choose.

    In one participating organisation, they act for it. In several, they act for the organisation
    chosen in the header's switch when it takes part; otherwise they must choose, and until then they
    may read (shown as the first by name) but not write. Never silently the lead.
    """
    participants = sorted(
        Participant.objects.select_related("organisation").filter(
            collaboration_id=collaboration_pk, organisation__memberships__user=user
        ),
        key=lambda p: p.organisation.name,
    )
    if not participants:
        return None, [], False
    choices = [p.organisation for p in participants] if len(participants) > 1 else []
    chosen = next((p for p in participants if p.organisation_id == preferred_organisation_id), None)
    if chosen is not None or len(participants) == 1:
        return chosen or participants[0], choices, False
    return participants[0], choices, True


def get_collaboration_for_user(
    user,
    collaboration_pk,
    *,
    write: bool = False,
    lead: bool = False,
    explorer: bool = False,
    preferred_organisation_id: int | None = None,
) -> CollaborationAccess:
    """Return the user's access to the collaboration or raise 404/403.

    ``write`` refuses observers; ``lead`` also refuses partners. An explorer gets 403 everywhere
    except where the caller passes ``explorer=True`` (the reduced dashboard, its own match check):
    it sees nothing revealed before it was admitted. Nobody writes in an
    archived collaboration. ``preferred_organisation_id`` is the organisation the user acts for
    (views pass the header's, see ``get_collaboration_for_request``); someone in several
    participating organisations without a participating preference may only read.
    """
    if not user.is_authenticated:
        raise Http404
    collaboration = Collaboration.objects.filter(pk=collaboration_pk).first()
    if collaboration is None:
        raise Http404
    participant, choices, must_choose = _acting_participant(user, collaboration.pk, preferred_organisation_id)
    if participant is not None:
        access = CollaborationAccess(
            collaboration, user, participant.role, participant, acting_choices=tuple(choices), must_choose=must_choose
        )
    elif Observer.objects.filter(collaboration=collaboration, user=user).exists():
        access = CollaborationAccess(collaboration, user, CollaborationAccess.OBSERVER, None)
    else:
        raise Http404
    if access.is_explorer and (lead or not explorer):
        raise PermissionDenied
    if (write or lead) and not access.can_write:
        raise PermissionDenied
    if (write or lead) and access.must_choose:
        raise ActingOrganisationRequired
    if lead and not access.is_lead:
        raise PermissionDenied
    return access


def get_collaboration_for_request(request, collaboration_pk, **kwargs) -> CollaborationAccess:
    """What views use: the user acts for the organisation shown in the header
    (``organisations.access.current_organisation``), the same one everywhere."""
    try:
        return get_collaboration_for_user(
            request.user, collaboration_pk, preferred_organisation_id=current_organisation_id(request), **kwargs
        )
    except ActingOrganisationRequired:
        messages.error(
            request,
            _(
                "You take part in this collaboration for more than one organisation. First choose on the "
                "collaboration's page for which organisation you act; nothing has been changed."
            ),
        )
        raise


def get_participant_for_access(access: CollaborationAccess, participant_pk) -> Participant:
    participant = (
        Participant.objects.select_related("organisation")
        .filter(collaboration=access.collaboration, pk=participant_pk)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def get_observer_for_access(access: CollaborationAccess, observer_pk) -> Observer:
    observer = (
        Observer.objects.select_related("user").filter(collaboration=access.collaboration, pk=observer_pk).first()
    )
    if observer is None:
        raise Http404
    return observer


def get_invitation_for_access(access: CollaborationAccess, invitation_pk) -> Invitation:
    invitation = Invitation.objects.filter(collaboration=access.collaboration, pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    return invitation
