"""The OpenAPI document of /api/v1/ says every status code, content type and header an operation
can answer with: ``document_schema`` completes what ninja generates.

- A response documented with ``ProblemOut`` has the content type ``application/problem+json``.
- Every operation can answer 429 (rate limits; ``Retry-After``), an authenticated one 401
  (``WWW-Authenticate``), one with a path parameter 404, one with parameters or a body 422: added
  as problems where an operation does not document them itself.
- Every response has the ``API-Version`` header.
- Integer path parameters say the largest id there is (larger ones are 404, before the view).
"""

from samenwerkwijzer.lib.params import MAX_ID

from .problems import API_VERSION, PROBLEM_CONTENT_TYPE

PROBLEM_REF = "#/components/schemas/ProblemOut"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

_DESCRIPTIONS = {
    401: "Not authenticated: log in or send a valid personal API token",
    403: "Not allowed for this caller or token",
    404: "Not found, or not visible to the caller",
    405: "Method not allowed",
    409: "Conflict",
    422: "Invalid input, per field in `errors`",
    429: "Too many requests; wait `Retry-After` seconds",
}

_HEADER_API_VERSION = {
    "description": "The version of the API contract, e.g. 1.0.0",
    "schema": {"type": "string", "example": API_VERSION},
}
_HEADER_RETRY_AFTER = {"description": "Seconds to wait before the next call", "schema": {"type": "integer"}}
_HEADER_WWW_AUTHENTICATE = {"description": "How to authenticate: Bearer", "schema": {"type": "string"}}

PROBLEM_SCHEMA = {
    "title": "ProblemOut",
    "description": "An error as RFC 9457 problem details (application/problem+json).",
    "type": "object",
    "properties": {
        "type": {"type": "string", "default": "about:blank", "title": "Type"},
        "title": {"type": "string", "title": "Title"},
        "status": {"type": "integer", "title": "Status"},
        "detail": {"type": "string", "default": "", "title": "Detail"},
        "errors": {
            "anyOf": [
                {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                {"type": "null"},
            ],
            "description": "Per field, what is wrong (422 only)",
            "title": "Errors",
        },
    },
    "required": ["title", "status"],
}


def _problem_response(status: int) -> dict:
    return {
        "description": _DESCRIPTIONS.get(status, "Error"),
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}}},
    }


def _is_problem(response: dict) -> bool:
    return any(media.get("schema", {}).get("$ref") == PROBLEM_REF for media in response.get("content", {}).values())


def _document_operation(operation: dict, global_security: list) -> bool:
    """Completes one operation; True when it uses problem responses."""
    # ninja keys the responses by int; JSON makes them strings, so one of each.
    responses = {str(status): response for status, response in operation.get("responses", {}).items()}
    operation["responses"] = responses
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        schema = parameter.get("schema", {})
        if parameter.get("in") == "path" and schema.get("type") == "integer":
            schema.setdefault("maximum", MAX_ID)
    additions = {429}
    if operation.get("security", global_security):
        additions.add(401)
    if any(p.get("in") == "path" for p in parameters):
        additions.add(404)
    if parameters or "requestBody" in operation:
        additions.add(422)
    for status in sorted(additions):
        responses.setdefault(str(status), _problem_response(status))
    uses_problems = False
    for status, response in responses.items():
        if _is_problem(response):
            uses_problems = True
            response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}}}
        headers = response.setdefault("headers", {})
        headers["API-Version"] = _HEADER_API_VERSION
        if status == "429":
            headers["Retry-After"] = _HEADER_RETRY_AFTER
        if status == "401":
            headers["WWW-Authenticate"] = _HEADER_WWW_AUTHENTICATE
    return uses_problems


def document_schema(schema: dict) -> dict:
    global_security = schema.get("security", [])
    uses_problems = False
    for path_item in schema.get("paths", {}).values():
        for method in METHODS:
            if method in path_item:
                uses_problems = _document_operation(path_item[method], global_security) or uses_problems
    if uses_problems:
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault("ProblemOut", PROBLEM_SCHEMA)
    return schema
