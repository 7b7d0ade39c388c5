"""The agreements in the JSON API: what the agreement pages show that caller, with the same access."""

import pytest
from django.test import Client

from samenwerkwijzer.agreements.models import SealedDocument
from samenwerkwijzer.collaborations.models import Observer

from .factories import frozen_agreement, signed_agreement, write_agreement

pytestmark = pytest.mark.django_db


def base(personas, pk=None):
    return f"/api/v1/agreements/collaborations/{pk or personas.collaboration.pk}/agreements"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def session(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_participant_lists_both_documents_with_pagination(personas, api_token_for):
    write_agreement(personas)
    headers = bearer(api_token_for(personas.bob))
    body = Client().get(base(personas), **headers).json()
    assert body["total"] == 2 and body["limit"] == 50 and body["offset"] == 0
    states = {d["kind"]: (d["state"], d["current_version"]) for d in body["results"]}
    assert states["letter-of-intent"] == ("empty", None)
    assert states["agreement"][0] == "draft" and states["agreement"][1] >= 1

    page = Client().get(base(personas), {"limit": 1, "offset": 1}, **headers).json()
    assert page["total"] == 2 and page["limit"] == 1 and page["offset"] == 1
    assert [d["kind"] for d in page["results"]] == ["agreement"]
    assert Client().get(base(personas), {"limit": 0}, **headers).status_code == 422


def test_a_signed_and_sealed_agreement_shows_versions_approvals_and_signatures(personas, api_token_for):
    freeze = signed_agreement(personas)
    body = Client().get(f"{base(personas)}/agreement", **bearer(api_token_for(personas.alice))).json()
    assert (
        body["state"] == "signed"
        and body["state_label"] == "door iedereen ondertekend"
        and body["awaits_seal"] is False
    )
    current = next(v for v in body["versions"] if v["number"] == freeze.version.number)
    assert current["status"] == "signed" and current["seal"] == "sealed"
    assert current["frozen_at"] and current["approved_at"] and current["signed_at"] and current["sealed_at"]
    assert current["pdf_sha256"] == freeze.pdf_sha256
    assert {a["organisation"] for a in current["approvals"]} == {personas.alpha.name, personas.beta.name}
    signatures = {s["organisation"]: s for s in current["signatures"]}
    assert set(signatures) == {personas.alpha.name, personas.beta.name}
    assert signatures[personas.alpha.name]["signatory"] == personas.alice.display_name
    assert signatures[personas.alpha.name]["method"] == "totp"
    assert signatures[personas.alpha.name]["method_label"]
    assert "ip_address" not in signatures[personas.alpha.name]
    parties = {p["organisation"]: p for p in body["parties"]}
    assert parties[personas.beta.name]["approved_at"] and parties[personas.beta.name]["signed_by"]
    # Older versions were never put up for signing: drafts.
    assert {v["status"] for v in body["versions"] if v["number"] != freeze.version.number} <= {"draft"}


def test_signed_not_yet_sealed_says_so(personas, api_token_for):
    freeze = signed_agreement(personas)
    SealedDocument.objects.filter(freeze=freeze).delete()
    body = Client().get(f"{base(personas)}/agreement", **bearer(api_token_for(personas.bob))).json()
    assert body["state"] == "signed" and body["awaits_seal"] is True
    current = next(v for v in body["versions"] if v["number"] == freeze.version.number)
    assert current["seal"] == "awaiting_seal" and current["sealed_at"] is None
    assert current["seal_label"].startswith("ondertekend, nog niet verzegeld")


def test_a_frozen_version_awaits_approval_and_its_pdf_is_the_frozen_one(personas, api_token_for):
    freeze = frozen_agreement(personas)
    headers = bearer(api_token_for(personas.bob))
    body = Client().get(f"{base(personas)}/agreement", **headers).json()
    current = next(v for v in body["versions"] if v["number"] == freeze.version.number)
    assert current["status"] == "approval" and current["seal"] == "not_signed" and current["approved_at"] is None
    response = Client().get(f"{base(personas)}/agreement/versions/{freeze.version.number}/pdf", **headers)
    assert response.status_code == 200 and response.content == bytes(freeze.pdf)


def test_the_pdf_of_a_sealed_version_is_the_sealed_pdf(personas, api_token_for):
    freeze = signed_agreement(personas)
    url = f"{base(personas)}/agreement/versions/{freeze.version.number}/pdf"
    response = Client().get(url, **bearer(api_token_for(personas.bob)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(freeze.sealed.pdf)
    assert "ondertekend" in response["Content-Disposition"]
    # An observer may download it too, as on the signing trail page.
    assert session(personas.olivia).get(url).content == bytes(freeze.sealed.pdf)


def test_the_pdf_of_a_draft_is_rendered_and_a_version_shows_its_text(personas, api_token_for):
    document = write_agreement(personas)
    number = document.current_version.number
    headers = bearer(api_token_for(personas.alice))
    pdf = Client().get(f"{base(personas)}/agreement/versions/{number}/pdf", **headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    body = Client().get(f"{base(personas)}/agreement/versions/{number}", **headers).json()
    assert body["version"] == number and body["kind"] == "agreement"
    goals = next(s for s in body["sections"] if s["key"] == "goals")
    assert goals["number"] >= 1 and goals["title"] and goals["text"].strip()
    assert Client().get(f"{base(personas)}/agreement/versions/999", **headers).status_code == 404
    assert Client().get(f"{base(personas)}/nonsense", **headers).status_code == 404


def test_an_observer_reads_what_the_pages_show(personas):
    write_agreement(personas)
    client = session(personas.olivia)
    assert client.get(base(personas)).json()["total"] == 2
    assert client.get(f"{base(personas)}/agreement").json()["state"] == "draft"


def test_outsiders_get_404_and_never_data(personas, api_token_for):
    write_agreement(personas)
    for user in (personas.charlie, personas.dave):
        response = Client().get(f"{base(personas)}/agreement", **bearer(api_token_for(user)))
        assert response.status_code == 404 and "versions" not in response.json()
    assert Client().get(base(personas, pk=999999), **bearer(api_token_for(personas.alice))).status_code == 404


def test_a_token_limited_to_another_collaboration_gets_404(personas, api_token_for):
    write_agreement(personas)
    raw = api_token_for(personas.dave, collaboration=personas.other_collaboration)
    assert Client().get(base(personas, pk=personas.other_collaboration.pk), **bearer(raw)).status_code == 200
    Observer.objects.create(collaboration=personas.other_collaboration, user=personas.alice)
    raw = api_token_for(personas.alice, collaboration=personas.other_collaboration)
    assert Client().get(base(personas, pk=personas.other_collaboration.pk), **bearer(raw)).status_code == 200
    for path in ("", "/agreement", "/agreement/versions/1", "/agreement/versions/1/pdf"):
        assert Client().get(base(personas) + path, **bearer(raw)).status_code == 404


def test_an_explorer_is_refused_as_on_the_pages(personas):
    write_agreement(personas)
    assert session(personas.erin).get(f"{base(personas)}/agreement").status_code == 403


def test_an_anonymous_call_gets_401_not_a_login_page(personas):
    response = Client().get(base(personas))
    assert response.status_code == 401 and "login" not in response.content.decode().lower()


def test_the_schema_documents_the_pdf(personas):
    schema = Client().get("/api/v1/openapi.json").json()
    path = "/api/v1/agreements/collaborations/{pk}/agreements/{kind}/versions/{number}/pdf"
    responses = schema["paths"][path]["get"]["responses"]
    assert "application/pdf" in responses["200"]["content"]
    assert {"401", "403", "404"} <= set(responses)


def test_a_number_out_of_range_is_404_not_an_error(personas, api_token_for):
    headers = bearer(api_token_for(personas.alice))
    huge = "99999999999999999999999"
    for path in (f"/agreement/versions/{huge}", f"/agreement/versions/{huge}/pdf"):
        assert Client().get(base(personas) + path, **headers).status_code == 404
    assert Client().get(base(personas, pk=huge), **headers).status_code == 404
