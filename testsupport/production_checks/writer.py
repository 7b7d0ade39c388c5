"""A user who keeps writing while the backup runs: uploads extracts through the proxy until told to stop.

    python -m testsupport.production_checks.writer STOP_FILE COUNT_FILE

Each upload writes a file into VAR_DIR and a row into the database, the pair a backup must keep
consistent. COUNT_FILE gets the number of uploads the server accepted.
"""

import datetime
import os
import re
import sys
import time
from pathlib import Path

from .conftest import SITE, django_facts, https_session, log_in


def main() -> None:
    stop, count_file = Path(sys.argv[1]), Path(sys.argv[2])
    from weasyprint import HTML

    facts = django_facts(
        os.environ["PRODUCTION_ENV_FILE"],
        "from samenwerkwijzer.organisations.models import Organisation\n"
        "facts = {'pk': Organisation.objects.get(name='Bouwadvies Jansen').pk}",
    )
    session = https_session()
    log_in(session, "charlie@example.org")
    url = f"{SITE}/verification/organisations/{facts['pk']}/extract/"
    accepted = 0
    while not stop.exists():
        page = session.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        pdf = HTML(string=f"<h1>Uittreksel {accepted}</h1><p>{time.time()}</p>").write_pdf()
        response = session.post(
            url,
            data={"csrfmiddlewaretoken": token, "extract_date": datetime.date.today().isoformat(), "signatories": ""},
            files={"extract": (f"uittreksel-{accepted}.pdf", pdf, "application/pdf")},
            headers={"Referer": url},
        )
        if response.status_code == 200 and response.url != url:
            accepted += 1
            count_file.write_text(str(accepted))


if __name__ == "__main__":
    main()
