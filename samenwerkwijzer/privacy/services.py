"""Requesting the personal-data download and deleting an account (AVG art. 15, 17 and 20)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.lib.background import enqueue_after_commit
from samenwerkwijzer.lib.storage import delete_file
from samenwerkwijzer.organisations.models import Membership

from .models import DOWNLOAD_FOLDER, PersonalDataDownload
from .registry import ERASURES, Kept
from .tasks_download import build_personal_data_download


@transaction.atomic
def request_download(*, user) -> PersonalDataDownload:
    """A new download, built in the background; one already being prepared is not doubled."""
    pending = PersonalDataDownload.objects.filter(user=user, status=PersonalDataDownload.Status.PENDING).first()
    if pending is not None:
        return pending
    download = PersonalDataDownload.objects.create(user=user)
    enqueue_after_commit(build_personal_data_download, download.pk)
    return download


@transaction.atomic
def downloads_delete(*, downloads: QuerySet[PersonalDataDownload]) -> int:
    """Delete these downloads and, once that is committed, their files. A file the storage cannot
    delete now stays without a row (never served; logged) until ``orphaned_files_delete`` finds it."""
    stored = [(download.file.storage, download.file.name) for download in downloads.exclude(file="")]
    deleted, _details = downloads.delete()
    for storage, name in stored:
        transaction.on_commit(partial(delete_file, storage, name))
    return deleted


def orphaned_files_delete(*, now: datetime) -> int:
    """Delete download files that no row names and that are older than a day (a younger one may
    belong to a task that is just saving its row). Storage errors are raised, for the caller."""
    storage = PersonalDataDownload._meta.get_field("file").storage
    try:
        _folders, files = storage.listdir(DOWNLOAD_FOLDER)
    except FileNotFoundError:  # the local folder before the first download
        return 0
    named = set(PersonalDataDownload.objects.exclude(file="").values_list("file", flat=True))
    count = 0
    for file in files:
        name = f"{DOWNLOAD_FOLDER}/{file}"
        if name not in named and storage.get_modified_time(name) < now - timedelta(days=1):
            storage.delete(name)
            count += 1
    return count


@dataclass(frozen=True)
class Blocker:
    message: str
    url: str


def deletion_blockers(*, user) -> list[Blocker]:
    """What the person must hand over first: an organisation of which they are the last
    administrator (with a sharper message when it leads a running collaboration)."""
    blockers = []
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).select_related("organisation")
    for membership in admin_of:
        organisation = membership.organisation
        others = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN).exclude(user=user)
        if others.exists():
            continue
        url = reverse("organisations:detail", args=[organisation.pk])
        leads = Participant.objects.filter(
            organisation=organisation, role=Participant.Role.LEAD, collaboration__archived_at__isnull=True
        ).select_related("collaboration")
        if leads:
            names = ", ".join(f"'{participant.collaboration.name}'" for participant in leads)
            message = _(
                "You are the last administrator of %(organisation)s, which leads %(collaborations)s. "
                "Hand over first: make another member of %(organisation)s administrator."
            ) % {"organisation": organisation.name, "collaborations": names}
        else:
            message = _(
                "You are the last administrator of %(organisation)s. "
                "Hand over first: make another member administrator, or invite one."
            ) % {"organisation": organisation.name}
        blockers.append(Blocker(message=message, url=url))
    return blockers


def what_stays(*, user) -> list[Kept]:
    kept = []
    for _erase, describe in ERASURES.values():
        kept.extend(describe(user))
    return kept


def _end_sessions(user) -> None:
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()


@transaction.atomic
def delete_account(*, user) -> list[Kept]:
    """Delete the person's account and their data; returns what stays, and why.

    Every app's ``erase(user)`` deletes what was only theirs and pseudonymises what others'
    records need; then the account goes with its e-mail addresses, second factors, passkeys,
    single sign-on links, API tokens, memberships and sessions (all linked to it).
    """
    blockers = deletion_blockers(user=user)
    if blockers:
        raise ValidationError({"confirm": [blocker.message for blocker in blockers]})
    kept = []
    for erase, _describe in ERASURES.values():
        kept.extend(erase(user))
    _end_sessions(user)
    user.delete()
    return kept
