"""What every operation of /api/v1/ uses: who calls (browser session or personal API token),
the caller's access to a collaboration, pagination and the documented error answers.

A domain app's ``api.py`` writes an operation like this::

    @router.get("/collaborations/{int:pk}/things", response={200: page_of(ThingOut), **ERRORS},
                auth=API_AUTH, url_name="things")
    def things(request, pk: int, page: Query[PageQuery]):
        access = collaboration_access(request, pk)        # 404 outside it, as the pages
        return paginate(selectors.things(access), page)     # same selectors/blind rule as the pages

and a write::

    @router.post(..., response={201: ThingOut, **WRITE_ERRORS}, auth=API_AUTH)
    def add_thing(request, pk: int, body: ThingIn):
        access = collaboration_access(request, pk, write=True)  # 403 for a read token or an observer
        thing = services.thing_create(access=access, ...)       # the pages' own service
        return 201, thing_out(thing)

A service's ``ValidationError`` becomes a 422 problem with the field errors; ``Http404`` and
``PermissionDenied`` become 404 and 403 problems (see ``problems.py``).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.security import HttpBearer, SessionAuth
from pydantic import create_model

from samenwerkwijzer.collaborations.access import (
    CollaborationAccess,
    collaborations_for_user,
    get_collaboration_for_user,
)
from samenwerkwijzer.organisations.access import current_organisation_id

from .models import ApiToken, hash_api_token


def api_token(request) -> ApiToken | None:
    """The token the request was authenticated with; None for the browser session."""
    return getattr(request, "api_token", None)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer swz_…``: a personal API token that has not expired."""

    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(token_hash=hash_api_token(token)).first()
        now = timezone.now()
        if found is None or not found.user.is_active or found.is_expired(now):
            return None
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found.user


class BrowserSessionAuth(SessionAuth):
    """The logged-in browser session (CSRF-checked for writes, as ninja does)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user:
            request.api_token = None
        return user


API_AUTH = [BrowserSessionAuth(), TokenAuth()]


def collaborations_for_caller(request) -> QuerySet:
    """The collaborations the caller may read: the person's, narrowed to the token's limits."""
    collaborations = collaborations_for_user(request.user)
    token = api_token(request)
    if token is not None and token.collaboration_id:
        collaborations = collaborations.filter(pk=token.collaboration_id)
    if token is not None and token.organisation_id:
        collaborations = collaborations.filter(participants__organisation_id=token.organisation_id)
    return collaborations


def collaboration_access(request, collaboration_pk, *, write: bool = False, lead: bool = False) -> CollaborationAccess:
    """The caller's access to one collaboration, through the pages' own access helper.

    Outside it (or outside the token's collaboration or organisation): 404, as the pages. A write
    by a read token, an observer or in an archived collaboration: 403. A token acts for its
    organisation; the browser session for the organisation chosen in the header.
    """
    token = api_token(request)
    if token is not None and token.collaboration_id and token.collaboration_id != int(collaboration_pk):
        raise Http404
    if (write or lead) and token is not None and not token.can_write:
        raise PermissionDenied(_("This token may only read."))
    preferred = token.organisation_id if token is not None else current_organisation_id(request)
    access = get_collaboration_for_user(
        request.user, collaboration_pk, write=write, lead=lead, preferred_organisation_id=preferred
    )
    if (
        token is not None
        and token.organisation_id
        and (access.organisation is None or access.organisation.pk != token.organisation_id)
    ):
        raise Http404
    return access


#: The largest offset a list accepts: far beyond any real list, and small enough that
#: ``offset + limit`` stays a valid 64-bit integer for every database (a larger number was a 500).
MAX_OFFSET = 1_000_000_000
#: The largest id a filter or body accepts: a 64-bit database id (a larger one was a 500 on SQLite).
MAX_ID = 2**63 - 1


def object_id_field(default=..., *, description: str):
    """A field holding a database id: a positive 64-bit integer, else a 422 (never a 500)."""
    return Field(default, ge=1, le=MAX_ID, description=description)


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=200, description="How many results (at most 200)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many results to skip (at most 1 000 000 000)")


_pages: dict[type, type] = {}


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The paginated answer ``{"total", "limit", "offset", "results": [...]}`` of ``item_schema``."""
    if item_schema not in _pages:
        _pages[item_schema] = create_model(
            f"{item_schema.__name__}Page",
            __base__=Schema,
            total=(int, ...),
            limit=(int, ...),
            offset=(int, ...),
            results=(list[item_schema], ...),
        )
    return _pages[item_schema]


def paginate(items, page: PageQuery, *, serialise=None) -> dict:
    """One page of a queryset or list, with the total; ``serialise`` turns each item into its dict."""
    total = items.count() if isinstance(items, QuerySet) else len(items)
    window = list(items[page.offset : page.offset + page.limit])
    return {
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "results": [serialise(item) for item in window] if serialise else window,
    }


class ProblemOut(Schema):
    """An error as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field("about:blank")
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] | None = Field(None, description="Per field, what is wrong (422 only)")


# The error answers every authenticated operation can give; writes add 422 (and 409 on a conflict).
# The schema shows them as application/problem+json (integrations/openapi.py).
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 429: ProblemOut}
WRITE_ERRORS = {**ERRORS, 409: ProblemOut, 422: ProblemOut}


# The bodies the two operations that predate problems keep (legal-form advice, directory search).
class ValidationErrorItem(Schema):
    type: str = Field(..., description="Kind of error, e.g. missing, literal_error, json_invalid.")
    loc: list[str | int] = Field(..., description="Where: body, then the field name.")
    msg: str = Field(..., description="What is wrong, in plain English.")
    ctx: dict | None = None


class ValidationErrorOut(Schema):
    """The 422 body of the legal-form advice and the directory search: ``{"detail": [{type, loc, msg}]}``."""

    detail: list[ValidationErrorItem]


class MessageOut(Schema):
    """The 429 body of the legal-form advice and the directory search: ``{"detail": "Too many requests."}``."""

    detail: str
