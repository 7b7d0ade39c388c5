"""Matrix rows of what follows a complete team. The personas' assignment is still being described:
the pages answer 200 with an explanation, and the POSTs of a denied user change nothing."""

from samenwerkwijzer.lib.authz import NETWORK_MEMBER, Expect

from .factories import network_personas


def _kwargs():
    return {
        "pk": lambda p: network_personas(p).network.pk,
        "assignment_pk": lambda p: network_personas(p).assignment.pk,
    }


EXPECTATIONS = {
    "networks:assignment_agreement": Expect(NETWORK_MEMBER, _kwargs()),
    # alice coordinates and bob brought the assignment in: both may draw up the agreement.
    "networks:agreement_edit": Expect(
        NETWORK_MEMBER, _kwargs(), methods=("GET", "POST"), data=lambda p: {"income_split": "x", "version": "0"}
    ),
    "networks:agreement_approve": Expect(NETWORK_MEMBER, _kwargs(), methods=("POST",), data=lambda p: {"version": "1"}),
    "networks:assignment_done": Expect(NETWORK_MEMBER, _kwargs(), methods=("POST",)),
    "networks:evaluation": Expect(
        NETWORK_MEMBER, _kwargs(), methods=("GET", "POST"), data=lambda p: {"grade": "8", "action": "submit"}
    ),
    "networks:evaluation_reveal": Expect(NETWORK_MEMBER, _kwargs(), methods=("POST",)),
    "networks:to_collaboration": Expect(NETWORK_MEMBER, _kwargs(), methods=("POST",)),
}
