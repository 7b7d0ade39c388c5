"""Merging a blind canvas round into the joint canvas: the canvases side by side, then the choice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samenwerkwijzer.collaborations.access import get_collaboration_for_request
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.access import get_round_for_access, submission_status
from samenwerkwijzer.lib.forms import apply_validation_error

from .forms_merge import MergeForm
from .models import Block
from .services_merge import canvas_merge, joint_texts, round_differences


def _blind_canvas_round(access, round_pk):
    round_ = get_round_for_access(access, round_pk)
    if round_.instrument != definitions.BUSINESSMODEL:
        raise Http404  # another instrument's round has nothing to merge
    return round_


@require_http_methods(["GET", "POST"])
@login_required
def merge(request, pk, round_pk):
    """GET: each organisation's canvas per block with the differences and what to take over;
    POST: add the chosen notes to the joint canvas. Before the reveal: only who has filled in."""
    access = get_collaboration_for_request(request, pk, write=request.method == "POST")
    round_ = _blind_canvas_round(access, round_pk)
    context = {"access": access, "collaboration": access.collaboration, "round": round_}
    if not round_.is_revealed():
        # The blind rule: not one answer on this page until every organisation has submitted.
        context["status"] = submission_status([round_])[round_.pk]
        return render(request, "businessmodel/merge_waiting.html", context, status=200)
    labels = {block.value: str(block.label) for block in Block}
    differences = round_differences(access, round_, joint_texts(access.collaboration))
    form = MergeForm(request.POST if request.method == "POST" else None, differences=differences, labels=labels)
    if request.method == "POST" and form.is_valid():
        try:
            added = canvas_merge(access=access, round=round_, chosen=form.chosen(), user=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if added:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s note has been added to the joint canvas.",
                        "%(count)s notes have been added to the joint canvas.",
                        len(added),
                    )
                    % {"count": len(added)},
                )
            else:
                messages.info(request, _("The chosen notes were already on the joint canvas; nothing was added."))
            return redirect("businessmodel:canvas", pk)
    context.update(
        blocks=[
            {
                "differences": block,
                "label": labels[block.block],
                "field": form[block.block] if block.block in form.fields else None,
                "checked": set(form[block.block].value() or []) if block.block in form.fields else set(),
                "offered": [note for note in block.notes if not note.on_canvas],
            }
            for block in differences
        ],
        form=form,
        writers=[writer for writer, _notes in differences[0].columns] if differences else [],
        can_merge=access.can_write and access.participant is not None and not access.must_choose,
    )
    return render(request, "businessmodel/merge.html", context, status=400 if form.errors else 200)
