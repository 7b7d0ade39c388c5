import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.instruments.models import AnswerSet
from samenwerkwijzer.workspace import exit as exit_services
from samenwerkwijzer.workspace.export import collaboration_zip
from samenwerkwijzer.workspace.models import ExitProcess

from .factories import revealed_checker_round

pytestmark = pytest.mark.django_db


def lead(p):
    return get_collaboration_for_user(p.alice, p.collaboration.pk, lead=True)


def test_the_whole_exit_ends_in_a_read_only_archive(personas):
    process = exit_services.exit_start(access=lead(personas), reason="Het doel is bereikt.")
    assert process.final_round.instrument == "samenwerkingschecker"
    assert AnswerSet.objects.filter(round=process.final_round).count() == 2
    with pytest.raises(ValidationError):
        exit_services.exit_archive(access=lead(personas))

    partner = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    for index in range(len(process.checklist)):
        exit_services.exit_check_item(access=partner, index=index, done=True)
    exit_services.exit_record_division(access=lead(personas), text="Klanten blijven bij wie ze aanbracht.")
    round_ = process.final_round
    round_.revealed_at = round_.opened_at
    round_.closed_early_reason = "Afsluiting"
    round_.save(update_fields=["revealed_at", "closed_early_reason"])

    exit_services.exit_archive(access=lead(personas))
    personas.collaboration.refresh_from_db()
    assert personas.collaboration.is_archived
    assert personas.collaboration.audit_events.filter(action=AuditEvent.Action.ARCHIVED).exists()
    with pytest.raises(PermissionDenied):
        get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)


def test_only_the_lead_starts_the_exit_and_only_once(personas):
    partner = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    with pytest.raises(PermissionDenied):
        exit_services.exit_start(access=partner, reason="x")
    with pytest.raises(ValidationError):
        exit_services.exit_start(access=lead(personas), reason="  ")
    exit_services.exit_start(access=lead(personas), reason="Stoppen")
    with pytest.raises(ValidationError):
        exit_services.exit_start(access=lead(personas), reason="Nogmaals")
    assert ExitProcess.objects.count() == 1


def test_the_archive_lists_what_is_still_missing(personas):
    process = exit_services.exit_start(access=lead(personas), reason="Stoppen")
    blockers = exit_services.archive_blockers(process)
    assert len(blockers) == 3


def test_the_zip_holds_the_data_and_reports_a_participant_may_see(personas):
    revealed_checker_round(
        personas.collaboration,
        {personas.alpha: {"mutual_trust": 4, "grade": 7}, personas.beta: {"mutual_trust": 2, "grade": 6}},
    )
    archive = zipfile.ZipFile(io.BytesIO(collaboration_zip(lead(personas))))
    names = archive.namelist()
    assert "samenwerking.json" in names
    assert "rapporten/samenwerkingschecker-ronde-1.pdf" in names
    assert archive.read("rapporten/samenwerkingschecker-ronde-1.pdf").startswith(b"%PDF")
    data = json.loads(archive.read("samenwerking.json"))
    assert data["collaboration"]["name"] == "Zonnedak Zwaluwstaart"
    assert {a["organisation"] for a in data["instrument_rounds"][0]["answers"]} == {"Alpha Bakkerij", "Beta Transport"}
    assert any(e["action"] == "created" for e in data["audit_log"])


def test_the_zip_never_holds_another_organisations_unrevealed_answers(personas):
    round_ = revealed_checker_round(personas.collaboration, {personas.beta: {"mutual_trust": 1}})
    round_.revealed_at = None
    round_.save(update_fields=["revealed_at"])
    data = json.loads(zipfile.ZipFile(io.BytesIO(collaboration_zip(lead(personas)))).read("samenwerking.json"))
    assert data["instrument_rounds"][0]["answers"] == []


def test_observers_cannot_download_the_zip_and_outsiders_get_not_found(
    client, personas, django_capture_on_commit_callbacks
):
    from samenwerkwijzer.integrations.tests.background import content, download_export

    url = reverse("workspace:export_zip", args=[personas.collaboration.pk])
    client.force_login(personas.olivia)
    assert client.get(url).status_code == 403
    client.force_login(personas.charlie)
    assert client.get(url).status_code == 404
    client.force_login(personas.bob)
    # Made in the background (workspace/export_kinds.py), downloaded from its page: the same ZIP.
    response = download_export(client, url, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="archief-zonnedak-zwaluwstaart.zip"'
    archive = zipfile.ZipFile(io.BytesIO(content(response)))
    bob = get_collaboration_for_user(personas.bob, personas.collaboration.pk)
    direct = zipfile.ZipFile(io.BytesIO(collaboration_zip(bob)))
    assert archive.namelist() == direct.namelist()
    made, expected = json.loads(archive.read("samenwerking.json")), json.loads(direct.read("samenwerking.json"))
    made.pop("exported_at"), expected.pop("exported_at")
    assert made == expected


def test_the_exit_page_guides_the_lead(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("workspace:exit", args=[personas.collaboration.pk])).content.decode()
    assert "Beëindiging starten" in page
    client.post(reverse("workspace:exit_start", args=[personas.collaboration.pk]), {"reason": "Doel bereikt"})
    page = client.get(reverse("workspace:exit", args=[personas.collaboration.pk])).content.decode()
    assert "Doel bereikt" in page
