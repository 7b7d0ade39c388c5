"""A complete team on top of the network personas, for the tests of what follows a complete team.

bob brought in the assignment and takes the writing (4 days); charlie's Gamma Bouw joins the network
and takes the photography (2 days). eve's Epsilon Media is a member too but said no, so she is not on
the team; alice coordinates the network and is not on the team either.
"""

from dataclasses import dataclass
from decimal import Decimal

from samenwerkwijzer.networks.access import get_network_for_user
from samenwerkwijzer.networks.models import Assignment, AssignmentNeed, NetworkMember, TeamInvitation, TeamRole
from testsupport.factories import MembershipFactory, UserFactory

from .factories import NetworkPersonas, network_personas


@dataclass
class Team:
    net: NetworkPersonas
    assignment: Assignment
    gamma_member: NetworkMember
    eve: object
    eve_member: NetworkMember

    def access(self, user):
        return get_network_for_user(user, self.net.network.pk)


def make_team(personas, *, status=Assignment.Status.TEAM_COMPLETE) -> Team:
    net = network_personas(personas)
    net.bob_member.day_rate = Decimal("750")
    net.bob_member.save()
    gamma_member = NetworkMember.objects.create(
        network=net.network, organisation=personas.gamma, home_pc4="3512", rate_band="low"
    )
    eve = UserFactory(email="eve@example.org", full_name="Eve Member")
    epsilon = MembershipFactory(user=eve, organisation__name="Epsilon Media").organisation
    eve_member = NetworkMember.objects.create(network=net.network, organisation=epsilon)
    assignment = net.assignment
    writing = assignment.needs.get(expertise=net.writing)
    photography = AssignmentNeed.objects.create(assignment=assignment, expertise=net.photography, days=2)
    bob_inv = TeamInvitation.objects.create(
        assignment=assignment, member=net.bob_member, status=TeamInvitation.Status.ACCEPTED, responded_by=personas.bob
    )
    TeamRole.objects.create(invitation=bob_inv, need=writing, days=4)
    gamma_inv = TeamInvitation.objects.create(
        assignment=assignment, member=gamma_member, status=TeamInvitation.Status.ACCEPTED, responded_by=personas.charlie
    )
    TeamRole.objects.create(invitation=gamma_inv, need=photography, days=2)
    TeamInvitation.objects.create(assignment=assignment, member=eve_member, status=TeamInvitation.Status.DECLINED)
    assignment.status = status
    assignment.save()
    return Team(net, assignment, gamma_member, eve, eve_member)
