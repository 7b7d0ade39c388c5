from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samenwerkwijzer.collaborations.access import collaborations_for_user
from samenwerkwijzer.collaborations.selectors import phase_states
from samenwerkwijzer.organisations.models import Membership


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    collaborations = list(collaborations_for_user(request.user).order_by("name"))
    states = phase_states(collaborations)  # the phase that follows what has happened
    for collaboration in collaborations:
        collaboration.current_phase = states[collaboration.pk].current
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    return render(request, "core/home.html", {"collaborations": collaborations, "memberships": memberships})


@require_GET
def about(request):
    return render(request, "core/about.html")


@require_GET
def health(request):
    """Liveness probe for the reverse proxy; also the floor in the load benchmark."""
    return HttpResponse("ok", content_type="text/plain")
