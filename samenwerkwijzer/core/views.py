from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from samenwerkwijzer.collaborations.access import collaborations_for_user, explored_collaboration_ids
from samenwerkwijzer.collaborations.models import Observer
from samenwerkwijzer.collaborations.selectors import phase_states
from samenwerkwijzer.collaborations.todos import todo_counts_by_collaboration, todos_for_user
from samenwerkwijzer.organisations.access import current_organisation_id
from samenwerkwijzer.organisations.models import Membership

from .health import run_checks


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    collaborations = list(collaborations_for_user(request.user).order_by("name"))
    states = phase_states(collaborations)  # the phase that follows what has happened
    exploring = explored_collaboration_ids(request.user)  # an explorer sees the phase only when shared
    for collaboration in collaborations:
        hidden = collaboration.pk in exploring and "phase" not in collaboration.explorer_shares
        collaboration.current_phase = None if hidden else states[collaboration.pk].current
    memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
    todos = todos_for_user(request.user, preferred_organisation_id=current_organisation_id(request))
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
