from samenwerkwijzer.lib.authz import LEAD, LOGIN, PUBLIC, READ, WRITE, Expect

collaboration = {"pk": lambda p: p.collaboration.pk}

EXPECTATIONS = {
    "collaborations:create": Expect(LOGIN, methods=("GET", "POST")),
    # An explorer sees a reduced dashboard (name, goal, the lead's contact, its match check).
    "collaborations:dashboard": Expect(READ, kwargs=collaboration, explorer=200),
    "collaborations:explorer_shares": Expect(
        LEAD, kwargs=collaboration, methods=("GET", "POST"), data=lambda p: {"shares": ["partners"]}
    ),
    # Each lead and partner organisation decides on admitting the explorer; erin herself cannot.
    "collaborations:explorer_decide": Expect(
        WRITE,
        kwargs={**collaboration, "participant_pk": lambda p: p.erin_participant.pk},
        methods=("GET", "POST"),
        data=lambda p: {"decision": "consent"},
    ),
    "collaborations:participants": Expect(READ, kwargs=collaboration),
    "collaborations:audit_log": Expect(READ, kwargs=collaboration),
    "collaborations:edit": Expect(
        LEAD,
        kwargs=collaboration,
        methods=("GET", "POST"),
        data=lambda p: {
            "name": "Overgenomen",
            "purpose": "x",
            "ambition_level": "strategic",
            "duration_kind": "project",
        },
    ),
    "collaborations:phase": Expect(
        LEAD,
        kwargs=collaboration,
        methods=("GET", "POST"),
        data=lambda p: {"phase": "execute", "reason": "Overgenomen"},
    ),
    "collaborations:invite": Expect(
        LEAD,
        kwargs=collaboration,
        methods=("GET", "POST"),
        data=lambda p: {"email": "intruder@example.org", "kind": "participant"},
    ),
    "collaborations:participant_role": Expect(
        LEAD,
        kwargs={**collaboration, "participant_pk": lambda p: p.bob_participant.pk},
        methods=("POST",),
        data=lambda p: {"role": "lead"},
    ),
    # Removing another organisation is for the lead; leaving (own organisation) is tested apart.
    "collaborations:participant_remove": Expect(
        LEAD,
        kwargs={**collaboration, "participant_pk": lambda p: p.alice_participant.pk},
        methods=("GET", "POST"),
        data=lambda p: {},
    ),
    "collaborations:observer_remove": Expect(
        LEAD,
        kwargs={**collaboration, "observer_pk": lambda p: p.oscar_observer.pk},
        methods=("GET", "POST"),
        data=lambda p: {},
    ),
    "collaborations:invitation_revoke": Expect(
        LEAD,
        kwargs={**collaboration, "invitation_pk": lambda p: p.open_invitation.pk},
        methods=("POST",),
        data=lambda p: {},
    ),
    "collaborations:invitation_accept": Expect(
        PUBLIC,
        kwargs={"token": lambda p: "not-a-real-token"},
        methods=("GET", "POST"),
        allowed_statuses=(404,),
    ),
    # The JSON API (anonymous: 401).
    "api:collaborations": Expect(LOGIN),
    "api:collaboration": Expect(READ, kwargs=collaboration),
    "api:collaboration_participants": Expect(READ, kwargs=collaboration),
    "api:collaboration_observers": Expect(READ, kwargs=collaboration),
    "api:collaboration_audit_log": Expect(READ, kwargs=collaboration),
}
