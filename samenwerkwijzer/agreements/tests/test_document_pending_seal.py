"""The document page, the overview and the list of versions for a version every party has signed but
that is not sealed yet: signed (the signatures are the legal fact), with the seal still to follow."""

import pytest
from django.test import Client

from samenwerkwijzer.agreements import phase_facts, sealing, selectors, services, services_sealing
from samenwerkwijzer.agreements.models import SealedDocument

from .factories import AGREEMENT, access_of, approved_agreement, sign, signed_agreement
from .helpers import url

pytestmark = pytest.mark.django_db

PENDING = "Ondertekend door alle partijen; het zegel wordt automatisch toegevoegd."
AWAITING_SIGNATURES = "wacht op handtekeningen"
VOIDING_HINT = "handtekeningen tot nu toe vervallen dan"
SEAL_BUTTON = "Zegel nu toevoegen"
SEALED = "Alle partijen hebben deze versie ondertekend. De ondertekende pdf is verzegeld"


def _pending(personas, monkeypatch):
    """Signed by all while the seal cannot be made (as with the time-stamping authority down)."""
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    with monkeypatch.context() as patch:

        def not_now(freeze):
            raise sealing.SealNotYetPossible("The time-stamping authority did not answer.")

        patch.setattr(sealing, "seal_freeze", not_now)
        sign(personas, "bob", freeze)
    assert services_sealing.awaits_seal(freeze)
    return freeze


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_document_page_says_signed_with_the_seal_to_follow_and_the_lead_can_add_it(personas, monkeypatch):
    freeze = _pending(personas, monkeypatch)
    status = selectors.document_status(access_of(personas, "alice"), AGREEMENT)
    assert status.state == selectors.SIGNED and status.awaits_seal
    assert status.signed_freeze == freeze and status.signed_freeze_awaits_seal
    seal_url = url(personas, "seal_now", freeze.pk)

    lead_page = _client(personas.alice).get(url(personas, "document")).content.decode()
    assert PENDING in lead_page
    assert AWAITING_SIGNATURES not in lead_page and VOIDING_HINT not in lead_page and SEALED not in lead_page
    assert "zegel volgt" in lead_page
    assert seal_url in lead_page and SEAL_BUTTON in lead_page
    assert "Nieuwe versie maken" in lead_page  # the signed version stays; a new one leaves it alone
    assert "De ondertekende tekst downloaden (pdf zonder zegel)" in lead_page

    partner_page = _client(personas.bob).get(url(personas, "document")).content.decode()
    assert PENDING in partner_page and VOIDING_HINT not in partner_page
    assert seal_url not in partner_page and SEAL_BUTTON not in partner_page

    # The button on the document page adds the seal (the development seal, as with `make run`).
    page = _client(personas.alice).post(seal_url, follow=True).content.decode()
    assert "Het zegel is toegevoegd." in page
    assert SealedDocument.objects.filter(freeze=freeze).exists()
    after = _client(personas.alice).get(url(personas, "document")).content.decode()
    assert SEALED in after and PENDING not in after and SEAL_BUTTON not in after and "zegel volgt" not in after
    assert not selectors.document_status(access_of(personas, "alice"), AGREEMENT).awaits_seal


def test_every_reader_of_the_status_counts_the_pending_version_as_signed(personas, monkeypatch):
    freeze = _pending(personas, monkeypatch)
    alice = _client(personas.alice)
    # Editing asks for a new version first, as for a sealed version; signing has nothing left to do.
    edit = alice.get(url(personas, "edit", "goals")).content.decode()
    assert "maar deze versie is door alle partijen ondertekend" in edit
    assert "het zegel wordt automatisch toegevoegd" in edit and "met haar verzegelde pdf" not in edit
    sign_page = _client(personas.bob).get(url(personas, "sign")).content.decode()
    assert "Alle partijen hebben deze versie ondertekend." in sign_page
    overview = alice.get(f"/agreements/{personas.collaboration.pk}/").content.decode()
    assert "door iedereen ondertekend" in overview and "zegel volgt" in overview
    versions = alice.get(url(personas, "versions")).content.decode()
    assert "zegel volgt" in versions and ">bezig<" not in versions
    facts = phase_facts.contribute(None, collaboration_ids=[personas.collaboration.pk])
    assert facts[personas.collaboration.pk]["agreement_signed"] is True
    assert selectors.agreement_is_signed(personas.collaboration)
    assert selectors.agreement_data(personas.collaboration) == freeze.version.data

    # A new version: the pending one stays in force, and the page says its seal follows.
    services.document_new_version(access=access_of(personas, "alice", write=True), kind=AGREEMENT)
    status = selectors.document_status(access_of(personas, "alice"), AGREEMENT)
    assert status.state == selectors.DRAFT and status.signed_freeze == freeze and status.signed_freeze_awaits_seal
    page = alice.get(url(personas, "document")).content.decode()
    assert f"Versie {freeze.version.number} is door alle partijen ondertekend en blijft van kracht" in page
    assert "Het zegel wordt automatisch toegevoegd." in page
    assert services_sealing.awaits_seal(freeze)


def test_a_version_not_everyone_signed_still_awaits_signatures_with_the_voiding_hint(personas):
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    status = selectors.document_status(access_of(personas, "alice"), AGREEMENT)
    assert status.state == selectors.SIGNING and not status.awaits_seal and status.signed_freeze is None
    assert not selectors.agreement_is_signed(personas.collaboration)
    page = _client(personas.alice).get(url(personas, "document")).content.decode()
    assert AWAITING_SIGNATURES in page and VOIDING_HINT in page and PENDING not in page and SEAL_BUTTON not in page
    versions = _client(personas.alice).get(url(personas, "versions")).content.decode()
    assert "zegel volgt" not in versions


def test_a_sealed_version_shows_no_pending_seal(personas):
    signed_agreement(personas)
    status = selectors.document_status(access_of(personas, "alice"), AGREEMENT)
    assert status.state == selectors.SIGNED and not status.awaits_seal and not status.signed_freeze_awaits_seal
    page = _client(personas.alice).get(url(personas, "document")).content.decode()
    assert SEALED in page and PENDING not in page and SEAL_BUTTON not in page and "zegel volgt" not in page
