"""Helpers every mail the app sends goes through: plain-text rendering, safe subjects, links.

Mail is plain text, so templates for it are rendered without HTML escaping (``&`` stays
``&``, never ``&amp;``); a subject is one line without control characters and at most
``SUBJECT_LIMIT`` characters, which also fits every column that stores one
(``accounts.PendingDigestItem.subject``). Links in mail come from ``SITE_URL`` only, never
from the request's Host header.

Every mail goes through the outbox (``send_after_commit`` / ``queue_message``): a row in
``core.OutgoingMail``, unique per idempotency key, sent by the background task in
``core/tasks_mail.py``.
"""

import base64
import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template

from samenwerkwijzer.lib.background import enqueue_after_commit

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


KEY_LIMIT = 200  # OutgoingMail.idempotency_key


def mail_key(kind: str, *parts) -> str:
    """A deterministic idempotency key, ``"kind:part:part"``: what makes a scheduled mail "the same
    mail" (``mail_key("digest", user.pk, day)``). A longer one keeps its kind and a SHA-256 of the rest."""
    key = ":".join([kind, *map(str, parts)])
    if len(key) <= KEY_LIMIT:
        return key
    return f"{kind[:100]}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def send_after_commit(
    *,
    subject: str,
    body: str,
    to: list[str],
    headers: dict | None = None,
    attachments=(),
    idempotency_key: str | None = None,
) -> bool:
    """Put one plain-text mail in the outbox; a background task sends it once the surrounding
    transaction commits (``core/tasks_mail.py``: retried while the SMTP server is unreachable).

    ``idempotency_key`` names what makes it "the same mail" (``"digest:<user>:<day>"``): a second
    mail with a key already in the outbox is neither stored nor sent, also when two nodes run the
    same scheduled job at once (the unique constraint decides). Without a key the mail is unique.
    ``attachments`` are (filename, content, mimetype). Returns False for such a duplicate.
    A mail that cannot be sent is logged with its context and reported; it never turns the
    committed work into an error page.
    """
    message = EmailMessage(subject=safe_subject(subject), body=body, to=to, headers=headers or {})
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return queue_message(message, idempotency_key=idempotency_key)


def queue_message(message: EmailMessage, *, idempotency_key: str | None = None, after_commit: bool = True) -> bool:
    """Store ``message`` in the outbox (once per ``idempotency_key``) and queue the task that sends it.

    ``after_commit=False`` queues the task in the same transaction as the row: with the database
    task backend both commit or roll back together (a transactional outbox); the tests' immediate
    backend then sends at once, as a synchronous send did (allauth's mails, the daily digest).
    Returns False when the key was in the outbox already: nothing is stored or queued.
    """
    from samenwerkwijzer.core.models import OutgoingMail
    from samenwerkwijzer.core.tasks_mail import send_outgoing_mail

    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    row = OutgoingMail(
        idempotency_key=idempotency_key or f"mail:{uuid.uuid4().hex}",
        subject=message.subject,
        body=message.body,
        html_body=html,
        from_email=message.from_email if message.from_email != settings.DEFAULT_FROM_EMAIL else "",
        to=list(message.to),
        headers=dict(message.extra_headers),
        attachments=[_stored_attachment(attachment) for attachment in message.attachments],
    )
    try:
        # A savepoint: a duplicate key leaves the caller's transaction usable. No look-up first:
        # the unique constraint is the guard, also against a second node inserting at this moment.
        with transaction.atomic():
            row.save(force_insert=True)
            if not after_commit:
                send_outgoing_mail.enqueue(row.pk)
    except IntegrityError:
        if not OutgoingMail.objects.filter(idempotency_key=row.idempotency_key).exists():
            raise
        logger.info("Mail %s is in the outbox already; not sent again", row.idempotency_key)
        return False
    if after_commit:
        enqueue_after_commit(send_outgoing_mail, row.pk)
    return True


def _stored_attachment(attachment) -> dict:
    filename, content, mimetype = attachment
    data = content.encode() if isinstance(content, str) else content
    return {"filename": filename, "mimetype": mimetype, "content": base64.b64encode(data).decode("ascii")}


def stored_message(row) -> EmailMessage:
    """The ``EmailMessage`` an outbox row stands for (the sending task's side of ``queue_message``)."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email or None,
        to=row.to,
        headers=row.headers,
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    for attachment in row.attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return message
