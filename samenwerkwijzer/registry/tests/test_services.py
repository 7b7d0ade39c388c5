import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.registry.client import RegistryUnavailable
from samenwerkwijzer.registry.insolvency import InsolvencyClient
from samenwerkwijzer.registry.models import RegistryCheck, SignatoryStatement
from samenwerkwijzer.registry.services import registry_check_run, signatory_statement_upload

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


@pytest.mark.parametrize("who", ["observer", "partner of an archived collaboration"])
def test_only_a_partner_of_a_running_collaboration_files_a_signatory_statement(personas, who):
    p = personas
    if who == "observer":
        access = get_collaboration_for_user(p.olivia, p.collaboration.pk)
    else:
        p.collaboration.archived_at = timezone.now()
        p.collaboration.save(update_fields=["archived_at"])
        access = get_collaboration_for_user(p.bob, p.collaboration.pk)
    upload = SimpleUploadedFile("uittreksel.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(PermissionDenied):
        signatory_statement_upload(access=access, signatories="Bob Partner, directeur", upload=upload)
    assert not SignatoryStatement.objects.exists()
