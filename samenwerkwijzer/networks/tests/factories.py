"""Network personas on top of ``testsupport.factories.Personas``: made on first use and kept on the personas.

alice coordinates "Netwerk Noord" for Alpha Bakkerij, bob is a member for Beta Transport; dave
coordinates another network ("Geheim Netwerk", Delta Design); charlie and olivia are in no network.
The network has three expertises; bob has Tekstschrijven and Fotografie, alice Webdesign. bob has
brought in one assignment (needing 4 days of Tekstschrijven) that is still being described.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from samenwerkwijzer.networks.models import Assignment, AssignmentNeed, Expertise, Network, NetworkMember


@dataclass
class NetworkPersonas:
    network: Network
    alice_member: NetworkMember
    bob_member: NetworkMember
    other_network: Network
    dave_member: NetworkMember
    writing: Expertise
    photography: Expertise
    web: Expertise
    assignment: Assignment


def network_personas(personas) -> NetworkPersonas:
    cached = personas.__dict__.get("_network_personas")
    if cached is not None:
        return cached
    network = Network.objects.create(name="Netwerk Noord", created_by=personas.alice)
    alice_member = NetworkMember.objects.create(
        network=network, organisation=personas.alpha, role=NetworkMember.Role.COORDINATOR, home_pc4="3511"
    )
    bob_member = NetworkMember.objects.create(network=network, organisation=personas.beta, home_pc4="3521")
    writing = Expertise.objects.create(network=network, name="Tekstschrijven")
    photography = Expertise.objects.create(network=network, name="Fotografie")
    web = Expertise.objects.create(network=network, name="Webdesign")
    bob_member.expertises.set([writing, photography])
    alice_member.expertises.set([web])
    other = Network.objects.create(name="Geheim Netwerk", created_by=personas.dave)
    dave_member = NetworkMember.objects.create(
        network=other, organisation=personas.delta, role=NetworkMember.Role.COORDINATOR
    )
    today = timezone.localdate()
    assignment = Assignment.objects.create(
        network=network,
        brought_in_by=bob_member,
        created_by=personas.bob,
        title="Jaarverslag Stadsbank",
        client="Stadsbank Utrecht",
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=42),
        location_pc4="3511",
    )
    AssignmentNeed.objects.create(assignment=assignment, expertise=writing, days=4)
    result = NetworkPersonas(
        network=network,
        alice_member=alice_member,
        bob_member=bob_member,
        other_network=other,
        dave_member=dave_member,
        writing=writing,
        photography=photography,
        web=web,
        assignment=assignment,
    )
    personas.__dict__["_network_personas"] = result
    return result
