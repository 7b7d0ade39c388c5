"""Every party's verification and every signer's basis of authority, on the agreement pages and
printed in the sealed PDF."""

import pytest
from django.test import Client
from django.utils import translation

from samenwerkwijzer.agreements import rendering, seal_material, seal_validation
from samenwerkwijzer.organisations.models import Membership
from samenwerkwijzer.organisations.services import organisation_verify

from .factories import approved_agreement, sign, write_agreement
from .helpers import url
from .pdf_text import page_text

pytestmark = pytest.mark.django_db


def verified_parties(personas):
    """Alpha through eHerkenning (EH3), alice authorised through eHerkenning; beta through a reviewed
    extract, bob a signatory on the organisation's own word."""
    organisation_verify(organisation=personas.alpha, method="eherkenning", assurance_level="EH3")
    organisation_verify(organisation=personas.beta, method="extract")
    Membership.objects.filter(user=personas.alice, organisation=personas.alpha).update(signatory_basis="eherkenning")
    Membership.objects.filter(user=personas.bob, organisation=personas.beta).update(signatory_basis="self")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_sealed_pdf_prints_each_partys_verification_and_each_signers_basis(personas):
    verified_parties(personas)
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    sign(personas, "bob", freeze)
    freeze.refresh_from_db()
    # The pages the seal appended to the PDF the parties signed.
    text = page_text(bytes(freeze.sealed.pdf), first=rendering.page_count(bytes(freeze.pdf)))
    alpha, beta = text.split(personas.alpha.name, 1)[1].split(personas.beta.name, 1)
    assert "Verificatie: geverifieerd via eHerkenning (EH3) op" in alpha
    assert "Tekenbevoegd: gemachtigd via eHerkenning voor Samenwerkwijzer" in alpha
    assert "(een machtiging voor deze dienst, geen wettelijke vertegenwoordiging)" in alpha
    assert "Verificatie: geverifieerd via beoordeeld uittreksel" in beta
    assert "Tekenbevoegd: volgens de organisatie zelf" in beta
    assert "machtiging voor deze dienst, geen" not in beta.split("Verloop van de ondertekening")[0]
    # The seal still covers the whole file.
    check = seal_validation.check_seal(
        bytes(freeze.sealed.pdf), trusted_fingerprints={seal_material.certificate_sha256()}
    )
    assert check.valid


def test_the_signature_page_says_not_verified_and_not_recorded_as_the_signature_kept_it(personas):
    """Signatures keep the verification as it was when they were made, also one from before verification existed."""
    verified_parties(personas)
    freeze = approved_agreement(personas)
    first = sign(personas, "alice", freeze)
    first.organisation_verification = {"status": "unverified", "method": None, "assurance_level": None}
    first.signatory_basis = ""
    second = sign(personas, "bob", freeze)
    second.organisation_verification = {}
    with translation.override("nl"):
        pdf = rendering.render_signature_page(
            freeze=freeze, events=[], signatures=[first, second], certificate_sha256="ab", certificate_subject="Zegel"
        )
    text = page_text(pdf, first=0)
    alpha, beta = text.split(personas.alpha.name, 1)[1].split(personas.beta.name, 1)
    assert "Verificatie: niet geverifieerd" in alpha and "Tekenbevoegd: niet vastgelegd" in alpha
    assert "Verificatie: niet vastgelegd" in beta


def test_the_document_page_shows_the_verification_of_every_party(personas):
    verified_parties(personas)
    organisation = personas.beta
    organisation.verification_status = organisation.VerificationStatus.UNVERIFIED  # as a draft may have it
    organisation.save(update_fields=["verification_status"])
    write_agreement(personas)
    page = client_for(personas.alice).get(url(personas, "document")).content.decode()
    panel = page.split('id="status-heading"')[1].split("</section>")[0]
    assert "geverifieerd via eHerkenning (EH3)" in panel.split(personas.alpha.name)[1].split("</li>")[0]
    assert "niet geverifieerd" in panel.split(personas.beta.name)[1].split("</li>")[0]
    assert "Alleen een organisatie die op Samenwerkwijzer geverifieerd is, kan ondertekenen" in panel


def test_the_document_page_and_the_signing_trail_show_the_basis_of_each_signature(personas):
    verified_parties(personas)
    freeze = approved_agreement(personas)
    sign(personas, "alice", freeze)
    client = client_for(personas.bob)
    page = client.get(url(personas, "document")).content.decode()
    alpha = page.split('id="status-heading"')[1].split(personas.alpha.name)[1].split("</li>")[0]
    assert "geverifieerd via eHerkenning (EH3)" in alpha and "gemachtigd via eHerkenning voor Samenwerkwijzer" in alpha
    trail = client.get(url(personas, "freeze_detail", freeze.pk)).content.decode()
    row = trail.split(personas.alpha.name)[1].split("</tr>")[0]
    assert "geverifieerd via eHerkenning (EH3)" in row
    assert "gemachtigd via eHerkenning voor Samenwerkwijzer" in row and "geen wettelijke vertegenwoordiging" in row


def test_every_kind_of_basis_has_a_dutch_label():
    from samenwerkwijzer.organisations.templatetags.verification import signatory_basis_label

    with translation.override("nl"):
        assert signatory_basis_label("eherkenning") == "gemachtigd via eHerkenning voor Samenwerkwijzer"
        assert signatory_basis_label("extract") == "volgens het beoordeelde uittreksel uit het Handelsregister"
        assert signatory_basis_label("self") == "volgens de organisatie zelf"
        assert signatory_basis_label("") == signatory_basis_label("made-up") == "niet vastgelegd"
