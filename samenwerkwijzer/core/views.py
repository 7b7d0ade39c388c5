from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from samenwerkwijzer.collaborations.access import collaborations_for_user, explored_collaboration_ids
from samenwerkwijzer.collaborations.models import Observer
from samenwerkwijzer.collaborations.selectors import phase_states
from samenwerkwijzer.collaborations.todos import todo_counts_by_collaboration, todos_for_user
from samenwerkwijzer.lib.formatting import format_number
from samenwerkwijzer.lib.request_memo import request_memo
from samenwerkwijzer.organisations.access import current_organisation_id
from samenwerkwijzer.organisations.models import Membership

from .health import run_checks


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    collaborations = list(collaborations_for_user(request.user).order_by("name"))
    # The phases and the to-dos read the same rows (how many take part, the shared self-checks): once.
    with request_memo():
        states = phase_states(collaborations)  # the phase that follows what has happened
        todos = todos_for_user(request.user, preferred_organisation_id=current_organisation_id(request))
    exploring = explored_collaboration_ids(request.user)  # an explorer sees the phase only when shared
    for collaboration in collaborations:
        hidden = collaboration.pk in exploring and "phase" not in collaboration.explorer_shares
        collaboration.current_phase = None if hidden else states[collaboration.pk].current
    memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
    counts = todo_counts_by_collaboration(todos)
    for collaboration in collaborations:
        collaboration.todo_count = counts.get(collaboration.pk, 0)
    context = {
        "collaborations": collaborations,
        "memberships": memberships,
        "todos": todos,
        # Someone who only reads along as an observer is never asked to add an organisation.
        "only_observes": not memberships and Observer.objects.filter(user=request.user).exists(),
    }
    return render(request, "core/home.html", context)


@require_GET
def about(request):
    return render(request, "core/about.html")


def _operator() -> dict:
    """Who runs this installation, as the operator configured it (docs/configuration.md)."""
    return {
        "name": settings.PRIVACY_OPERATOR_NAME,
        "address": settings.PRIVACY_OPERATOR_ADDRESS,
        "kvk_number": settings.PRIVACY_OPERATOR_KVK_NUMBER,
        "email": settings.PRIVACY_CONTACT_EMAIL,
    }


def _days(seconds: int | None) -> int | None:
    """A cookie's lifetime in whole days; None for a cookie that ends when the browser closes."""
    return None if seconds is None else seconds // 86400


def _cookies() -> list[dict]:
    """Every cookie the app sets, with its name and lifetime taken from the settings."""
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": _("Keeps you logged in, and remembers where you are in a step-by-step form."),
            "days": _days(settings.SESSION_COOKIE_AGE),
            "session": True,
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": _("Protects the forms on this site: another website cannot send a form in your name."),
            "days": _days(settings.CSRF_COOKIE_AGE),
        },
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "purpose": _("Remembers the language you chose at the bottom of the page."),
            "days": _days(settings.LANGUAGE_COOKIE_AGE),
        },
        {
            "name": CookieStorage.cookie_name,
            "purpose": _('Shows a short confirmation once, on the next page (for example "Saved").'),
            "days": None,
        },
    ]


@require_safe
def privacy(request):
    context = {
        "operator": _operator(),
        "session_days": _days(settings.SESSION_COOKIE_AGE),
        # Error reports leave the installation only through Sentry when it is configured; otherwise
        # they are mailed to ADMINS (settings.LOGGING).
        "error_reports_to_sentry": bool(settings.SENTRY_DSN),
        "retention": _retention(),
        "export_hours": ngettext("%(hours)s hour", "%(hours)s hours", settings.EXPORT_RETENTION_HOURS)
        % {"hours": format_number(settings.EXPORT_RETENTION_HOURS)},
    }
    return render(request, "core/privacy.html", context)


def _in_days(days: int) -> str:
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": format_number(days)}


def _retention() -> dict[str, str]:
    """The retention periods (settings RETENTION_*, docs/privacy.md) and the token's longest life, in words."""
    return {
        "invitation": _in_days(settings.RETENTION_INVITATION_DAYS),
        "digest": _in_days(settings.RETENTION_DIGEST_DAYS),
        "registry_answer": _in_days(settings.RETENTION_REGISTRY_ANSWER_DAYS),
        "extract": _in_days(settings.RETENTION_EXTRACT_DAYS),
        "audit_address": _in_days(settings.RETENTION_AUDIT_ADDRESS_DAYS),
        "archived_collaboration": _in_days(settings.RETENTION_ARCHIVED_COLLABORATION_DAYS),
        "webhook_delivery": _in_days(settings.RETENTION_WEBHOOK_DELIVERY_DAYS),
        "personal_data_download": _in_days(settings.RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS),
        "outgoing_mail": _in_days(settings.RETENTION_OUTGOING_MAIL_DAYS),
        "token": _in_days(settings.API_TOKEN_MAX_DAYS),
        "network_reason": _in_days(settings.RETENTION_NETWORK_REASON_DAYS),
        "network_draft_evaluation": _in_days(settings.RETENTION_NETWORK_DRAFT_EVALUATION_DAYS),
        "network_left_member": _in_days(settings.RETENTION_NETWORK_LEFT_MEMBER_DAYS),
    }


@require_safe
def cookies(request):
    return render(request, "core/cookies.html", {"operator": _operator(), "cookies": _cookies()})


@require_safe
def health_live(request):
    """Liveness: the process answers (core/health.py answers it before the session middleware).
    Also the floor in the load benchmark, and what /health/ answers."""
    return HttpResponse("ok", content_type="text/plain")


health = health_live  # /health/ stays an alias of /health/live


@never_cache
@require_safe
def health_ready(request):
    """Readiness: database, cache and file storage reachable; 503 names the failing check."""
    checks = run_checks()
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
