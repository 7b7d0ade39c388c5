"""JSON API of the partner search: ``GET /api/v1/directory/search``.

Logged-in users only: the browser session, or a personal API token sent as
``Authorization: Bearer <token>``. Anonymous requests get 401.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.security import HttpBearer, django_auth

from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.organisations.schemas import VerificationOut
from samenwerkwijzer.reference import catalog

from . import matching, search, selectors
from .models import ApiToken, hash_api_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(token_hash=hash_api_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


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
    response=SearchOut,
    auth=[django_auth, BearerToken()],
    url_name="directory_search",
    summary="Ranked partner search with reasons",
)
def directory_search(request, params: Query[SearchParams]):
    profile, problems = build_profile(**params.dict())
    if problems:
        raise ValidationError(problems)
    own = list(Organisation.objects.filter(memberships__user=request.auth).values_list("pk", flat=True))
    page = search.run(profile, limit=params.limit, offset=params.offset, rings=selectors.ring_entries(own))
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
