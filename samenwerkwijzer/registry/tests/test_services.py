import pytest

from samenwerkwijzer.registry.client import RegistryUnavailable
from samenwerkwijzer.registry.insolvency import InsolvencyClient
from samenwerkwijzer.registry.models import RegistryCheck
from samenwerkwijzer.registry.services import registry_check_run

pytestmark = pytest.mark.django_db


def test_the_check_keeps_what_the_cir_said(personas, fake_kvk, fake_cir):
    check = registry_check_run(kvk_number="69599084", user=personas.alice)
    check.refresh_from_db()
    assert check.result["name"] == "Test EMZ Dagobert"
    assert check.result["insolvency_check"] == {"checked_on": "2026-08-20", "cases": [], "failed": False, "omitted": 0}
    assert check.profile.insolvency_check.cases == []


def test_a_cir_failure_keeps_the_kvk_result_with_a_note(personas, fake_kvk, fake_cir):
    fake_cir.broken = 500
    check = registry_check_run(
        kvk_number="69599084", user=personas.alice, insolvency_client=InsolvencyClient(backoff=0.01, retries=2)
    )
    check.refresh_from_db()
    assert check.found and check.source == "kvk_api"
    profile = check.profile
    assert profile.name == "Test EMZ Dagobert" and profile.legal_form == "Eenmanszaak"
    assert profile.insolvency_check.failed is True
    assert any(
        note.startswith("Insolventieregister niet geraadpleegd: ") and "storing" in note for note in profile.notes
    )
    assert len(fake_cir.bodies) == 2


def test_a_kvk_failure_still_writes_nothing_and_the_cir_is_not_asked(personas, fake_kvk, fake_cir):
    with pytest.raises(RegistryUnavailable):
        registry_check_run(kvk_number="90002903", user=personas.alice)
    assert not RegistryCheck.objects.exists()
    assert fake_cir.bodies == []
