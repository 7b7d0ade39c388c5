from samenwerkwijzer.lib.authz import LOGIN, ORGANISATION_ADMIN, ORGANISATION_MEMBER, PUBLIC, Expect
from samenwerkwijzer.organisations import services
from samenwerkwijzer.organisations.models import Membership, MembershipInvitation

alpha = {"pk": lambda p: p.alpha.pk}


def _open_membership_invitation(p) -> int:
    """An open invitation of alpha (made once; the URL is built before any request)."""
    existing = MembershipInvitation.objects.open().filter(organisation=p.alpha).first()
    if existing is None:
        existing, _token = services.membership_invitation_create(
            by=Membership.objects.get(organisation=p.alpha, user=p.alice),
            email="invited@example.org",
            role=Membership.Role.MEMBER,
            is_authorised_signatory=False,
            base_url="http://testserver",
        )
    return existing.pk


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
        data=lambda p: {"email": "charlie@example.org", "role": "admin", "is_authorised_signatory": "on"},
    ),
    "organisations:invitation_withdraw": Expect(
        ORGANISATION_ADMIN,
        kwargs={**alpha, "invitation_pk": _open_membership_invitation},
        methods=("POST",),
        data=lambda p: {},
    ),
    # Public like a collaboration invitation: the token is the key; an unknown one is not found.
    "organisations:invitation_accept": Expect(
        PUBLIC,
        kwargs={"token": lambda p: "not-a-real-token"},
        methods=("GET", "POST"),
        allowed_statuses=(404,),
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
