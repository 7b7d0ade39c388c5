"""The restored installation: the demo collaboration's pages, downloads and sealed agreements are
all there and the sealed agreements still verify (with the restored copy's own configuration)."""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, SITE, UPLOAD_RECORD, django_facts, environment_from, https_session, log_in


def manage(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPO,
        env=environment_from(os.environ["RESTORED_ENV_FILE"]),
        capture_output=True,
        text=True,
    )


def restored_facts() -> dict:
    """What the restored database holds, read through Django with the restored configuration."""
    return django_facts(
        os.environ["RESTORED_ENV_FILE"],
        """
import hashlib
from django.urls import reverse
from samenwerkwijzer.agreements.models import SealedDocument
from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.verification.models import ExtractSubmission
slugs = {"letter_of_intent": "letter-of-intent", "agreement": "agreement"}
sealed = [
    {"url": reverse("agreements:signed_pdf", args=[s.freeze.document.collaboration_id, slugs[s.freeze.document.kind],
     s.freeze_id]), "freeze": s.freeze_id, "sha256": s.sha256}
    for s in SealedDocument.objects.select_related("freeze__document")
]
extracts = []
missing = []
for e in ExtractSubmission.objects.exclude(extract=""):
    if e.extract.storage.exists(e.extract.name):
        extracts.append(hashlib.sha256(e.extract.read()).hexdigest())
    else:
        missing.append(e.extract.name)
facts = {"collaboration": Collaboration.objects.get(name="Broodroute Vechtstreek").pk, "sealed": sealed,
         "extracts": extracts, "missing": missing}
""",
    )


def test_the_demo_collaboration_pages_are_there(site):
    facts = restored_facts()
    session = https_session()
    log_in(session, "alice@example.org")
    dashboard = session.get(f"{SITE}/collaborations/{facts['collaboration']}/")
    assert dashboard.status_code == 200
    assert "Broodroute Vechtstreek" in dashboard.text
    links = set(re.findall(rf'href="(/collaborations/{facts["collaboration"]}/[^"#?]*)"', dashboard.text))
    assert len(links) >= 4, links
    for link in sorted(links):
        response = session.get(SITE + link)
        assert response.status_code == 200, f"{link} gives {response.status_code} on the restored copy"


def test_sealed_agreements_download_and_still_verify(site, tmp_path):
    facts = restored_facts()
    assert facts["sealed"], "the restored copy has no sealed agreement"
    session = https_session()
    log_in(session, "alice@example.org")
    for sealed in facts["sealed"]:
        url = sealed["url"]
        response = session.get(SITE + url)
        assert response.status_code == 200, url
        assert hashlib.sha256(response.content).hexdigest() == sealed["sha256"]
        path = tmp_path / f"{sealed['freeze']}.pdf"
        path.write_bytes(response.content)
        result = manage("agreement_verify", str(path))
        assert result.stdout.splitlines()[0] == "valid", result.stdout + result.stderr
        assert "PAdES B-LTA" in result.stdout


def test_uploaded_files_are_restored(site):
    uploaded = (Path(os.environ["PRODUCTION_WORK"]) / UPLOAD_RECORD).read_text()
    assert uploaded in restored_facts()["extracts"], "the extract uploaded before the backup is not in the restore"


def test_a_backup_taken_while_a_user_writes_is_consistent(site):
    """Every uploaded file a restored row refers to is in the restored VAR_DIR (the writer uploaded
    files through the proxy during the whole backup)."""
    facts = restored_facts()
    assert facts["missing"] == [], f"restored rows whose file is not restored: {facts['missing']}"
    assert len(facts["extracts"]) >= 2  # the upload before the backup, and at least one during it
