"""The Zelfcheck: private to an organisation, shared with a collaboration only on purpose."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import definitions, rules, services
from ..access import get_self_check_membership, self_check_of, self_check_shares_for
from ..forms import AnswerForm
from ..models import SelfCheckShare
from . import collaboration_access


def gate_results(instrument: definitions.Instrument, answers: dict) -> list[dict]:
    return [
        {"gate": gate, "passed": rules.gate_passed(answers, gate.items, gate.pass_values)} for gate in instrument.gates
    ]


@require_http_methods(["GET", "POST"])
@login_required
def self_check(request, pk):
    membership = get_self_check_membership(request.user, pk)
    instrument = definitions.get_instrument(definitions.ZELFCHECK)
    current = self_check_of(membership.organisation_id)
    answers = current.answers if current else {}
    form = AnswerForm(request.POST or None, instrument=instrument, answers=answers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.self_check_save(membership=membership, answers=form.answers(), actor=request.user)
            except ValidationError as error:
                form.add_item_errors(error.message_dict)
            else:
                messages.success(request, _("The self-check has been saved. Only members of your organisation see it."))
                return redirect("instruments:self_check", pk)
        status = 400
    shares = SelfCheckShare.objects.filter(organisation_id=membership.organisation_id).select_related("collaboration")
    context = {
        "organisation": membership.organisation,
        "instrument": instrument,
        "form": form,
        "self_check": current,
        "gates": gate_results(instrument, answers),
        "shares": shares,
    }
    return render(request, "instruments/self_check.html", context, status=status)


@require_GET
@login_required
def self_check_shares(request, pk):
    access = collaboration_access(request, pk)
    shares = self_check_shares_for(access)
    entries = []
    for share in shares:
        instrument = share.definition
        entries.append(
            {
                "share": share,
                "answers": [
                    (item, item.display(share.answers.get(item.id)))
                    for item in instrument.items
                    if item.id in share.answers
                ],
                "gates": gate_results(instrument, share.answers),
            }
        )
    own_share = next((s for s in shares if access.organisation and s.organisation_id == access.organisation.pk), None)
    context = {
        "access": access,
        "collaboration": access.collaboration,
        "entries": entries,
        "own_share": own_share,
        "has_self_check": bool(getattr(self_check_of(access.organisation and access.organisation.pk), "answers", None)),
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
