"""The network's export ZIP for its members: what the caller may read of the network, in the API's own
serialisation (``networks/api.py``), written as the collaboration's export writes its JSON
(``integrations/export_zip.section_json``: UTF-8, indented, dates and times in ISO 8601).

- ``network.json``: the network with its coordinators and expertises;
- ``members.json``: the active members' profiles (expertises, rate, home area, availability, track record);
- ``assignments.json``: every assignment with its needs, proposal, team, agreement and the evaluations
  the caller may see (the blind rule: before the reveal only their own organisation's);
- ``members.csv``: the members as a table (Excel (NL) form, formulas neutralised: ``lib/csv_export``);
- ``README.txt`` in plain Dutch: what is in it and when it was made.
"""

import io
import zipfile

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenwerkwijzer.integrations.export_zip import section_json
from samenwerkwijzer.lib import csv_export
from samenwerkwijzer.lib.formatting import format_date, format_datetime

from . import api
from .access import NetworkAccess

SECTIONS = ("network", "members", "assignments")


def _sections(access: NetworkAccess) -> dict:
    network = api.NetworkDetailOut.model_validate(api.network_detail_out(access)).model_dump(mode="json")
    members = [
        api.MemberOut.model_validate(api.member_out(member)).model_dump(mode="json")
        for member in api.members_for(access)
    ]
    assignments = [
        {
            **api.AssignmentDetailOut.model_validate(api.assignment_detail_out(access, assignment)).model_dump(
                mode="json"
            ),
            "evaluations": api.EvaluationsOut.model_validate(api.evaluations_out(access, assignment)).model_dump(
                mode="json"
            ),
        }
        for assignment in api.assignments_for(access)
    ]
    return {"network": network, "members": members, "assignments": assignments}


def members_csv(access: NetworkAccess) -> bytes:
    header = [
        _("Organisation"),
        _("Role"),
        _("Expertises"),
        _("Day rate"),
        _("Rate band"),
        _("Postcode area"),
        _("Place"),
        _("Member since"),
        _("Assignments"),
        _("Average grade"),
    ]
    rows = []
    for member in api.members_for(access):
        profile = api.member_out(member)
        record = profile["track_record"]
        rows.append(
            [
                profile["organisation"]["name"],
                profile["role_label"],
                ", ".join(profile["expertises"]),
                csv_export.Number.of(member.day_rate, 2) if member.day_rate is not None else "",
                profile["rate_band_label"],
                profile["home_pc4"],
                profile["home_place"],
                format_date(timezone.localtime(member.joined_at).date()),
                record["assignments"],
                csv_export.Number.of(record["average_grade"], 1) if record["average_grade"] is not None else "",
            ]
        )
    return csv_export.render(rows, header=header, variant=csv_export.Variant.EXCEL_NL)


def _readme(access: NetworkAccess, *, made_at) -> str:
    lines = [
        _("Export of the network “%(name)s”") % {"name": access.network.name},
        "",
        _("Made on %(moment)s by %(person)s for %(organisation)s.")
        % {
            "moment": format_datetime(made_at),
            "person": access.user.display_name,
            "organisation": access.organisation.name,
        },
        "",
        _(
            "This ZIP holds what you could see of the network in Samenwerkwijzer at that moment: other "
            "members' evaluations only of assignments whose evaluations were revealed."
        ),
        "",
        _("Data (JSON, UTF-8, in the same form as the API at /api/v1/ gives it; dates and times in ISO 8601):"),
        *[f"- {name}.json" for name in SECTIONS],
        "",
        _("The members as a table (CSV for Excel with Dutch settings):"),
        "- members.csv",
        "",
    ]
    return "\n".join(lines)


def network_export_zip(access: NetworkAccess, *, now=None) -> bytes:
    """The ZIP of everything the caller may read of the network. Texts in Dutch, whatever the
    interface language, as the collaboration's export."""
    made_at = now or timezone.now()
    buffer = io.BytesIO()
    with translation.override("nl"), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _sections(access).items():
            archive.writestr(f"{name}.json", section_json(data))
        archive.writestr("members.csv", members_csv(access))
        archive.writestr("README.txt", _readme(access, made_at=made_at))
    return buffer.getvalue()
