from samenwerkwijzer.lib.authz import LOGIN, ORGANISATION_ADMIN, ORGANISATION_MEMBER, Expect

alpha = {"pk": lambda p: p.alpha.pk}


def _anna_membership(p):
    return p.alpha.memberships.get(user=p.anna).pk


EXPECTATIONS = {
    "organisations:list": Expect(LOGIN),
    "organisations:create": Expect(LOGIN, methods=("GET", "POST")),
    "organisations:switch": Expect(LOGIN, methods=("POST",)),
    "organisations:detail": Expect(ORGANISATION_MEMBER, kwargs=alpha),
    "organisations:edit": Expect(
        ORGANISATION_ADMIN,
        kwargs=alpha,
        methods=("GET", "POST"),
        data=lambda p: {
            "name": "Overgenomen",
            "kvk_number": "99999999",
            "legal_form": "41",
            "sbi_codes": "62100",
            "size_class": "1",
            "pc4": "3511",
        },
    ),
    "organisations:member_add": Expect(
        ORGANISATION_ADMIN,
        kwargs=alpha,
        methods=("GET", "POST"),
        data=lambda p: {"email": "charlie@example.org", "role": "admin"},
    ),
    "organisations:member_edit": Expect(
        ORGANISATION_ADMIN,
        kwargs={**alpha, "member_pk": lambda p: p.alpha.memberships.get(user=p.alice).pk},
        methods=("GET", "POST"),
        data=lambda p: {"role": "member"},
    ),
    "organisations:member_remove": Expect(
        ORGANISATION_ADMIN,
        kwargs={**alpha, "member_pk": lambda p: p.alpha.memberships.get(user=p.alice).pk},
        methods=("GET", "POST"),
        data=lambda p: {},
    ),
}
