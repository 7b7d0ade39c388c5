"""The one choke point for every network-scoped read and write.

Views, the API, exports and commands reach a network and everything in it (members, assignments,
teams, agreements, evaluations) only through ``get_network_for_user`` and the ``get_*_for_access``
helpers below. Someone outside the network (or a member who left) gets 404, the same answer as for
a network that does not exist; a member asking for a coordinator's action gets 403 and nothing
changes.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samenwerkwijzer.organisations.access import current_organisation_id
from samenwerkwijzer.organisations.models import Organisation

from .models import Assignment, Network, NetworkMember


@dataclass(frozen=True)
class NetworkAccess:
    network: Network
    user: object
    member: NetworkMember  # the member organisation the user acts for in this network

    @property
    def organisation(self) -> Organisation:
        return self.member.organisation

    @property
    def is_coordinator(self) -> bool:
        return self.member.is_coordinator


def networks_for_user(user) -> QuerySet[Network]:
    """The networks in which one of the user's organisations is an active member."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(
        members__organisation__memberships__user=user, members__left_at__isnull=True
    ).distinct()


def _acting_member(user, network_pk, preferred_organisation_id) -> NetworkMember | None:
    members = list(
        NetworkMember.objects.select_related("organisation", "network")
        .filter(network_id=network_pk, organisation__memberships__user=user, left_at__isnull=True)
        .order_by("organisation__name", "pk")
    )
    preferred = next((m for m in members if m.organisation_id == preferred_organisation_id), None)
    if preferred is not None:
        return preferred
    # Without a preference among them: the coordinating organisation first, else the first by name.
    return next((m for m in members if m.is_coordinator), members[0] if members else None)


def get_network_for_user(
    user, network_pk, *, coordinator: bool = False, preferred_organisation_id: int | None = None
) -> NetworkAccess:
    """Return the user's access to the network or raise 404 (outsider) / 403 (not the coordinator)."""
    if not user.is_authenticated:
        raise Http404
    member = _acting_member(user, network_pk, preferred_organisation_id)
    if member is None:
        raise Http404
    access = NetworkAccess(member.network, user, member)
    if coordinator and not access.is_coordinator:
        raise PermissionDenied
    return access


def get_network_for_request(request, network_pk, **kwargs) -> NetworkAccess:
    """What views use: the user acts for the organisation shown in the header when it is a member."""
    return get_network_for_user(
        request.user, network_pk, preferred_organisation_id=current_organisation_id(request), **kwargs
    )


def get_member_for_access(access: NetworkAccess, member_pk, *, active_only: bool = False) -> NetworkMember:
    members = NetworkMember.objects.select_related("organisation").filter(network=access.network, pk=member_pk)
    if active_only:
        members = members.filter(left_at__isnull=True)
    member = members.first()
    if member is None:
        raise Http404
    return member


def get_assignment_for_access(access: NetworkAccess, assignment_pk, *, bringer: bool = False) -> Assignment:
    """An assignment of the network. ``bringer`` refuses (403) everyone but the member who brought it
    in and the coordinator."""
    assignment = (
        Assignment.objects.select_related("brought_in_by__organisation")
        .filter(network=access.network, pk=assignment_pk)
        .first()
    )
    if assignment is None:
        raise Http404
    if bringer and not (assignment.brought_in_by_id == access.member.pk or access.is_coordinator):
        raise PermissionDenied
    return assignment


def get_team_member_for_access(access: NetworkAccess, assignment: Assignment) -> NetworkMember:
    """The acting member when it said yes to the assignment's team; any other member gets 403."""
    from .models import TeamInvitation

    if not TeamInvitation.objects.filter(
        assignment=assignment, member=access.member, status=TeamInvitation.Status.ACCEPTED
    ).exists():
        raise PermissionDenied
    return access.member


def get_availability_for_access(access: NetworkAccess, availability_pk):
    """One of the acting member's own availability periods (anyone else's: 404)."""
    availability = access.member.availability.filter(pk=availability_pk).first()
    if availability is None:
        raise Http404
    return availability


def get_network_invitation_for_access(access: NetworkAccess, invitation_pk):
    """An invitation to join this network (only the coordinator's pages ask for one)."""
    invitation = access.network.invitations.filter(pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    return invitation


def get_team_invitation_for_access(access: NetworkAccess, assignment: Assignment):
    """The acting member's latest team invitation for the assignment (not a mere proposal); a member
    who was never invited gets 403."""
    from .models import TeamInvitation

    invitation = (
        TeamInvitation.objects.filter(assignment=assignment, member=access.member)
        .exclude(status=TeamInvitation.Status.PROPOSED)
        .order_by("-pk")
        .first()
    )
    if invitation is None:
        raise PermissionDenied
    return invitation
