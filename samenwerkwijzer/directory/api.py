"""JSON API of the partner search: ``GET /api/v1/directory/search``.

Logged-in users only: the browser session, or a personal API token (any scope) sent as
``Authorization: Bearer <token>``. Anonymous requests get 401. A token limited to one
organisation counts only that organisation's connections for the rings.
"""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from samenwerkwijzer.integrations.api_support import (
    API_AUTH,
    MessageOut,
    ProblemOut,
    ValidationErrorOut,
    api_token,
)
from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.organisations.schemas import VerificationOut
from samenwerkwijzer.reference import catalog

from . import matching, names, search, selectors

router = Router(tags=["directory"])


class ResultOut(Schema):
    kvk_number: str
    name: str
    score: float
    distance_km: float | None
    reasons: list[str]
    ring: int | None
    via: list[str]
    verification: VerificationOut | None = Field(
        description="How the organisation on Samenwerkwijzer is verified; null for an imported register record, "
        "which is not an organisation on the platform"
    )


class SearchOut(Schema):
    total: int
    results: list[ResultOut]


def _problem(field: str, message: str) -> dict:
    return {"type": "value_error", "loc": ["query", field], "msg": message}


def build_profile(
    *, sbi, pc4, max_km, size, chain, needs, offers, specialism, ring, limit, offset
) -> tuple[matching.Profile, list[dict]]:
    """Validate the query parameters into a profile; the list holds what is wrong."""
    problems = []
    known = catalog.sbi_codes()
    unknown = [code for code in sbi if code.strip().upper() not in known]
    if unknown:
        problems.append(_problem("sbi", _("Unknown SBI 2025 code(s): %(codes)s.") % {"codes": ", ".join(unknown)}))
    if pc4 is not None and pc4 not in catalog.pc4_areas():
        problems.append(_problem("pc4", _("%(value)s is not a known postcode area.") % {"value": pc4}))
    if max_km is not None and pc4 is None:
        problems.append(_problem("max_km", _("A maximum distance needs a pc4 to measure from.")))
    for field, values, allowed in (
        ("size", size, matching.SIZE_INDEX),
        ("chain", chain, matching.CHAIN_INDEX),
        ("needs", needs, matching.CATEGORY_BIT),
        ("offers", offers, matching.CATEGORY_BIT),
    ):
        wrong = [value for value in values if value not in allowed]
        if wrong:
            problems.append(
                _problem(
                    field,
                    _("Unknown value(s) %(values)s; use one of %(allowed)s.")
                    % {"values": ", ".join(wrong), "allowed": ", ".join(allowed)},
                )
            )
    if offset + limit > search.TOTAL_CAP:
        problems.append(
            _problem("offset", _("Only the first %(cap)d results can be paged through.") % {"cap": search.TOTAL_CAP})
        )
    if problems:
        return matching.Profile(), problems
    profile = matching.Profile(
        sbi=search.expand_sbi([code.strip().upper() for code in sbi]),
        pc4=pc4,
        max_km=max_km,
        sizes=frozenset(matching.SIZE_INDEX[value] for value in size),
        chains=frozenset(matching.CHAIN_INDEX[value] for value in chain),
        needs=matching.mask_of(needs),
        offers=matching.mask_of(offers),
        specialisms=frozenset(matching.normalise_specialism(tag) for tag in specialism if tag.strip()),
        ring=ring,
    )
    return profile, []


class SearchParams(Schema):
    q: str | None = Field(
        None,
        description="Name (trade name or statutory name) to search for, 2-200 characters; tolerant of typos, "
        "accents, word order and words such as 'van der' or 'B.V.'. Results are then ordered by how well the name "
        "matches (their `score` is the name score, 0-100), then by the profile; the other parameters filter as usual.",
    )
    sbi: list[str] = Field([], description="SBI 2025 code or section letter (repeatable); a code matches its sub-codes")
    pc4: str | None = Field(None, description="Postcode area (4 digits) to measure distance from")
    max_km: float | None = Field(None, ge=0, le=1000, description="Maximum distance in km (needs pc4)")
    size: list[str] = Field([], description="Size class (repeatable): " + ", ".join(matching.SIZE_CLASSES))
    chain: list[str] = Field(
        [], description="Position in the chain (repeatable): " + ", ".join(matching.CHAIN_POSITIONS)
    )
    needs: list[str] = Field([], description="Categories I need (repeatable): " + ", ".join(matching.CATEGORIES))
    offers: list[str] = Field([], description="Categories I bring (repeatable)")
    specialism: list[str] = Field([], description="Specialism tag (repeatable)")
    ring: int | None = Field(None, ge=1, le=2, description="Only direct contacts (1) or contacts of contacts (2)")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


@router.get(
    "/search",
    # The 422 and 429 bodies predate problem details and stay as documented (integrations/problems.py).
    response={200: SearchOut, 401: ProblemOut, 422: ValidationErrorOut, 429: MessageOut},
    auth=API_AUTH,
    url_name="directory_search",
    summary="Ranked partner search with reasons",
)
def directory_search(request, params: Query[SearchParams]):
    values = params.dict()
    text = values.pop("q")
    profile, problems = build_profile(**values)
    name = None
    if text is not None:
        name, problem = names.parse_query(text)
        if problem:
            problems.append(_problem("q", problem))
    if problems:
        raise ValidationError(problems)
    organisations = Organisation.objects.filter(memberships__user=request.user)
    token = api_token(request)
    if token is not None and token.organisation_id:
        organisations = organisations.filter(pk=token.organisation_id)  # the rings of that organisation only
    own = list(organisations.values_list("pk", flat=True))
    page = search.run(profile, limit=params.limit, offset=params.offset, rings=selectors.ring_entries(own), name=name)
    return {
        "total": page.total,
        "results": [
            {
                "kvk_number": result.kvk_number,
                "name": result.name,
                "score": result.score,
                "distance_km": result.distance_km,
                "reasons": [search.reason_text(reason) for reason in result.reasons],
                "ring": result.ring,
                "via": result.via,
                "verification": result.entry.organisation.verification_dict() if result.entry.organisation else None,
            }
            for result in page.results
        ],
    }
