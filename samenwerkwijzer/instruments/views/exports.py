"""PDF report and CSV (plain or Excel (NL), ``?variant=``) of a revealed round, through the same access rules as the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samenwerkwijzer.integrations.background_exports import export_response
from samenwerkwijzer.lib import csv_export

from .. import pdf
from ..access import get_round_for_access, visible_answer_sets
from . import collaboration_access


def _not_yet(request, pk, round_):
    messages.info(request, _("The report is available once every partner has submitted."))
    return redirect("instruments:round_detail", pk, round_.pk)


def file_name(access, round_, extension) -> str:
    """In Dutch and sortable: "bakkerij-samen-tien-basisvragen-ronde-1-2026-12-06.pdf"."""
    name = slugify(access.collaboration.name) or "samenwerking"
    instrument = slugify(round_.instrument.replace("_", "-"))
    shown_on = timezone.localtime(round_.revealed_at).date().isoformat() if round_.revealed_at else ""
    return (
        "-".join(part for part in (name, instrument, "ronde", str(round_.number), shown_on) if part) + f".{extension}"
    )


@require_GET
@login_required
def round_pdf(request, pk, round_pk):
    access = collaboration_access(request, pk)
    round_ = get_round_for_access(access, round_pk)
    if not round_.is_revealed():
        return _not_yet(request, pk, round_)
    # Made in the background (instruments/export_kinds.py): at once when just made, else its progress page.
    params = {
        "collaboration_id": access.collaboration.pk,
        "round_id": round_.pk,
        "organisation_id": access.organisation.pk if access.organisation else None,
    }
    return export_response(request, kind="round_pdf", params=params)


@require_GET
@login_required
def round_csv(request, pk, round_pk):
    access = collaboration_access(request, pk)
    round_ = get_round_for_access(access, round_pk)
    if not round_.is_revealed():
        return _not_yet(request, pk, round_)
    answer_sets = visible_answer_sets(access, round_)[round_.pk]
    header, rows = pdf.round_csv_table(round_, answer_sets)
    # Without ``?variant=`` the Excel (NL) form, as this URL has always given (tools rely on it).
    return csv_export.csv_response(
        request, rows, header=header, filename=file_name(access, round_, "csv"), default=csv_export.Variant.EXCEL_NL
    )
