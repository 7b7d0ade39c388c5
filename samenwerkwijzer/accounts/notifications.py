"""E-mail to people with an account: in their language, by their preference, with an unsubscribe link.

``notify`` is the one way features send such mail (invitations go to addresses that
may have no account yet and are sent directly). Immediate mail leaves when the
surrounding transaction commits; daily digests are sent by ``send_digests``, which
the scheduled job runs.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.todos import todos_for_user
from samenwerkwijzer.lib.mail import queue_message, render_plain, render_subject, send_after_commit
from samenwerkwijzer.lib.urls import site_url

from .models import Frequency, NotificationKind, NotificationSetting, PendingDigestItem, User

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "samenwerkwijzer.unsubscribe"
# The unsubscribe link of a daily digest: stops the digest (every kind set to "daily" is turned off).
DIGEST = "digest"


def frequency_for(user: User, kind: str) -> str:
    setting = NotificationSetting.objects.filter(user=user, kind=kind).first()
    return setting.frequency if setting else Frequency.IMMEDIATELY


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or data.get("kind") not in [*NotificationKind.values, DIGEST]:
        return None
    return user, data["kind"]


def kind_label(kind: str) -> str:
    return _("the daily digest") if kind == DIGEST else NotificationKind(kind).label


def unsubscribe(*, user: User, kind: str) -> None:
    if kind == DIGEST:
        NotificationSetting.objects.filter(user=user, frequency=Frequency.DAILY).update(frequency=Frequency.OFF)
        return
    NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"frequency": Frequency.OFF})


def unsubscribe_headers(link: str) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058): the link answers a POST without login."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _queue(user: User, kind: str, subject: str, body: str, attachments, idempotency_key: str | None) -> None:
    """Into the outbox; a background task sends it after the commit (``lib/mail.py``)."""
    link = site_url("accounts:unsubscribe", unsubscribe_token(user, kind))
    with translation.override(user.language):
        footer = render_plain("accounts/email/footer.txt", {"unsubscribe_link": link, "kind": kind})
    send_after_commit(
        subject=subject,
        body=f"{body.rstrip()}\n\n{footer}",
        to=[user.email],
        headers=unsubscribe_headers(link),
        attachments=attachments,
        idempotency_key=idempotency_key,
    )


def notify(
    *, user: User, kind: str, template: str, context: dict, attachments=(), idempotency_key: str | None = None
) -> str:
    """Send or queue one notification; returns the frequency that applied.

    ``template`` names a pair ``<template>_subject.txt`` / ``<template>_body.txt``,
    rendered as plain text in the recipient's language. Attachments (filename, content,
    mimetype) go with immediate mail only; a digest carries the body, which should hold a link.
    Scheduled senders pass ``idempotency_key`` (what makes it "the same mail"): an immediate mail
    with a key already in the outbox is not sent again (``lib/mail.send_after_commit``).

    A notification never breaks the work that caused it: when rendering or queueing fails, the
    error is logged with its context (and reported) and ``"failed"`` is returned.
    """
    frequency = frequency_for(user, kind)
    if frequency == Frequency.OFF or not user.is_active:
        return Frequency.OFF
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the caller's transaction usable
            with translation.override(user.language):
                subject = render_subject(f"{template}_subject.txt", context)
                body = render_plain(f"{template}_body.txt", context)
            if frequency == Frequency.DAILY:
                PendingDigestItem.objects.create(user=user, kind=kind, subject=subject, body=body)
            else:
                _queue(user, kind, subject, body, attachments, idempotency_key)
    except Exception:
        logger.exception("Notification %s (%s) for user %s failed", template, kind, user.pk)
        return "failed"
    return frequency


DIGEST_HOUR = 7


def digest_todos(user: User) -> list[dict]:
    """The person's "Te doen", grouped per collaboration (personal ones first, without a name), with
    absolute links: the same list as on the overview, from the same rules."""
    groups: dict[int | None, dict] = {}
    base = settings.SITE_URL.rstrip("/")
    for todo in todos_for_user(user):
        key = todo.collaboration.pk if todo.collaboration else None
        group = groups.setdefault(key, {"collaboration": todo.collaboration, "todos": []})
        group["todos"].append({"title": todo.title, "hint": todo.hint, "button": todo.button, "link": base + todo.url})
    return sorted(groups.values(), key=lambda g: (g["collaboration"] is not None, str(g["collaboration"] or "")))


def send_digests(*, now: datetime | None = None) -> int:
    """Once a day from 07:00 (Dutch time), mail every person their waiting items in one message.

    Safe to run as often as the scheduler likes: a person gets at most one digest per day.
    Returns the number of mails sent.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    sent = 0
    waiting = PendingDigestItem.objects.filter(sent_at__isnull=True).values_list("user_id", flat=True).distinct()
    already = PendingDigestItem.objects.filter(sent_at__gte=day_start).values_list("user_id", flat=True)
    for user in User.objects.filter(pk__in=list(waiting), is_active=True).exclude(pk__in=list(already)):
        try:
            sent += _send_digest(user, now=now)
        except Exception:
            # One person's digest never stops the others'; theirs is tried again on the next run.
            logger.exception("Sending the daily digest to user %s failed", user.pk)
    return sent


@transaction.atomic
def _send_digest(user: User, *, now: datetime) -> int:
    items = list(PendingDigestItem.objects.select_for_update().filter(user=user, sent_at__isnull=True))
    if not items:
        return 0
    # One-click unsubscribe from a digest stops the digest: every kind set to "daily" turns off.
    link = site_url("accounts:unsubscribe", unsubscribe_token(user, DIGEST))
    with translation.override(user.language):
        subject = render_subject("accounts/email/digest_subject.txt", {"count": len(items)})
        body = render_plain("accounts/email/digest_body.txt", {"items": items, "todo_groups": digest_todos(user)})
        settings_link = site_url("accounts:notifications")
        footer = render_plain("accounts/email/digest_footer.txt", {"settings_link": settings_link})
    message = EmailMessage(
        subject=subject, body=f"{body.rstrip()}\n\n{footer}", to=[user.email], headers=unsubscribe_headers(link)
    )
    # One digest per person per day, also when two nodes run the job at once: the outbox's key.
    # Queued in this transaction (the outbox row, the task and the items' sent_at commit together).
    key = f"digest:{user.pk}:{timezone.localdate(now).isoformat()}"
    if not queue_message(message, idempotency_key=key, after_commit=False):
        return 0
    PendingDigestItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=now)
    return 1
