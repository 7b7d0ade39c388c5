"""Read-only JSON API of the instruments (mounted at /api/v1/instruments).

Answers come only from ``access.visible_answer_sets``: before the reveal a caller sees
its own organisation's answers, observers and outsiders see none. Writes happen in the
web pages (CSRF-protected forms), not here. Like the pages, the API uses the browser
session; an anonymous caller is sent to the login page.
"""

from dataclasses import fields, is_dataclass
from datetime import datetime

from django.contrib.auth.views import redirect_to_login
from ninja import Router, Schema

from samenwerkwijzer.collaborations.access import get_collaboration_for_request
from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.organisations.schemas import VerificationOut

from . import definitions
from .access import get_round_for_access, submission_status, visible_answer_sets
from .models import Round

router = Router(tags=["instruments"])


class SubmissionOut(Schema):
    organisation: str
    submitted: bool
    verification: VerificationOut


class AnswerSetOut(Schema):
    organisation: str
    submitted_at: datetime | None
    verification: VerificationOut
    answers: dict


class RoundOut(Schema):
    id: int
    instrument: str
    definition_version: int
    number: int
    opened_at: datetime
    revealed_at: datetime | None
    closed_early_reason: str
    submissions: list[SubmissionOut]


class RoundDetailOut(RoundOut):
    answer_sets: list[AnswerSetOut]


def _plain(value):
    if isinstance(value, definitions.Text):
        return {"nl": value.nl, "en": value.en}
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value) if not f.name.startswith("_")}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _verifications(status: dict[int, list[dict]]) -> dict[int, dict]:
    """Each answering organisation's verification, in one query (the ids come from the rounds' status)."""
    ids = {s["organisation_id"] for rows in status.values() for s in rows}
    return {o.pk: o.verification_dict() for o in Organisation.objects.filter(pk__in=ids)}


def _round_out(round_: Round, status: list[dict], verifications: dict[int, dict]) -> dict:
    return {
        "id": round_.pk,
        "instrument": round_.instrument,
        "definition_version": round_.definition_version,
        "number": round_.number,
        "opened_at": round_.opened_at,
        "revealed_at": round_.revealed_at,
        "closed_early_reason": round_.closed_early_reason if round_.is_revealed() else "",
        "submissions": [
            {
                "organisation": s["organisation_name"],
                "submitted": s["submitted"],
                "verification": verifications[s["organisation_id"]],
            }
            for s in status
        ],
    }


def _access(request, pk):
    return get_collaboration_for_request(request, pk)


@router.get("/definitions", response=list[dict], url_name="instruments_definitions")
def definition_list(request):
    """The latest version of every instrument definition, in Dutch and English."""
    return [
        _plain(instrument) for instrument in sorted(definitions.registry().values(), key=lambda i: (i.key, i.version))
    ]


@router.get("/collaborations/{int:pk}/rounds", response=list[RoundOut], url_name="instruments_rounds")
def round_list(request, pk: int):
    """The rounds of a collaboration and who has submitted in each (never what)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    access = _access(request, pk)
    rounds = list(Round.objects.filter(collaboration=access.collaboration).order_by("instrument", "number"))
    status = submission_status(rounds)
    verifications = _verifications(status)
    return [_round_out(round_, status[round_.pk], verifications) for round_ in rounds]


@router.get("/collaborations/{int:pk}/rounds/{int:round_pk}", response=RoundDetailOut, url_name="instruments_round")
def round_detail(request, pk: int, round_pk: int):
    """One round with the answers the caller may see: its own before the reveal, all submitted after."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    access = _access(request, pk)
    round_ = get_round_for_access(access, round_pk)
    answer_sets = visible_answer_sets(access, round_)[round_.pk]
    status = submission_status([round_])
    verifications = _verifications(status)
    return {
        **_round_out(round_, status[round_.pk], verifications),
        "answer_sets": [
            {
                "organisation": a.organisation.name,
                "submitted_at": a.submitted_at,
                "answers": a.answers,
                "verification": a.organisation.verification_dict(),
            }
            for a in answer_sets
        ],
    }
