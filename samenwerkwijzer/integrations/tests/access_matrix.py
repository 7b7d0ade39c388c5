from samenwerkwijzer.lib.authz import LOGIN, Expect

# Every logged-in person has their own token page; a token of someone else is a 404 (test_token_views).
EXPECTATIONS = {
    "integrations:tokens": Expect(LOGIN, methods=("GET", "POST"), data=lambda p: {"name": "x", "scope": "read"}),
    "integrations:token_revoke": Expect(LOGIN, kwargs={"token_pk": lambda p: 1}, methods=("POST",), data=lambda p: {}),
}

# The collaboration's export ZIP (issue #18, exports) keeps its expectation in its own file; the matrix
# collects only this module.
from .access_matrix_export import EXPECTATIONS as EXPORT_EXPECTATIONS  # noqa: E402

EXPECTATIONS |= EXPORT_EXPECTATIONS
