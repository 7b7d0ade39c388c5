"""Matrix rows of the network itself: my networks, starting one, members, profiles, invitations."""

from datetime import timedelta

from django.utils import timezone

from samenwerkwijzer.lib.authz import LOGIN, NETWORK_COORDINATOR, NETWORK_MEMBER, PUBLIC, Expect
from samenwerkwijzer.networks.models import Availability, NetworkInvitation

from .factories import network_personas

network = {"pk": lambda p: network_personas(p).network.pk}


def _bob_period(p) -> int:
    net = network_personas(p)
    today = timezone.localdate()
    period, _created = Availability.objects.get_or_create(
        member=net.bob_member, kind="busy", starts_on=today, ends_on=today + timedelta(days=7)
    )
    return period.pk


def _open_invitation(p) -> int:
    net = network_personas(p)
    invitation, _created = NetworkInvitation.objects.get_or_create(
        network=net.network,
        email="nieuw@example.org",
        defaults={"token_hash": "0" * 64, "expires_at": timezone.now() + timedelta(days=7), "invited_by": p.alice},
    )
    return invitation.pk


EXPECTATIONS = {
    "networks:index": Expect(LOGIN),
    "networks:create": Expect(LOGIN, methods=("GET", "POST")),
    "networks:accept_invitation": Expect(
        PUBLIC, kwargs={"token": lambda p: "not-a-real-token"}, methods=("GET", "POST"), allowed_statuses=(404,)
    ),
    "networks:detail": Expect(NETWORK_MEMBER, kwargs=network),
    "networks:edit": Expect(
        NETWORK_COORDINATOR, kwargs=network, methods=("GET", "POST"), data=lambda p: {"name": "Overgenomen"}
    ),
    "networks:expertises": Expect(
        NETWORK_COORDINATOR,
        kwargs=network,
        methods=("GET", "POST"),
        data=lambda p: {"action": "add", "new-name": "Illustratie"},
    ),
    "networks:invite": Expect(
        NETWORK_COORDINATOR,
        kwargs=network,
        methods=("GET", "POST"),
        data=lambda p: {"email": "indringer@example.org"},
    ),
    "networks:invitation_revoke": Expect(
        NETWORK_COORDINATOR,
        kwargs={**network, "invitation_pk": _open_invitation},
        methods=("POST",),
        data=lambda p: {},
    ),
    "networks:members": Expect(NETWORK_MEMBER, kwargs=network),
    "networks:member": Expect(
        NETWORK_MEMBER, kwargs={**network, "member_pk": lambda p: network_personas(p).bob_member.pk}
    ),
    "networks:member_role": Expect(
        NETWORK_COORDINATOR,
        kwargs={**network, "member_pk": lambda p: network_personas(p).bob_member.pk},
        methods=("POST",),
        data=lambda p: {},
    ),
    "networks:profile": Expect(
        NETWORK_MEMBER, kwargs=network, methods=("GET", "POST"), data=lambda p: {"home_pc4": "3511"}
    ),
    "networks:availability_add": Expect(
        NETWORK_MEMBER,
        kwargs=network,
        methods=("POST",),
        data=lambda p: {"kind": "busy", "starts_on": "2099-01-01", "ends_on": "2099-01-31"},
    ),
    "networks:availability_delete": Expect(
        NETWORK_MEMBER, kwargs={**network, "availability_pk": _bob_period}, methods=("POST",), data=lambda p: {}
    ),
    "networks:leave": Expect(NETWORK_MEMBER, kwargs=network, methods=("GET", "POST"), data=lambda p: {}),
}
