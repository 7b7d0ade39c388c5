"""The collaboration's export ZIP: every registered section as the API gives it, the PDFs, only for participants."""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.agreements import demo as agreements_demo
from samenwerkwijzer.agreements.models import DocumentKind, Version
from samenwerkwijzer.agreements.tests.factories import signed_agreement, write_agreement
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.access import visible_answer_sets
from samenwerkwijzer.instruments.models import Round
from samenwerkwijzer.instruments.tests.factories import access_for, answers_for, open_round, submit
from samenwerkwijzer.integrations import exports
from samenwerkwijzer.integrations.export_zip import collaboration_export_zip
from samenwerkwijzer.integrations.tests.background import content as body
from samenwerkwijzer.integrations.tests.background import fetch_fixture as fetch_fixture  # the fixture "fetch"
from samenwerkwijzer.integrations.tests.background import signed_in, zip_url

pytestmark = pytest.mark.django_db


def unzip(response) -> dict[str, bytes]:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def api(client, path):
    response = client.get(f"/api/v1/agreements/collaborations/{path}")
    assert response.status_code == 200
    return response.json()


def test_the_zip_holds_the_agreements_as_the_api_gives_them_and_every_pdf(personas, fetch):
    freeze = signed_agreement(personas)
    client = signed_in(personas.bob)
    files = unzip(fetch(client, zip_url(personas)))
    pk = personas.collaboration.pk

    exported = json.loads(files["agreements.json"].decode("utf-8"))
    assert files["agreements.json"].decode("utf-8").startswith("[\n  {")  # indented
    assert [d["kind"] for d in exported] == ["letter-of-intent", "agreement"]
    for document in exported:
        contents = {v["number"]: v.pop("content") for v in document["versions"]}
        assert document == api(client, f"{pk}/agreements/{document['kind']}")
        for number, content in contents.items():
            assert content == api(client, f"{pk}/agreements/{document['kind']}/versions/{number}")

    numbers = Version.objects.filter(document=freeze.document).values_list("number", flat=True)
    pdfs = {name for name in files if name.endswith(".pdf")}
    assert pdfs == {f"agreements/samenwerkingsovereenkomst-v{n}.pdf" for n in numbers}
    assert files[f"agreements/samenwerkingsovereenkomst-v{freeze.version.number}.pdf"] == bytes(freeze.sealed.pdf)
    assert all(files[name].startswith(b"%PDF") for name in pdfs)

    # Every registered section is in it, and the README says what and when, in Dutch.
    assert {f"{name}.json" for name in exports.SECTIONS} <= set(files)
    readme = files["README.txt"].decode("utf-8")
    assert personas.collaboration.name in readme and "Gemaakt op" in readme
    assert "agreements.json" in readme and f"samenwerkingsovereenkomst-v{freeze.version.number}.pdf" in readme
    assert str(timezone.localdate().year) in readme


def test_nothing_of_another_collaboration(personas, fetch):
    write_agreement(personas)
    other = get_collaboration_for_user(personas.dave, personas.other_collaboration.pk, write=True)
    agreements_demo.write_document(accesses=[other], kind=DocumentKind.AGREEMENT)
    files = unzip(fetch(signed_in(personas.alice), zip_url(personas)))
    everything = b"".join(files.values())
    assert personas.other_collaboration.name.encode() not in everything
    assert personas.delta.name.encode() not in everything
    ours = Version.objects.filter(document__collaboration=personas.collaboration).count()
    assert len([n for n in files if n.endswith(".pdf")]) == ours


def _answer_section(access):
    """A test section through the instruments' blind rule, as the API's rounds section reads."""
    rounds = list(Round.objects.filter(collaboration=access.collaboration))
    visible = visible_answer_sets(access, rounds)
    return [{"organisation": a.organisation.name, "answers": a.answers} for r in rounds for a in visible[r.pk]]


def test_the_blind_rule_holds_before_a_reveal(personas, monkeypatch, fetch, settings):
    monkeypatch.setitem(exports.SECTIONS, "test_answers", _answer_section)
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, round_, answers_for(definitions.TIEN_BASISVRAGEN, text="ALFAGEHEIM"))

    bob_files = unzip(fetch(signed_in(personas.bob), zip_url(personas)))
    assert b"ALFAGEHEIM" not in b"".join(bob_files.values())  # in no section, no file, not the README
    assert {a["organisation"] for a in json.loads(bob_files["test_answers.json"])} <= {personas.beta.name}
    alice_files = unzip(fetch(signed_in(personas.alice), zip_url(personas)))
    assert [a["organisation"] for a in json.loads(alice_files["test_answers.json"])] == [personas.alpha.name]

    submit(personas.bob, personas.collaboration, round_, answers_for(definitions.TIEN_BASISVRAGEN, text="BETA"))
    round_.refresh_from_db()
    assert round_.is_revealed()
    # bob's file of a moment ago would be served again within EXPORT_REUSE_SECONDS; ask for a new one.
    settings.EXPORT_REUSE_SECONDS = 0
    bob_files = unzip(fetch(signed_in(personas.bob), zip_url(personas)))
    assert "ALFAGEHEIM" in bob_files["test_answers.json"].decode("utf-8")


def test_a_participant_exports_an_archived_collaboration(personas, fetch):
    write_agreement(personas)
    personas.collaboration.archived_at = timezone.now()
    personas.collaboration.save(update_fields=["archived_at"])
    response = fetch(signed_in(personas.bob), zip_url(personas))
    assert "agreements.json" in unzip(response)
    assert response["Content-Disposition"].startswith('attachment; filename="export-')


def test_observers_explorers_and_outsiders_are_refused(personas):
    assert signed_in(personas.olivia).get(zip_url(personas)).status_code == 403
    assert signed_in(personas.erin).get(zip_url(personas)).status_code == 403
    assert signed_in(personas.charlie).get(zip_url(personas)).status_code == 404
    assert signed_in(personas.dave).get(zip_url(personas)).status_code == 404
    response = Client().get(zip_url(personas))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_builder_works_without_a_request(personas):
    access = access_for(personas.alice, personas.collaboration)
    with zipfile.ZipFile(io.BytesIO(collaboration_export_zip(access))) as archive:
        assert "README.txt" in archive.namelist() and "agreements.json" in archive.namelist()
        assert "Documenten" in archive.read("README.txt").decode("utf-8")


def test_the_exit_page_offers_the_export_to_participants_only(personas):
    exit_page = reverse("workspace:exit", args=[personas.collaboration.pk])
    assert zip_url(personas) in signed_in(personas.alice).get(exit_page).content.decode()
    observer_page = signed_in(personas.olivia).get(exit_page)
    assert observer_page.status_code == 200 and zip_url(personas) not in observer_page.content.decode()
