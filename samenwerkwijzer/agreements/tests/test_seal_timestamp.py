"""The seal with a trusted timestamp and long-term validation info, against a real local TSA,
OCSP responder and CRLs (certomancer, testsupport/pki.py)."""

from samenwerkwijzer.agreements import sealing
from samenwerkwijzer.agreements.models import SealedDocument

from .factories import signed_agreement


def test_a_signed_agreement_is_sealed_at_pades_b_lta_with_the_tsa(personas, pki_seal):
    freeze = signed_agreement(personas)
    sealed = SealedDocument.objects.get(freeze=freeze)
    assert sealed.pades_level == "B-LTA"
    assert "Samenwerkwijzer Test Seal" in sealed.certificate_subject
    assert "Time-Stamping Authority" in sealed.tsa_subject
    assert sealed.timestamped_at is not None
    assert sealed.archive_timestamp_expires_at > sealed.sealed_at
    facts = sealing.facts_of(bytes(sealed.pdf))
    assert facts.pades_level == "B-LTA"
