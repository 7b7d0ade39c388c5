"""The restored installation: the demo collaboration's pages, downloads and sealed agreements are
all there and the sealed agreements still verify (with the restored copy's own configuration)."""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import SITE, https_session, log_in

REPO = Path(__file__).resolve().parents[2]


def restored_environment() -> dict[str, str]:
    values = dict(
        line.split("=", 1) for line in Path(os.environ["RESTORED_ENV_FILE"]).read_text().splitlines() if "=" in line
    )
    return {**os.environ, **values}


def manage(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=REPO, env=restored_environment(), capture_output=True, text=True
    )


def restored_facts() -> dict:
    """What the restored database holds, read through Django with the restored configuration."""
    script = """
import json, django
django.setup()
from samenwerkwijzer.agreements.models import SealedDocument
from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.verification.models import ExtractSubmission
from django.urls import reverse
slugs = {"letter_of_intent": "letter-of-intent", "agreement": "agreement"}
collaboration = Collaboration.objects.get(name="Broodroute Vechtstreek")
sealed = [
    {"url": reverse("agreements:signed_pdf", args=[s.freeze.document.collaboration_id, slugs[s.freeze.document.kind],
     s.freeze_id]), "freeze": s.freeze_id, "sha256": s.sha256}
    for s in SealedDocument.objects.select_related("freeze__document")
]
extracts = [{"path": e.extract.path, "name": e.extract.name} for e in ExtractSubmission.objects.exclude(extract="")]
print(json.dumps({"collaboration": collaboration.pk, "sealed": sealed, "extracts": extracts}))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env={**restored_environment(), "DJANGO_SETTINGS_MODULE": "samenwerkwijzer.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_collaboration_pages_are_there(site):
    facts = restored_facts()
    session = https_session()
    log_in(session, "alice@example.org")
    dashboard = session.get(f"{SITE}/collaborations/{facts['collaboration']}/")
    assert dashboard.status_code == 200
    assert "Broodroute Vechtstreek" in dashboard.text
    links = set(re.findall(rf'href="(/collaborations/{facts["collaboration"]}/[^"#?]*)"', dashboard.text))
    assert len(links) > 5
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
    facts = restored_facts()
    assert facts["extracts"], "the demo has an uploaded extract"
    for extract in facts["extracts"]:
        path = Path(extract["path"])
        assert path.exists(), f"{extract['name']} is missing in the restored VAR_DIR"
        assert path.read_bytes().startswith(b"%PDF")
