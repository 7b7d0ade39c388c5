"""A user who keeps writing while the backup runs: uploads extracts through the proxy until told to stop.

    python -m testsupport.production_checks.writer STOP_FILE COUNT_FILE

Each upload writes a file into VAR_DIR and a row into the database, the pair a backup must keep
consistent. COUNT_FILE gets the number of uploads the server accepted.
"""

import sys
import time
from pathlib import Path

from .conftest import SITE, extract_upload_url, https_session, log_in, upload_extract


def main() -> None:
    stop, count_file = Path(sys.argv[1]), Path(sys.argv[2])
    from weasyprint import HTML

    session = https_session()
    log_in(session, "charlie@example.org")
    url = extract_upload_url(SITE)
    accepted = 0
    while not stop.exists():
        pdf = HTML(string=f"<h1>Uittreksel {accepted}</h1><p>{time.time()}</p>").write_pdf()
        if upload_extract(session, url, pdf, f"uittreksel-{accepted}.pdf"):
            accepted += 1
            count_file.write_text(str(accepted))


if __name__ == "__main__":
    main()
