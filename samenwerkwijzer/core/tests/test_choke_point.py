"""Views, API endpoints and exports reach collaborations only through the access helpers."""

import re
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "samenwerkwijzer"
# Ways around the choke point: a direct query on Collaboration, or Django's shortcut that
# answers 404 without knowing who asks.
FORBIDDEN = re.compile(r"\bCollaboration\.objects\b|\bget_object_or_404\(|\bget_list_or_404\(")


def entry_points():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        if (
            path.name in {"views.py", "api.py", "export.py"}
            or "views" in relative.parts
            or path.name.startswith("views_")
        ):
            yield path


def test_views_and_api_do_not_query_collaborations_directly():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in entry_points()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert not offenders, "Use the access helpers in collaborations/access.py instead:\n" + "\n".join(offenders)


def test_the_guard_finds_what_it_looks_for():
    assert FORBIDDEN.search("x = Collaboration.objects.get(pk=1)")
    assert FORBIDDEN.search("get_object_or_404(Meeting, pk=1)")
    assert not FORBIDDEN.search("collaborations_for_user(user)")
    assert any(p.name == "views.py" for p in entry_points())
