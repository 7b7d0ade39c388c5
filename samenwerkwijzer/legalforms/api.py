"""Public JSON API of the legal-form advice: ``POST /api/v1/legal-forms/advice``.

No login; rate limited per client address (django-ninja throttling on the Django
cache). Texts follow the request's ``Accept-Language`` (Dutch by default). Invalid
input, including a body that is not JSON, gets 422 with the field errors.
"""

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.models import Body, BodyModel
from ninja.throttling import AnonRateThrottle
from pydantic import BeforeValidator, ConfigDict, StrictBool, StrictInt

from samenwerkwijzer.integrations.api_support import MessageOut, ValidationErrorOut

from . import advice
from .knowledge import get_knowledge
from .presentation import closing_advice, present_ranking, unmet_hard_wishes

router = Router(tags=["legal forms"])

# Per client address. Enough for people and scripts that try a few variants; a flood gets 429.
ADVICE_RATE = "60/m"
advice_throttle = AnonRateThrottle(ADVICE_RATE)

NOT_JSON_MESSAGE = "The request body must be a JSON object (Content-Type: application/json)."
EMPTY_BODY_MESSAGE = "The request body is empty: send the intake as a JSON object."


class _JsonBodyModel(BodyModel):
    """Ninja's body model, but a body that is not JSON is a validation error (422), not a 400."""

    @classmethod
    def get_request_data(cls, request, api, path_params):
        if not request.body:
            raise NinjaValidationError([{"type": "missing", "loc": ["body"], "msg": EMPTY_BODY_MESSAGE}])
        try:
            return super().get_request_data(request, api, path_params)
        except HttpError as error:
            raise NinjaValidationError([{"type": "json_invalid", "loc": ["body"], "msg": NOT_JSON_MESSAGE}]) from error


class JsonBody(Body):
    """Marks a JSON body parameter: ``intake: Annotated[AdviceIntakeIn, JsonBody(...)]``."""

    _model = _JsonBodyModel

    @classmethod
    def _param_source(cls) -> str:
        return "body"


def accepted_language(header: str | None) -> str:
    """'nl' or 'en' from an Accept-Language header: the supported language with the highest q; Dutch by default."""
    best, best_q = "nl", 0.0
    for part in (header or "").split(","):
        tag, _sep, params = part.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        if language not in ("nl", "en"):
            continue
        q = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        # A strictly higher q wins, so on a tie the earlier language stays; q=0 means "not this one".
        if 0.0 < q <= 1.0 and q > best_q:
            best, best_q = language, q
    return best


def _whole_number(value):
    """JSON Schema's "integer" includes a number like 3.0; a string, a bool or 2.5 stays wrong."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A whole number as JSON Schema means it: 3 and 3.0, never "3", true or 2.5.
WholeNumber = Annotated[StrictInt, BeforeValidator(_whole_number)]


class AdviceIntakeIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "duration": "structural",
                "founders": 3,
                "founder_kind": "natural",
                "purpose": "share_risk",
                "exclude_private_liability": False,
                "notary_ok": True,
                "silent_investors": True,
                "free_profession": False,
                "profit_to_members": True,
            }
        },
    )

    duration: Literal[advice.DURATIONS] = Field(
        ...,
        description=(
            "incidental: once or for a short time; structural: for a longer time or indefinitely, or again and "
            "again. It is about duration: a project of some years is structural."
        ),
    )
    founders: WholeNumber = Field(..., ge=1, description="Number of parties that start the collaboration (at least 1).")
    founder_kind: Literal[advice.FOUNDER_KINDS] = Field(
        ..., description="natural persons, legal entities, or a mix of both."
    )
    purpose: Literal[advice.PURPOSES] = Field(..., description="The main goal, in the terms of the guide's table.")
    exclude_private_liability: StrictBool = Field(..., description="Nobody may be privately liable.")
    notary_ok: StrictBool = Field(..., description="A notarial deed is acceptable.")
    silent_investors: StrictBool = Field(..., description="Someone takes part with money only.")
    free_profession: StrictBool = Field(..., description="The founders practise a free profession.")
    profit_to_members: StrictBool = Field(..., description="Profit should go to the partners or members.")
    tax_preference: Literal[advice.TAX_PREFERENCES] | None = Field(
        None,
        description=(
            "Optional, the third determinant of guide 5.2. income_tax: income tax for the partners themselves, "
            "with ondernemersaftrek and mkb-winstvrijstelling if they meet the hours criterion; corporate_tax: "
            "corporate income tax (vennootschapsbelasting) in the legal entity. Left out or null: no preference, "
            "and the ranking is the same as without this question."
        ),
    )


class RankedFormOut(Schema):
    form: Literal[advice.FORMS]
    name: str = Field(..., description="The form's name in the response language.")
    score: int = Field(..., ge=0, le=100, description="0 = ruled out by a hard requirement; higher fits better.")
    ruled_out: bool = Field(..., description="A hard requirement of the intake rules this form out as first choice.")
    reasons: list[str] = Field(..., description="Reasons for this form, in plain language.")
    warnings: list[str] = Field(..., description="Reasons against and points to watch, in plain language.")


class AdviceOut(Schema):
    ranking: list[RankedFormOut] = Field(..., description="Every form once, best first.")
    closing_advice: str = Field(..., description="Check the choice with an accountant, notary or KvK adviser.")
    hard_wishes_met: bool = Field(
        True, description="false when every form is ruled out: no form meets all hard wishes of the intake."
    )
    notice: str | None = Field(None, description="When no form meets all hard wishes: that, in plain language.")
    ways_out: list[str] = Field(
        [], description="When no form meets all hard wishes: the answers that would open a form (e.g. a notary)."
    )


@router.post(
    "/advice",
    auth=None,
    throttle=[advice_throttle],
    response={200: AdviceOut, 422: ValidationErrorOut, 429: MessageOut},
    url_name="legal_form_advice",
    operation_id="legal_form_advice",
    summary="Rank the legal forms for a collaboration",
    description=(
        "From a short intake, a ranking of every legal form of guide chapter 5 (KvK, 'Samenwerken? Pak het goed "
        "aan!'), best first, with reasons for and against. Hard requirements rule forms out (score 0); among the "
        "rest the lightest form that fits is preferred. When every form is ruled out, `hard_wishes_met` is false "
        "and `notice` and `ways_out` say so and what would open a form. Texts are Dutch unless `Accept-Language` prefers English. "
        "Public; rate limited per client address (429 with `Retry-After` when exceeded)."
    ),
)
def legal_form_advice(request: HttpRequest, response: HttpResponse, intake: Annotated[AdviceIntakeIn, JsonBody(...)]):
    language = accepted_language(request.headers.get("Accept-Language"))
    knowledge = get_knowledge()
    intake_data = advice.Intake(**intake.model_dump())
    ranking = advice.rank(intake_data, knowledge.profiles)
    unmet = unmet_hard_wishes(intake_data, ranking, knowledge, language)
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    # The texts come from the knowledge file in both languages; the override keeps any
    # gettext text that joins them later in the same language.
    with translation.override(language):
        return {
            "ranking": [
                {
                    "form": item.form,
                    "name": item.name,
                    "score": item.score,
                    "ruled_out": item.blocked,
                    "reasons": item.reasons,
                    "warnings": item.warnings,
                }
                for item in present_ranking(ranking, knowledge, language)
            ],
            "closing_advice": closing_advice(knowledge, language).text,
            "hard_wishes_met": unmet is None,
            "notice": unmet.message.text if unmet else None,
            "ways_out": [way.text for way in unmet.ways_out] if unmet else [],
        }
