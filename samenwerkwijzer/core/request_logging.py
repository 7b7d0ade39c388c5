"""Every log line names its request: the request-id middleware, the filter that puts the id on each
record and the formatter for one JSON object per line (``LOG_FORMAT=json``). settings.LOGGING wires
them up; docs/configuration.md lists the variables."""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.dispatch import receiver

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us: a plain token, so it cannot forge log lines or break the header.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    """The id of the request being served, or "-" outside a request (jobs, commands)."""
    return _request_id.get()


def request_id_from(header_value: str | None) -> str:
    if header_value and _SANE_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID when it is a sane token, else makes one; puts it on the
    request, in every log line written while serving it, and on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        # Kept until the response is closed (request_finished below): Django logs a 4xx/5xx
        # response ("Not Found: …") after the middleware has returned.
        _request_id.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="samenwerkwijzer.request_id.finished")
def _forget_request_id(**kwargs) -> None:
    _request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (used by both formats)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, request_id and,
    for an exception, its traceback as text."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
