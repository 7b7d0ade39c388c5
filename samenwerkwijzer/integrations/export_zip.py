"""The collaboration's export ZIP: every registered section as JSON plus the registered files.

Each app's ``api.py`` registers what it contributes (``integrations.exports``), in the API's own
serialisation and through the caller's access, so the ZIP holds exactly what that caller may read
through the API and the pages: before a reveal only their own organisation's answers. JSON is UTF-8,
indented, with dates and times in ISO 8601 as the API writes them. A README.txt in plain Dutch says
what is in it and when it was made.
"""

import io
import json
import zipfile

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.responses import NinjaJSONEncoder

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.lib.formatting import format_datetime

from .exports import FILES, SECTIONS


def _load_sections() -> None:
    """The API's routers register the sections when they are imported (as the URLconf does)."""
    import samenwerkwijzer.api  # noqa: F401


def section_json(data) -> bytes:
    return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def _readme(access: CollaborationAccess, *, made_at, sections: list[str], files: list[str]) -> str:
    with translation.override("nl"):  # the README is in Dutch, whatever the interface language
        lines = [
            _("Export of the collaboration “%(name)s”") % {"name": access.collaboration.name},
            "",
            _("Made on %(moment)s by %(person)s for %(organisation)s.")
            % {
                "moment": format_datetime(made_at),
                "person": access.user.display_name,
                "organisation": access.organisation.name if access.organisation else "-",
            },
            "",
            _(
                "This ZIP holds what you could see in Samenwerkwijzer at that moment: answers of other "
                "organisations only from rounds that were revealed."
            ),
            "",
            _("Data (JSON, UTF-8, in the same form as the API at /api/v1/ gives it; dates and times in ISO 8601):"),
            *[f"- {name}.json" for name in sections],
            "",
            _("Documents (PDF; a signed version is the sealed PDF):"),
            *([f"- {path}" for path in files] or ["- " + _("none")]),
            "",
        ]
    return "\n".join(lines)


def collaboration_export_zip(access: CollaborationAccess, *, now=None) -> bytes:
    """The ZIP of everything the caller may read of the collaboration."""
    _load_sections()
    made_at = now or timezone.now()
    buffer = io.BytesIO()
    sections, paths = [], []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(SECTIONS):
            archive.writestr(f"{name}.json", section_json(SECTIONS[name](access)))
            sections.append(name)
        for name in sorted(FILES):
            for path, payload in FILES[name](access):
                archive.writestr(path, payload)
                paths.append(path)
        archive.writestr("README.txt", _readme(access, made_at=made_at, sections=sections, files=paths))
    return buffer.getvalue()
