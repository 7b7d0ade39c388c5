from samenwerkwijzer.lib.authz import LOGIN, Expect

EXPECTATIONS = {
    "onboarding:start": Expect(LOGIN),
    "onboarding:profile": Expect(LOGIN, methods=("GET", "POST")),
    "onboarding:organisation": Expect(LOGIN, methods=("GET", "POST")),
    "onboarding:organisation_details": Expect(LOGIN, methods=("GET", "POST")),
    "onboarding:sbi_suggestions": Expect(LOGIN),
    "onboarding:collaboration": Expect(LOGIN, methods=("GET", "POST")),
    "onboarding:invite": Expect(LOGIN, methods=("GET", "POST")),
    "onboarding:done": Expect(LOGIN),
}
