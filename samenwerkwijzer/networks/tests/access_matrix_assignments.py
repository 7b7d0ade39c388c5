"""Assignments and forming their team. Every page is for the network's members; the bringer's actions
(edit, propose, invite, cancel) also answer the coordinator, and the matrix's bob brought in the
persona assignment, so their 403 for other members is checked in test_assignment_views.py."""

from samenwerkwijzer.lib.authz import NETWORK_MEMBER, Expect

from .factories import network_personas


def _network(p):
    return network_personas(p).network.pk


def _assignment(p):
    return network_personas(p).assignment.pk


NETWORK = {"pk": _network}
ONE = {"pk": _network, "assignment_pk": _assignment}


def _new(p):
    net = network_personas(p)
    return {
        "title": "Nieuwe opdracht",
        "client": "Klant",
        "starts_on": "2099-01-05",
        "ends_on": "2099-01-30",
        "objective": "fewest_people",
        f"need_{net.writing.pk}": "3",
    }


EXPECTATIONS = {
    "networks:assignments": Expect(NETWORK_MEMBER, NETWORK),
    "networks:assignment_create": Expect(NETWORK_MEMBER, NETWORK, methods=("GET", "POST"), data=_new),
    "networks:assignment": Expect(NETWORK_MEMBER, ONE),
    "networks:assignment_edit": Expect(NETWORK_MEMBER, ONE, methods=("GET", "POST"), data=_new),
    "networks:assignment_offer": Expect(NETWORK_MEMBER, ONE, methods=("GET", "POST"), data=lambda p: {"days": "2"}),
    "networks:assignment_propose": Expect(NETWORK_MEMBER, ONE, methods=("POST",)),
    "networks:assignment_invite": Expect(NETWORK_MEMBER, ONE, methods=("POST",)),
    "networks:assignment_respond": Expect(
        NETWORK_MEMBER, ONE, methods=("POST",), data=lambda p: {"answer": "no", "note": "Geen tijd"}
    ),
    "networks:assignment_cancel": Expect(NETWORK_MEMBER, ONE, methods=("GET", "POST")),
}
