"""Helpers every mail the app sends goes through: plain-text rendering, safe subjects, links.

Mail is plain text, so templates for it are rendered without HTML escaping (``&`` stays
``&``, never ``&amp;``); a subject is one line without control characters and at most
``SUBJECT_LIMIT`` characters, which also fits every column that stores one
(``accounts.PendingDigestItem.subject``). Links in mail come from ``SITE_URL`` only, never
from the request's Host header.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template

logger = logging.getLogger(__name__)

SUBJECT_LIMIT = 150

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def safe_subject(text: str, *, limit: int = SUBJECT_LIMIT) -> str:
    """One line of at most ``limit`` characters: control characters and newlines become spaces,
    runs of white space collapse, a longer one is cut at a word where possible and ends in "…"."""
    line = " ".join(_CONTROL.sub(" ", str(text)).split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def render_plain(template_name: str, context: dict) -> str:
    """Render a mail template as plain text: the same template language, no HTML escaping."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict, *, limit: int = SUBJECT_LIMIT) -> str:
    return safe_subject(render_plain(template_name, context), limit=limit)


def absolute_url(path: str) -> str:
    """``SITE_URL`` followed by a path (``/…``): the only way mails link back to the site."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def send_after_commit(*, subject: str, body: str, to: list[str], headers: dict | None = None) -> None:
    """Send one plain-text mail when the surrounding transaction commits.

    A mail that cannot be sent (a refused address, an unreachable server) is logged with its
    context and reported; it never turns the committed work into an error page.
    """
    message = EmailMessage(subject=safe_subject(subject), body=body, to=to, headers=headers or {})

    def send() -> None:
        try:
            message.send()
        except Exception:
            logger.exception("Sending mail %r failed", message.subject)

    transaction.on_commit(send)
