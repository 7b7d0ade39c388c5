"""Everything of a collaboration as one ZIP for its participants: JSON of all data plus PDF reports.

Reads only through the requester's access: round answers through the blind rule
(``instruments.access.visible_answer_sets``), so an export never holds more than the
pages show. Apps with documents of their own contribute through an optional
``<app>.export.collaboration_export(access) -> (data, files)`` function.
"""

import importlib
import io
import json
import zipfile
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.collaborations.selectors import phase_state
from samenwerkwijzer.instruments import selectors as instrument_selectors
from samenwerkwijzer.instruments.access import visible_answer_sets
from samenwerkwijzer.instruments.models import ActionItem, Conclusion, Round
from samenwerkwijzer.instruments.pdf import render_round_pdf

from .models import ExitProcess, Meeting, WorkGoal

CONTRIBUTING_APPS = ("agreements", "legalforms")


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value))


def _collaboration(access) -> dict:
    c = access.collaboration
    return {
        "name": c.name,
        "purpose": c.purpose,
        "ambition_level": c.ambition_level,
        "duration_kind": c.duration_kind,
        "planned_end_date": c.planned_end_date,
        "phase": str(phase_state(c).current),
        "created_at": c.created_at,
        "archived_at": c.archived_at,
        "participants": [
            {
                "organisation": p.organisation.name,
                "kvk_number": p.organisation.kvk_number,
                "role": p.role,
                "joined_at": p.joined_at,
            }
            for p in c.participants.select_related("organisation")
        ],
        "observers": [o.user.display_name for o in c.observers.select_related("user")],
    }


def _rounds(access) -> tuple[list[dict], list[Round]]:
    rounds = list(Round.objects.filter(collaboration=access.collaboration).order_by("instrument", "number"))
    visible = visible_answer_sets(access, rounds)
    conclusions = {}
    for conclusion in Conclusion.objects.filter(round__in=rounds):
        conclusions.setdefault(conclusion.round_id, {})[conclusion.item_id] = conclusion.text
    data = [
        {
            "instrument": r.instrument,
            "number": r.number,
            "opened_at": r.opened_at,
            "revealed_at": r.revealed_at,
            "closed_early_reason": r.closed_early_reason,
            "answers": [
                {"organisation": a.organisation.name, "submitted_at": a.submitted_at, "answers": a.answers}
                for a in visible[r.pk]
            ],
            "conclusions": conclusions.get(r.pk, {}),
        }
        for r in rounds
    ]
    return data, [r for r in rounds if r.is_revealed()]


def _workspace(access) -> dict:
    c = access.collaboration
    process = ExitProcess.objects.filter(collaboration=c).first()
    return {
        "work_goals": list(WorkGoal.objects.filter(collaboration=c).values("year", "title", "agreement_goal")),
        "action_items": [
            {
                "description": a.description,
                "owner": a.owner_organisation.name,
                "due_date": a.due_date,
                "status": a.status,
                "source": a.source,
            }
            for a in ActionItem.objects.filter(collaboration=c).select_related("owner_organisation")
        ],
        "meetings": [
            {
                "title": m.title,
                "starts_at": m.starts_at,
                "duration_minutes": m.duration_minutes,
                "location": m.location,
                "agenda": [{"subject": i.title, "minutes": i.minutes} for i in m.agenda_items.all()],
            }
            for m in Meeting.objects.filter(collaboration=c).prefetch_related("agenda_items")
        ],
        "exit": None
        if process is None
        else {
            "reason": process.reason,
            "started_at": process.started_at,
            "checklist": process.checklist,
            "results_division": process.results_division,
        },
    }


def collaboration_zip(access: CollaborationAccess) -> bytes:
    data = {
        "exported_at": timezone.now(),
        "collaboration": _collaboration(access),
        "audit_log": list(
            AuditEvent.objects.filter(collaboration=access.collaboration)
            .order_by("created_at", "id")
            .values("created_at", "actor_name", "actor_organisation_name", "action", "details")
        ),
        "workspace": _workspace(access),
    }
    data["instrument_rounds"], revealed = _rounds(access)
    files: list[tuple[str, bytes]] = []
    for round_ in revealed:
        context = instrument_selectors.round_results(access, round_)
        pdf = render_round_pdf(context, base_url=settings.SITE_URL)
        files.append((f"rapporten/{round_.instrument.replace('_', '-')}-ronde-{round_.number}.pdf", pdf))
    for app in CONTRIBUTING_APPS:
        try:
            module = importlib.import_module(f"samenwerkwijzer.{app}.export")
        except ModuleNotFoundError:
            continue
        app_data, app_files = module.collaboration_export(access)
        data[app] = app_data
        files += app_files
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "samenwerking.json", json.dumps(data, default=_jsonable, ensure_ascii=False, indent=2).encode()
        )
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
