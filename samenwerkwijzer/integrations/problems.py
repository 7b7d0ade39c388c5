"""Errors of /api/v1/ as RFC 9457 problem details (``application/problem+json``).

Every error of every operation is a problem ``{"type", "title", "status", "detail"}``; a 422 adds
``errors``: per field, what is wrong. Two operations keep the bodies they documented before
problems existed (RFC 9457's ``detail`` is a string, theirs a list): ``POST
/api/v1/legal-forms/advice`` and ``GET /api/v1/directory/search`` answer a 422 with ``{"detail":
[{type, loc, msg}]}`` and a 429 with ``{"detail": "Too many requests."}``.

``register(api)`` installs the handlers on the NinjaAPI (see ``samenwerkwijzer/api.py``);
``not_found`` is the project's 404 handler, a problem for addresses under /api/.
"""

import json
import logging

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

# The version of the API's contract, in every answer's ``API-Version`` header and in the schema.
API_VERSION = "1.0.0"
PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PATH_PREFIX = "/api/"

# The operations (their URL names) that keep their pre-problem 422 and 429 bodies.
LEGACY_OPERATIONS = frozenset({"legal_form_advice", "directory_search"})
LEGACY_THROTTLED = {"detail": "Too many requests."}


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def problem(
    status: int, detail: str = "", *, errors: dict[str, list[str]] | None = None, title: str | None = None
) -> HttpResponse:
    """A problem-details response (RFC 9457) with ``status``."""
    body: dict = {
        "type": "about:blank",
        "title": title or _titles().get(status, _("Error")),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)


def _legacy_json(body, status: int) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type="application/json; charset=utf-8")


def is_legacy_operation(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name in LEGACY_OPERATIONS


def field_errors(validation_errors: list[dict]) -> dict[str, list[str]]:
    """Ninja's ``[{type, loc, msg}]`` as ``{field: [messages]}``.

    ``loc`` starts with where the value came from (path, query, body, …); a body's next part is
    the operation's parameter name, left out as well. A whole-body error is keyed ``body``.
    """
    errors: dict[str, list[str]] = {}
    for item in validation_errors:
        loc = [str(part) for part in item.get("loc", ())]
        parts = loc[1:]
        if loc[:1] == ["body"] and len(parts) > 1:
            parts = parts[1:]
        key = ".".join(parts) or (loc[0] if loc else NON_FIELD_ERRORS)
        errors.setdefault(key, []).append(str(item.get("msg", "")))
    return errors


def on_authentication_error(request, exc) -> HttpResponse:
    response = problem(401, _("Log in, or send a personal API token as “Authorization: Bearer <token>”."))
    response["WWW-Authenticate"] = "Bearer"
    return response


def on_authorization_error(request, exc) -> HttpResponse:
    return problem(403, _("You may not do this."))


def on_permission_denied(request, exc) -> HttpResponse:
    return problem(403, str(exc) or _("You may not do this."))


def on_not_found(request, exc) -> HttpResponse:
    return problem(404, _("There is nothing here, or you may not see it."))


def on_django_validation_error(request, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the input: 422 with its errors per field (``__all__`` for the whole)."""
    if hasattr(exc, "error_dict"):
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    else:
        errors = {NON_FIELD_ERRORS: list(exc.messages)}
    general = errors.get(NON_FIELD_ERRORS) or []
    return problem(422, general[0] if general else _("Some fields are not valid."), errors=errors)


def on_ninja_validation_error(request, exc: NinjaValidationError) -> HttpResponse:
    if is_legacy_operation(request):
        return _legacy_json({"detail": exc.errors}, 422)
    return problem(422, _("Some fields are not valid."), errors=field_errors(exc.errors))


def on_throttled(request, exc: Throttled) -> HttpResponse:
    # ninja sets Retry-After on the answer.
    if is_legacy_operation(request):
        return _legacy_json(LEGACY_THROTTLED, 429)
    return problem(429, _("Too many requests: wait a moment (see Retry-After) and try again."))


def on_http_error(request, exc: HttpError) -> HttpResponse:
    """Any other error ninja raises with a status (e.g. 400 for a body that cannot be parsed)."""
    return problem(exc.status_code, str(exc))


def on_exception(request, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return problem(500, _("Something went wrong on our side. Try again later."))


def register(api) -> None:
    """Install the handlers on a NinjaAPI (most specific class wins, as ninja looks them up)."""
    api.add_exception_handler(Exception, on_exception)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(AuthorizationError, on_authorization_error)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(NinjaValidationError, on_ninja_validation_error)
    api.add_exception_handler(DjangoValidationError, on_django_validation_error)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(Http404, on_not_found)


def not_found(request, exception=None, template_name="404.html"):
    """The project's 404 handler: a problem under /api/ (an unknown address, an id too large for
    any database), else Django's own page."""
    if request.path.startswith(API_PATH_PREFIX):
        response = problem(404, _("There is nothing here, or you may not see it."))
        response["API-Version"] = API_VERSION
        return response
    return page_not_found(request, exception, template_name=template_name)
