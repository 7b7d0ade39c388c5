import pytest
from django.test import Client

from samenwerkwijzer.agreements import selectors, verification
from samenwerkwijzer.agreements.demo import seed_agreements_demo
from samenwerkwijzer.agreements.models import DocumentKind, Version
from samenwerkwijzer.organisations.models import Membership
from samenwerkwijzer.organisations.services import organisation_verify

from .factories import access_of

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_signed_letter_of_intent_and_a_sealed_agreement(personas):
    # Only a verified organisation signs in the company's name: seed_demo verifies the demo organisations first.
    organisation_verify(organisation=personas.alpha, method="eherkenning", assurance_level="EH3")
    organisation_verify(organisation=personas.beta, method="extract")
    Membership.objects.filter(user=personas.alice, organisation=personas.alpha).update(signatory_basis="eherkenning")
    signers = [(personas.alice, personas.alpha), (personas.bob, personas.beta)]
    seed_agreements_demo(collaboration=personas.collaboration, signers=signers)
    versions = Version.objects.count()
    seed_agreements_demo(collaboration=personas.collaboration, signers=signers)  # idempotent
    assert Version.objects.count() == versions
    for kind in DocumentKind:
        status = selectors.document_status(access_of(personas, "alice"), kind)
        assert status.state == selectors.SIGNED
    agreement = selectors.document_status(access_of(personas, "bob"), DocumentKind.AGREEMENT).signed_freeze
    client = Client()
    client.force_login(personas.bob)
    response = client.get(f"/agreements/{personas.collaboration.pk}/agreement/signed/{agreement.pk}/pdf/")
    assert response.status_code == 200
    assert verification.verify(response.content).code == verification.VALID_SEALED
    # The signing trail says honestly what the demo's seal is: no trusted timestamp, a self-made certificate.
    page = client.get(f"/agreements/{personas.collaboration.pk}/agreement/signed/{agreement.pk}/").content.decode()
    assert "PAdES B-B" in page and "Samenwerkwijzer document seal" in page
    assert "Geen betrouwbaar tijdstempel" in page
    assert "Een certificaat dat deze installatie zelf heeft gemaakt: alleen deze installatie kan ervoor instaan" in page
    assert selectors.evaluation_frequency(personas.collaboration) == ("quarterly", 3)
    signatures = {s.organisation_id: s for s in agreement.signatures.all()}
    assert signatures[personas.alpha.pk].signatory_basis == "eherkenning"
    assert signatures[personas.alpha.pk].organisation_verification["assurance_level"] == "EH3"
    assert signatures[personas.beta.pk].organisation_verification["method"] == "extract"
