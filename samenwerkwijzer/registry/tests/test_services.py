import pytest

from samenwerkwijzer.registry.client import RegistryUnavailable
from samenwerkwijzer.registry.insolvency import InsolvencyClient
from samenwerkwijzer.registry.services import fetch_profile

pytestmark = pytest.mark.django_db


def test_the_check_keeps_what_the_cir_said(fake_kvk, fake_cir):
    profile = fetch_profile(kvk_number="69599084")
    data = profile.to_dict()
    assert data["name"] == "Test EMZ Dagobert"
    assert data["insolvency_check"] == {"checked_on": "2026-08-20", "cases": [], "failed": False, "omitted": 0}
    assert profile.insolvency_check.cases == []


def test_a_cir_failure_keeps_the_kvk_result_with_a_note(fake_kvk, fake_cir):
    fake_cir.broken = 500
    profile = fetch_profile(kvk_number="69599084", insolvency_client=InsolvencyClient(backoff=0.01, retries=2))
    assert profile.found and profile.source == "kvk_api"
    assert profile.name == "Test EMZ Dagobert" and profile.legal_form == "Eenmanszaak"
    assert profile.insolvency_check.failed is True
    assert any(
        note.startswith("Insolventieregister niet geraadpleegd: ") and "storing" in note for note in profile.notes
    )
    assert len(fake_cir.bodies) == 2


def test_a_kvk_failure_raises_and_the_cir_is_not_asked(fake_kvk, fake_cir):
    with pytest.raises(RegistryUnavailable):
        fetch_profile(kvk_number="90002903")
    assert fake_cir.bodies == []
