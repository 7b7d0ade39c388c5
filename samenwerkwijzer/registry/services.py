"""Writes of the registry app: checks asked for on a page, carried out by a background task, kept
with their date.

A check asked for on a page (``registry_check_request``) makes no outside call: it is answered at
once from a company's kept answer when one is fresh enough (``REGISTRY_CACHE_SECONDS``), else it is
queued for ``tasks.run_registry_check``, which asks the KVK API and the CIR within the time budget
``REGISTRY_CHECK_BUDGET_SECONDS`` (``registry_check_perform``). The kept answer is the table itself:
the newest ``done`` check of the KvK number from the same source, whoever ran it (only the company's
registry facts are shared, never who looked it up). Rate limits: ``REGISTRY_RATE_PER_USER`` counts
every check a person asks for, ``REGISTRY_RATE_PER_COMPANY`` every fetch of one KvK number (a check
answered from the kept answer costs the KVK API nothing and is not counted there). The counts are
those of the API's rate limits (``integrations.throttling.count_call``), shared by all nodes.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.throttling import SimpleRateThrottle

from samenwerkwijzer.integrations.throttling import count_call
from samenwerkwijzer.lib.background import enqueue_after_commit
from samenwerkwijzer.lib.tasks import TemporaryFailure

from .client import RegistryError, RegistryProfile, RegistryRateLimited, RegistryUnavailable, get_client
from .insolvency import attach_insolvency_check, get_insolvency_client
from .models import RegistryCheck

Status = RegistryCheck.Status
CANDIDATES = 5  # kept answers looked at for one that can be shared


def _over_limit(setting: str, key: str) -> bool:
    """Count one for ``key`` in the window of the rate ``setting`` ("20/h"); True when past the limit."""
    limit, duration = SimpleRateThrottle.parse_rate(SimpleRateThrottle, getattr(settings, setting))
    count, _left = count_call(key, duration)
    return count > limit


def cached_answer(*, kvk_number: str, source: str) -> RegistryCheck | None:
    """The newest done check of ``kvk_number`` from ``source`` fetched within ``REGISTRY_CACHE_SECONDS``
    whose answer is whole: not one where the CIR could not be consulted, nor one without insolvency
    data while a CIR account is now configured."""
    seconds = settings.REGISTRY_CACHE_SECONDS
    if seconds <= 0:
        return None
    cir_configured = get_insolvency_client() is not None
    candidates = RegistryCheck.objects.filter(
        kvk_number=kvk_number,
        source=source,
        status=Status.DONE,
        fetched_at__gte=timezone.now() - timedelta(seconds=seconds),
    ).order_by("-fetched_at", "-id")[:CANDIDATES]
    for candidate in candidates:
        cir = candidate.result.get("insolvency_check")
        if (cir or {}).get("failed") or (cir_configured and candidate.found and cir is None):
            continue
        return candidate
    return None


def pending_check(*, kvk_number: str, user, collaboration=None) -> RegistryCheck | None:
    """A check of the number still queued or running in the same place (the collaboration, or the
    person's own checks of a directory entry)."""
    checks = RegistryCheck.objects.filter(kvk_number=kvk_number, status__in=[Status.QUEUED, Status.RUNNING])
    if collaboration is None:
        checks = checks.filter(collaboration__isnull=True, checked_by=user)
    else:
        checks = checks.filter(collaboration=collaboration)
    return checks.first()


@transaction.atomic
def registry_check_request(*, kvk_number: str, user, collaboration=None) -> RegistryCheck:
    """Ask for a check: the one still pending in the same place, a done one from the kept answer, or a
    new queued one for the background task. No outside call. Over a rate limit: ``ValidationError``
    and nothing is queued or counted (the transaction is rolled back). The rate-limit counters are
    the last statements: their rows stay locked until the commit, so requests of the same person (or
    for the same company) wait on each other only for that last moment, not for the whole request."""
    pending = pending_check(kvk_number=kvk_number, user=user, collaboration=collaboration)
    if pending is not None:
        return pending
    cached = cached_answer(kvk_number=kvk_number, source=get_client().source)
    if cached is not None:
        check = RegistryCheck.objects.create(
            kvk_number=kvk_number,
            collaboration=collaboration,
            status=Status.DONE,
            source=cached.source,
            found=cached.found,
            result=cached.result,
            fetched_at=cached.fetched_at,
            checked_by=user,
        )
        _refuse_over_person_limit(user)
        return check
    from .tasks import run_registry_check

    check = RegistryCheck.objects.create(
        kvk_number=kvk_number, collaboration=collaboration, status=Status.QUEUED, checked_by=user
    )
    _refuse_over_person_limit(user)
    if _over_limit("REGISTRY_RATE_PER_COMPANY", f"registry-company:{kvk_number}"):
        raise ValidationError(
            _(
                "This company has been looked up in the Handelsregister many times in a short time. Please try again later."
            ),
            code="rate_limited",
        )
    enqueue_after_commit(run_registry_check, check.pk)
    return check


def _refuse_over_person_limit(user) -> None:
    if _over_limit("REGISTRY_RATE_PER_USER", f"registry-user:{user.pk}"):
        raise ValidationError(
            _("You have asked for many reliability checks in a short time. Please try again later."),
            code="rate_limited",
        )


def fetch_profile(
    *, kvk_number: str, deadline: float | None = None, client=None, insolvency_client=None
) -> RegistryProfile:
    """Ask the registry, then the CIR when an account is configured; both stop at ``deadline``
    (``time.monotonic()``). Raises ``RegistryError`` when the registry cannot answer; a CIR that cannot
    answer leaves a note in the profile instead."""
    client = client or get_client(deadline=deadline)
    profile = client.lookup(kvk_number)
    return attach_insolvency_check(profile, client=insolvency_client or get_insolvency_client(deadline=deadline))


def registry_check_perform(*, check_id: int, attempt: int = 1) -> None:
    """The background task's work for one attempt: idempotent, so a check already done or failed (or
    deleted meanwhile) is left alone. A registry that cannot be reached raises ``TemporaryFailure``
    (the task is tried again); one that refuses the question fails the check at once. The look-ups
    happen outside a transaction: no lock is held while we wait."""
    check = RegistryCheck.objects.filter(pk=check_id).first()
    if check is None or check.is_finished:
        return
    RegistryCheck.objects.filter(pk=check_id).update(status=Status.RUNNING, attempts=attempt)
    deadline = time.monotonic() + settings.REGISTRY_CHECK_BUDGET_SECONDS
    client = get_client(deadline=deadline)
    cached = cached_answer(kvk_number=check.kvk_number, source=client.source)
    if cached is not None:  # another check fetched it meanwhile
        _finish(check_id, source=cached.source, found=cached.found, result=cached.result, fetched_at=cached.fetched_at)
        return
    try:
        profile = fetch_profile(kvk_number=check.kvk_number, deadline=deadline, client=client)
    except (RegistryUnavailable, RegistryRateLimited) as error:
        RegistryCheck.objects.filter(pk=check_id).update(error=_english(error.message))
        raise TemporaryFailure(str(error)) from error
    except RegistryError as error:
        registry_check_failed(check_id=check_id, error=error)
        return
    _finish(check_id, source=client.source, found=profile.found, result=profile.to_dict(), fetched_at=timezone.now())


@transaction.atomic
def _finish(check_id: int, *, source: str, found: bool, result: dict, fetched_at) -> None:
    check = RegistryCheck.objects.select_for_update().filter(pk=check_id).first()
    if check is None or check.is_finished:
        return
    check.status, check.source, check.found, check.result, check.fetched_at, check.error = (
        Status.DONE, source, found, result, fetched_at, ""
    )  # fmt: skip
    check.save(update_fields=["status", "source", "found", "result", "fetched_at", "error"])


def registry_check_failed(*, check_id: int, error: Exception) -> None:
    """Mark the check failed (after the last attempt, or at once when retrying cannot help), with the
    reason in English (its msgid: the page shows it translated). A done check stays done."""
    cause = error if isinstance(error, RegistryError) else error.__cause__
    message = cause.message if isinstance(cause, RegistryError) else RegistryError.message
    RegistryCheck.objects.filter(pk=check_id).exclude(status=Status.DONE).update(
        status=Status.FAILED, error=_english(message)
    )


def _english(message) -> str:
    with translation.override("en"):
        return str(message)
