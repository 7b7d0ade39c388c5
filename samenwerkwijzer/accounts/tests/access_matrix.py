from samenwerkwijzer.lib.authz import LOGIN, PUBLIC, Expect

EXPECTATIONS = {
    "accounts:notifications": Expect(LOGIN, methods=("GET", "POST")),
    "accounts:profile": Expect(LOGIN, methods=("GET", "POST")),
    # The signed token is the key; a wrong one is simply not found.
    "accounts:unsubscribe": Expect(PUBLIC, methods=("GET", "POST"), allowed_statuses=(404,)),
}
