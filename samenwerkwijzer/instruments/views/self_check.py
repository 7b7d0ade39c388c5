"""The Zelfcheck: private to an organisation, shared with a collaboration only on purpose."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import definitions, rules, selectors, services
from ..access import get_self_check_membership, self_check_of
from ..forms import AnswerForm
from ..models import SelfCheckShare
from . import collaboration_access


def gate_results(instrument: definitions.Instrument, answers: dict) -> list[dict]:
    return [
        {"gate": gate, "passed": rules.gate_passed(answers, gate.items, gate.pass_values)} for gate in instrument.gates
    ]


def _collaboration_from(request, membership):
    """The collaboration named by ``?collaboration=``, only when the user may act in it for this
    organisation; otherwise None. Only a number is read and links are built with ``reverse``,
    so the parameter can never send anyone elsewhere."""
    value = request.GET.get("collaboration", "")
    if not value.isdigit():
        return None
    try:
        access = collaboration_access(request, int(value))
    except (Http404, PermissionDenied):
        return None
    if access.organisation is None or access.organisation.pk != membership.organisation_id:
        return None
    return access.collaboration


def _fill(request, membership, *, access=None):
    """The form of the organisation's one Zelfcheck; a POST saves it (and shares it, when asked)."""
    instrument = definitions.get_instrument(definitions.ZELFCHECK)
    current = self_check_of(membership.organisation_id)
    answers = current.answers if current else {}
    form = AnswerForm(request.POST or None, instrument=instrument, answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            if access is not None and request.POST.get("action") == "share":
                services.self_check_save_and_share(
                    membership=membership, access=access, answers=form.answers(), actor=request.user
                )
                messages.success(
                    request,
                    _("The self-check has been saved and shared with %(collaboration)s.")
                    % {"collaboration": access.collaboration.name},
                )
            else:
                services.self_check_save(membership=membership, answers=form.answers(), actor=request.user)
                messages.success(request, _("The self-check has been saved. Only members of your organisation see it."))
        except ValidationError as error:
            form.add_item_errors(error.message_dict)
        else:
            return form, current, None
    return form, current, 400 if request.method == "POST" else 200


@require_http_methods(["GET", "POST"])
@login_required
def self_check(request, pk):
    membership = get_self_check_membership(request.user, pk)
    back_to = _collaboration_from(request, membership)
    form, current, status = _fill(request, membership)
    if status is None:
        url = reverse("instruments:self_check", args=[pk])
        return redirect(f"{url}?collaboration={back_to.pk}" if back_to else url)
    instrument = form.instrument
    context = {
        "organisation": membership.organisation,
        "instrument": instrument,
        "form": form,
        "self_check": current,
        "gates": gate_results(instrument, current.answers if current else {}),
        "collaborations": selectors.self_check_collaborations(membership.organisation_id),
        "back_to": back_to,
    }
    return render(request, "instruments/self_check.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def self_check_in_collaboration(request, pk):
    """Fill in the organisation's own Zelfcheck from within the collaboration, and share it there."""
    access = collaboration_access(request, pk, write=True)
    membership = get_self_check_membership(request.user, access.organisation.pk)
    form, current, status = _fill(request, membership, access=access)
    if status is None:
        if request.POST.get("action") == "share":
            return redirect("instruments:self_check_shares", pk)
        return redirect("instruments:self_check_fill", pk)
    instrument = form.instrument
    own_share = SelfCheckShare.objects.filter(
        organisation=access.organisation, collaboration=access.collaboration
    ).first()
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "organisation": membership.organisation,
        "instrument": instrument,
        "form": form,
        "self_check": current,
        "own_share": own_share,
        "gates": gate_results(instrument, current.answers if current else {}),
    }
    return render(request, "instruments/self_check_fill.html", context, status=status)


@require_GET
@login_required
def self_check_shares(request, pk):
    access = collaboration_access(request, pk)
    comparison = selectors.self_check_comparison_for(access)
    own_share = next(
        (s for s in comparison.shares if access.organisation and s.organisation_id == access.organisation.pk), None
    )
    current = self_check_of(access.organisation and access.organisation.pk)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "comparison": comparison,
        "gate_entries": [
            (share, [g for g in gate_results(share.definition, share.answers) if g["passed"] is False])
            for share in comparison.shares
        ],
        "own_share": own_share,
        "has_self_check": bool(getattr(current, "answers", None)),
        "changed_since_shared": bool(own_share and current and current.answers != own_share.answers),
    }
    return render(request, "instruments/self_check_shares.html", context)


@require_POST
@login_required
def self_check_share(request, pk):
    access = collaboration_access(request, pk, write=True)
    try:
        if request.POST.get("action") == "unshare":
            services.self_check_unshare(access=access)
            messages.success(request, _("Your self-check is no longer shared with this collaboration."))
        else:
            services.self_check_share(access=access)
            messages.success(request, _("Your self-check has been shared with this collaboration."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("instruments:self_check_shares", pk)
