"""Signed is signed: no edit button on a signed document, a new version only as an explicit step,
the signed version and its PDF unchanged; the signed letter of intent prefills the agreement."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from .. import selectors, services
from ..models import DocumentKind, SealedDocument, Version
from ..prefill import prefill_from_letter_of_intent
from ..sections import initial_data
from .factories import AGREEMENT, access_of, signed_agreement, write_agreement
from .helpers import url

LETTER = DocumentKind.LETTER_OF_INTENT


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _fingerprints(freeze):
    sealed = SealedDocument.objects.get(freeze=freeze)
    return hashlib.sha256(bytes(freeze.pdf)).hexdigest(), hashlib.sha256(bytes(sealed.pdf)).hexdigest()


@pytest.fixture
def signed(personas):
    return signed_agreement(personas)


def test_a_signed_document_shows_no_edit_button_but_the_new_version_action(personas, signed):
    page = client_for(personas.bob).get(url(personas, "document")).content.decode()
    assert ">Bewerken<" not in page
    assert url(personas, "edit", "goals") not in page
    assert "Nieuwe versie maken" in page
    assert url(personas, "new_version") in page


def test_an_observer_sees_no_new_version_action(personas, signed):
    page = client_for(personas.olivia).get(url(personas, "document")).content.decode()
    assert "Nieuwe versie maken" not in page


def test_the_edit_page_of_a_signed_document_says_so_and_offers_the_action(personas, signed):
    client = client_for(personas.bob)
    page = client.get(url(personas, "edit", "goals")).content.decode()
    assert "Ondertekend is ondertekend" in page
    assert "Een nieuwe versie begint een nieuwe ronde van goedkeuren en ondertekenen." in page
    assert 'name="section" value="goals"' in page
    before = Version.objects.count()
    response = client.post(
        url(personas, "edit", "goals"),
        {"base_version": str(signed.version.number), "purpose": "Stiekem anders", "activities": ""},
    )
    assert response.status_code == 200
    assert Version.objects.count() == before  # no silent new draft


def test_saving_a_section_of_a_signed_version_is_refused_by_the_service(personas, signed):
    with pytest.raises(ValidationError) as refused:
        services.version_save(
            access=access_of(personas, "alice", write=True),
            kind=AGREEMENT,
            section="evaluation",
            section_data={"frequency": "monthly", "notes": ""},
            base_number=signed.version.number,
        )
    assert "Maak eerst een nieuwe versie" in " ".join(refused.value.messages) or "Make a new version first" in " ".join(
        refused.value.messages
    )


def test_the_new_version_page_warns_before_it_starts_a_new_round(personas, signed):
    page = client_for(personas.bob).get(url(personas, "new_version")).content.decode()
    assert "Een nieuwe versie begint een nieuwe ronde van goedkeuren en ondertekenen." in page
    assert "blijft gelden tot een nieuwere versie is ondertekend" in page
    assert Version.objects.count() == signed.version.number  # looking at the warning changes nothing


def test_making_a_new_version_keeps_the_signed_version_and_its_pdf_unchanged(personas, signed):
    before = _fingerprints(signed)
    signed_data = dict(signed.version.data)
    client = client_for(personas.bob)
    response = client.post(url(personas, "new_version"), {"section": "goals"})
    assert response.status_code == 302
    assert response["Location"] == url(personas, "edit", "goals")
    status = selectors.document_status(access_of(personas, "alice"), AGREEMENT)
    assert status.state == selectors.DRAFT
    assert status.version.number == signed.version.number + 1
    assert status.version.data == signed_data
    assert status.signed_freeze == signed
    signed.refresh_from_db()
    assert not signed.is_void
    assert _fingerprints(signed) == before
    assert Version.objects.get(pk=signed.version.pk).data == signed_data
    # Now the text can be edited again, and the signed PDF can still be downloaded as it was.
    page = client.get(url(personas, "document")).content.decode()
    assert url(personas, "edit", "goals") in page
    pdf = client.get(url(personas, "signed_pdf", signed.pk))
    assert hashlib.sha256(pdf.content).hexdigest() == before[1]


def test_the_versions_list_names_the_new_version(personas, signed):
    services.document_new_version(access=access_of(personas, "alice", write=True), kind=AGREEMENT)
    page = client_for(personas.bob).get(url(personas, "versions")).content.decode()
    assert "nieuwe versie van de ondertekende tekst" in page


def test_a_new_version_of_an_unsigned_document_is_refused(personas):
    write_agreement(personas)
    before = Version.objects.count()
    response = client_for(personas.bob).post(url(personas, "new_version"), {"section": ""})
    assert response.status_code == 200
    assert "niet ondertekend" in response.content.decode()
    assert Version.objects.count() == before
    with pytest.raises(ValidationError):
        services.document_new_version(access=access_of(personas, "bob", write=True), kind=AGREEMENT)
    assert Version.objects.count() == before


def test_a_new_version_of_a_document_without_versions_is_refused(personas):
    with pytest.raises(ValidationError):
        services.document_new_version(access=access_of(personas, "bob", write=True), kind=AGREEMENT)
    assert not Version.objects.exists()


# --- The signed letter of intent prefills the agreement ---


def test_the_signed_letter_of_intent_prefills_the_first_draft_of_the_agreement(personas):
    letter = signed_agreement(personas, kind=LETTER).version.data
    draft = initial_data(personas.collaboration, AGREEMENT)
    by_id = {p["organisation_id"]: p for p in draft["parties"]}
    for party in letter["parties"]:
        assert by_id[party["organisation_id"]]["address"] == party["address"]
        assert by_id[party["organisation_id"]]["signatory_name"] == party["signatory_name"]
        assert by_id[party["organisation_id"]]["signatory_role"] == party["signatory_role"]
    assert draft["goals"]["purpose"] == letter["intention"]["intention"]
    assert draft["goals"]["activities"] == letter["intention"]["scope"]


def test_an_unsigned_letter_of_intent_prefills_nothing(personas):
    write_agreement(personas, kind=LETTER)
    draft = initial_data(personas.collaboration, AGREEMENT)
    assert all(p["address"] == "" for p in draft["parties"])


def test_the_prefill_keeps_the_draft_where_the_letter_says_nothing():
    draft = {
        "parties": [
            {"organisation_id": 1, "name": "Alfa", "address": "", "signatory_name": "Ans", "signatory_role": ""}
        ],
        "goals": {"purpose": "Eigen doel", "activities": "Al bedacht", "items": []},
    }
    letter = {
        "parties": [
            {"organisation_id": 1, "address": "Weg 1", "signatory_name": "", "signatory_role": "directeur"},
            {"organisation_id": 2, "address": "Gone 2"},
        ],
        "intention": {"intention": "", "scope": "Brood"},
    }
    result = prefill_from_letter_of_intent(draft, letter)
    assert result["parties"] == [
        {
            "organisation_id": 1,
            "name": "Alfa",
            "address": "Weg 1",
            "signatory_name": "Ans",
            "signatory_role": "directeur",
        }
    ]
    assert result["goals"] == {"purpose": "Eigen doel", "activities": "Al bedacht", "items": []}
    assert draft["parties"][0]["address"] == ""  # the input is not changed
    assert prefill_from_letter_of_intent(draft, None) is draft
