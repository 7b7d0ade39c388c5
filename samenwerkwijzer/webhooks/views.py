"""The lead's webhook pages in a collaboration. Only the lead sees them: a webhook address of a
chat tool is itself a secret (whoever knows it can post in the channel), and so is the signing
secret shown on the endpoint page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import get_collaboration_for_request
from samenwerkwijzer.lib.forms import apply_validation_error

from . import selectors, services
from .delivery import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER
from .events import EVENTS
from .forms import EndpointForm
from .models import WebhookEndpoint

DELIVERY_LOG_SIZE = 50


def _lead_access(request, pk):
    return get_collaboration_for_request(request, pk, lead=True)


def _endpoint(access, endpoint_pk) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(collaboration=access.collaboration, pk=endpoint_pk).first()
    if endpoint is None:
        raise Http404
    return endpoint


def _context(access, **extra):
    return {"access": access, "collaboration": access.collaboration, **extra}


@require_http_methods(["GET"])
@login_required
def endpoint_list(request, pk):
    access = _lead_access(request, pk)
    endpoints = selectors.endpoints_with_last_delivery(access.collaboration)
    return render(request, "webhooks/list.html", _context(access, endpoints=endpoints))


@require_http_methods(["GET", "POST"])
@login_required
def endpoint_create(request, pk):
    access = _lead_access(request, pk)
    form = EndpointForm(request.POST or None, initial={"format": WebhookEndpoint.Format.JSON})
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_create(access=access, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The webhook is added."))
            return redirect("webhooks:detail", access.collaboration.pk, endpoint.pk)
    return render(request, "webhooks/form.html", _context(access, form=form, endpoint=None))


@require_http_methods(["GET", "POST"])
@login_required
def endpoint_edit(request, pk, endpoint_pk):
    access = _lead_access(request, pk)
    endpoint = _endpoint(access, endpoint_pk)
    initial = {f: getattr(endpoint, f) for f in ("name", "url", "format", "events", "active")}
    form = EndpointForm(request.POST or None, initial=initial, with_active=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(endpoint=endpoint, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The webhook is saved."))
            return redirect("webhooks:detail", access.collaboration.pk, endpoint.pk)
    return render(request, "webhooks/form.html", _context(access, form=form, endpoint=endpoint))


@require_http_methods(["GET"])
@login_required
def endpoint_detail(request, pk, endpoint_pk):
    access = _lead_access(request, pk)
    endpoint = _endpoint(access, endpoint_pk)
    return render(
        request,
        "webhooks/detail.html",
        _context(
            access,
            endpoint=endpoint,
            event_labels=[EVENTS[e] for e in endpoint.events if e in EVENTS],
            deliveries=endpoint.deliveries.all()[:DELIVERY_LOG_SIZE],
            signature_header=SIGNATURE_HEADER,
            event_header=EVENT_HEADER,
            delivery_header=DELIVERY_HEADER,
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def endpoint_delete(request, pk, endpoint_pk):
    access = _lead_access(request, pk)
    endpoint = _endpoint(access, endpoint_pk)
    if request.method == "POST":
        services.endpoint_delete(endpoint=endpoint)
        messages.success(request, _("The webhook is removed."))
        return redirect("webhooks:list", access.collaboration.pk)
    return render(request, "webhooks/delete.html", _context(access, endpoint=endpoint))


@require_POST
@login_required
def endpoint_test(request, pk, endpoint_pk):
    access = _lead_access(request, pk)
    endpoint = _endpoint(access, endpoint_pk)
    try:
        services.endpoint_send_test(endpoint=endpoint)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("A test message is sent. Its result is at the top of the delivery log."))
    return redirect("webhooks:detail", access.collaboration.pk, endpoint.pk)
