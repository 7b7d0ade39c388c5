from samenwerkwijzer.lib.authz import PUBLIC, STAFF, THIRD_PARTY, Expect

EXPECTATIONS = {
    "core:home": Expect(PUBLIC),
    "core:about": Expect(PUBLIC),
    "core:privacy": Expect(PUBLIC),
    "core:cookies": Expect(PUBLIC),
    "core:health": Expect(PUBLIC),
    "core:health_live": Expect(PUBLIC),
    "core:health_ready": Expect(PUBLIC),
    "reference:sbi_search": Expect(PUBLIC),
    "set_language": Expect(PUBLIC, methods=("POST",)),
    "api:openapi-json": Expect(PUBLIC),
    "api:openapi-view": Expect(PUBLIC),
    "api:api-root": Expect(PUBLIC, allowed_statuses=(404,)),
    # Whole third-party URL sets, by the module of their views or their route.
    "module:allauth": Expect(THIRD_PARTY),
    # allauth's social-account pages (single sign-on) are class views whose module is Django's.
    "route:accounts/social/": Expect(THIRD_PARTY),
    "route:beheer/": Expect(STAFF),
}
