from samenwerkwijzer.lib.authz import LOGIN, ORGANISATION_MEMBER, Expect

EXPECTATIONS = {
    # Any member of the organisation may start; others get 404 and no login is started.
    "verification:eherkenning_start": Expect(
        ORGANISATION_MEMBER, kwargs={"pk": lambda p: p.alpha.pk}, methods=("POST",), data=lambda p: {}
    ),
    # The broker sends the person back here; without a login they started it changes nothing.
    "verification:eherkenning_callback": Expect(LOGIN),
}
