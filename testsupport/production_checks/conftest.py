import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

SITE = os.environ.get("PRODUCTION_SITE", "")
CA = os.environ.get("PRODUCTION_CA", "")
DEMO_PASSWORD = "Samenwerken-2026!"
REPO = Path(__file__).resolve().parents[2]
UPLOAD_RECORD = "uploaded-extract.sha256"


@pytest.fixture
def site():
    if not SITE:
        pytest.skip("runs only inside scripts/ci_production.py")
    return SITE


def https_session() -> requests.Session:
    """A client that checks the server's certificate against the test CA (never switched off)."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE from the machine would replace the test CA
    session.verify = CA
    return session


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(session: requests.Session, email: str, password: str = DEMO_PASSWORD) -> requests.Response:
    page = session.get(f"{SITE}/accounts/login/")
    response = session.post(
        f"{SITE}/accounts/login/",
        data={"csrfmiddlewaretoken": csrf_token(page.text), "login": email, "password": password},
        headers={"Referer": f"{SITE}/accounts/login/"},
    )
    assert response.status_code == 200, response.status_code
    assert "/accounts/login/" not in response.url, "the login did not succeed"
    return response


def environment_from(env_file: str) -> dict[str, str]:
    values = dict(line.split("=", 1) for line in Path(env_file).read_text().splitlines() if "=" in line)
    return {**os.environ, **values, "DJANGO_SETTINGS_MODULE": "samenwerkwijzer.settings"}


def django_facts(env_file: str, body: str) -> dict:
    """Run ``body`` (which sets ``facts``) in Django with an installation's configuration; its facts."""
    script = "import json, django\ndjango.setup()\n" + body + "\nprint(json.dumps(facts))\n"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=environment_from(env_file), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def extract_upload_url(site: str) -> str:
    """The extract upload page of the demo's unverified organisation (charlie@example.org administers it)."""
    facts = django_facts(
        os.environ["PRODUCTION_ENV_FILE"],
        "from samenwerkwijzer.organisations.models import Organisation\n"
        "facts = {'pk': Organisation.objects.get(name='Bouwadvies Jansen').pk}",
    )
    return f"{site}/verification/organisations/{facts['pk']}/extract/"


def upload_extract(session: requests.Session, url: str, pdf: bytes, filename: str) -> bool:
    """Upload ``pdf`` as a Handelsregister extract through the form; was it accepted?"""
    import datetime

    page = session.get(url)
    assert page.status_code == 200
    response = session.post(
        url,
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "extract_date": datetime.date.today().isoformat(),
            "signatories": "",
        },
        files={"extract": (filename, pdf, "application/pdf")},
        headers={"Referer": url},
    )
    return response.status_code == 200 and response.url != url
