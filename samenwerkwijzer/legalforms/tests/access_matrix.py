from samenwerkwijzer.lib.authz import PUBLIC, READ, WRITE, Expect

collaboration = {"pk": lambda p: p.collaboration.pk}

INTAKE = {
    "duration": "structural",
    "founders": "2",
    "founder_kind": "natural",
    "purpose": "share_risk",
    "notary_ok": "on",
}

EXPECTATIONS = {
    "legalforms:comparison": Expect(PUBLIC),
    "legalforms:advice": Expect(PUBLIC),
    "legalforms:collaboration": Expect(READ, kwargs=collaboration),
    "legalforms:collaboration_advice": Expect(
        WRITE,
        kwargs=collaboration,
        methods=("GET", "POST"),
        data=lambda p: {**INTAKE, "chosen_form": "vof"},
    ),
    # The public JSON endpoint: a form-encoded (non-JSON) or empty body is answered with 422.
    "api:legal_form_advice": Expect(PUBLIC, methods=("POST",), allowed_statuses=(422,)),
}
