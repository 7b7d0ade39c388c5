from samenwerkwijzer.lib.authz import ORGANISATION_ADMIN, ORGANISATION_MEMBER, STAFF, Expect

from .factories import pending_submission_of_beta

alpha = {"pk": lambda p: p.alpha.pk}
submission = {"submission_pk": pending_submission_of_beta}

EXPECTATIONS = {
    "verification:overview": Expect(ORGANISATION_MEMBER, kwargs=alpha),
    "verification:extract_upload": Expect(
        ORGANISATION_ADMIN, kwargs=alpha, methods=("GET", "POST"), data=lambda p: {"extract_date": "2026-01-01"}
    ),
    # Staff only; anyone else gets 404 (anonymous: the login page).
    "verification:review_list": Expect(STAFF),
    "verification:review_detail": Expect(
        STAFF, kwargs=submission, methods=("GET", "POST"), data=lambda p: {"decision": "approve"}
    ),
    "verification:review_extract": Expect(STAFF, kwargs=submission),
}
