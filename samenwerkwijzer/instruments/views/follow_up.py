"""What follows from revealed rounds: the action list and the agenda for the next meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..access import get_action_item_for_access, get_agenda_proposal_for_access, visible_answer_sets
from ..forms import ActionStatusForm
from ..models import ActionItem, AgendaProposal
from ..rules import needs_discussion, spread
from . import collaboration_access


@require_GET
@login_required
def action_list(request, pk):
    access = collaboration_access(request, pk)
    actions = ActionItem.objects.filter(collaboration=access.collaboration).select_related(
        "owner_organisation", "round"
    )
    rows = []
    for action in actions:
        question = None
        if action.round is not None and ":" in action.source:
            item = action.round.definition.item(action.source.split(":", 1)[1])
            question = item.label if item else None
        rows.append({"action": action, "question": question})
    context = {"access": access, "collaboration": access.collaboration, "rows": rows}
    return render(request, "instruments/action_list.html", context)


@require_POST
@login_required
def action_status(request, pk, action_pk):
    access = collaboration_access(request, pk, write=True)
    action = get_action_item_for_access(access, action_pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.action_item_set_status(access=access, action=action, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The status has been changed."))
    return redirect("instruments:action_list", pk)


@require_GET
@login_required
def agenda(request, pk):
    """Agenda for the next meeting: statements partners put on it, with the difference that was found."""
    access = collaboration_access(request, pk)
    proposals = list(
        AgendaProposal.objects.filter(collaboration=access.collaboration).select_related(
            "round", "added_by", "added_by_organisation"
        )
    )
    answer_sets = visible_answer_sets(access, {p.round_id: p.round for p in proposals}.values())
    rows = []
    for proposal in proposals:
        item = proposal.round.definition.item(proposal.item_id)
        scores = [a.answers.get(proposal.item_id) for a in answer_sets.get(proposal.round_id, [])]
        value = spread(scores)
        rows.append({"proposal": proposal, "item": item, "spread": value, "discuss": needs_discussion(value)})
    context = {"access": access, "collaboration": access.collaboration, "rows": rows}
    return render(request, "instruments/agenda.html", context)


@require_POST
@login_required
def agenda_remove(request, pk, proposal_pk):
    access = collaboration_access(request, pk, write=True)
    proposal = get_agenda_proposal_for_access(access, proposal_pk)
    services.agenda_proposal_remove(access=access, proposal=proposal)
    messages.success(request, _("The item has been taken off the agenda."))
    return redirect("instruments:agenda", pk)
