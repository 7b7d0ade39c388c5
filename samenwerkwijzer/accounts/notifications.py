"""E-mail to people with an account: in their language, by their preference, with an unsubscribe link.

``notify`` is the one way features send such mail (invitations go to addresses that
may have no account yet and are sent directly). Immediate mail leaves when the
surrounding transaction commits; daily digests are sent by ``send_digests``, which
the scheduled job runs.
"""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samenwerkwijzer.collaborations.todos import todos_for_user
from samenwerkwijzer.lib.urls import site_url

from .models import Frequency, NotificationKind, NotificationSetting, PendingDigestItem, User

UNSUBSCRIBE_SALT = "samenwerkwijzer.unsubscribe"


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
    if user is None or data.get("kind") not in NotificationKind.values:
        return None
    return user, data["kind"]


def unsubscribe(*, user: User, kind: str) -> None:
    NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"frequency": Frequency.OFF})


def _send(user: User, kind: str, subject: str, body: str, attachments=()) -> None:
    link = site_url("accounts:unsubscribe", unsubscribe_token(user, kind))
    with translation.override(user.language):
        footer = render_to_string("accounts/email/footer.txt", {"unsubscribe_link": link, "kind": kind})
    message = EmailMessage(
        subject=subject,
        body=f"{body.rstrip()}\n\n{footer}",
        to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def notify(*, user: User, kind: str, template: str, context: dict, attachments=()) -> str:
    """Send or queue one notification; returns the frequency that applied.

    ``template`` names a pair ``<template>_subject.txt`` / ``<template>_body.txt``,
    rendered in the recipient's language. Attachments (filename, content, mimetype)
    go with immediate mail only; a digest carries the body, which should hold a link.
    """
    frequency = frequency_for(user, kind)
    if frequency == Frequency.OFF or not user.is_active:
        return Frequency.OFF
    with translation.override(user.language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    if frequency == Frequency.DAILY:
        PendingDigestItem.objects.create(user=user, kind=kind, subject=subject, body=body)
    else:
        transaction.on_commit(lambda: _send(user, kind, subject, body, attachments))
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
        with transaction.atomic():
            items = list(PendingDigestItem.objects.select_for_update().filter(user=user, sent_at__isnull=True))
            if not items:
                continue
            with translation.override(user.language):
                subject = render_to_string("accounts/email/digest_subject.txt", {"count": len(items)}).strip()
                body = render_to_string(
                    "accounts/email/digest_body.txt", {"items": items, "todo_groups": digest_todos(user)}
                )
                link = site_url("accounts:notifications")
                footer = render_to_string("accounts/email/digest_footer.txt", {"settings_link": link})
            EmailMessage(subject=subject, body=f"{body.rstrip()}\n\n{footer}", to=[user.email]).send()
            PendingDigestItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=now)
            sent += 1
    return sent
