"""The joint Business Model Canvas: the nine blocks, notes, history, prefill, PDF and SVG."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import get_collaboration_for_request
from samenwerkwijzer.lib.forms import apply_validation_error

from . import rendering_canvas, selectors_canvas, services_canvas
from .forms_canvas import DeleteForm, MoveForm, NoteForm, PrefillForm
from .models import Block


def _context(access, **extra) -> dict:
    return {"access": access, "collaboration": access.collaboration, "active": "canvas", **extra}


def _canvas_url(access, block: str = "") -> str:
    url = reverse("businessmodel:canvas", args=[access.collaboration.pk])
    return f"{url}#block-{block}" if block else url


def _block_or_404(block: str) -> str:
    if block not in Block.values:
        raise Http404
    return block


def _note_page(request, access, template, form, note=None, block="", status=200, **extra):
    return render(
        request,
        template,
        _context(
            access,
            form=form,
            note=note,
            block_key=block or note.block,
            block_label=selectors_canvas.block_label(block or note.block),
            block_question=selectors_canvas.QUESTIONS[block or note.block],
            blocks=Block.choices,
            revision=getattr(selectors_canvas.canvas_of(access.collaboration), "revision", 0),
            **extra,
        ),
        status=status,
    )


@require_GET
@login_required
def canvas(request, pk):
    access = get_collaboration_for_request(request, pk)
    view = selectors_canvas.canvas_view(access)
    return render(
        request,
        "businessmodel/canvas.html",
        _context(access, canvas=view, blocks=Block.choices, blind_rounds=selectors_canvas.blind_rounds(access)),
    )


@require_http_methods(["GET", "POST"])
@login_required
def note_add(request, pk, block):
    access = get_collaboration_for_request(request, pk, write=True)
    block = _block_or_404(block)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_canvas.note_add(access=access, block=block, text=form.cleaned_data["text"], user=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your note was added."))
            return redirect(_canvas_url(access, block))
    return _note_page(request, access, "businessmodel/canvas_note_form.html", form, block=block)


@require_http_methods(["GET", "POST"])
@login_required
def note_edit(request, pk, note_pk):
    access = get_collaboration_for_request(request, pk, write=True)
    note = selectors_canvas.get_note_for_access(access, note_pk)
    form = NoteForm(request.POST or None, initial={"text": note.text, "version": note.version})
    if request.method == "POST" and form.is_valid():
        try:
            services_canvas.note_edit(
                access=access,
                note_pk=note.pk,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"] or 0,
                user=request.user,
            )
        except services_canvas.NoteConflict as conflict:
            return _conflict(request, access, note, conflict)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your change was saved."))
            return redirect(_canvas_url(access, note.block))
    return _note_page(request, access, "businessmodel/canvas_note_form.html", form, note=note)


def _conflict(request, access, note, conflict):
    """Their text and yours side by side; yours stays in the form, on top of their version."""
    current = conflict.current
    post = request.POST.copy()
    if current is not None:
        post["version"] = str(current.version)
    form = NoteForm(post)
    form.is_valid()
    return _note_page(
        request,
        access,
        "businessmodel/canvas_conflict.html",
        form,
        note=current,
        block=note.block,
        mine=conflict.mine,
        status=409,
    )


@require_http_methods(["GET", "POST"])
@login_required
def note_delete(request, pk, note_pk):
    access = get_collaboration_for_request(request, pk, write=True)
    note = selectors_canvas.get_note_for_access(access, note_pk)
    form = DeleteForm(request.POST or None, initial={"version": note.version})
    if request.method == "POST" and form.is_valid():
        try:
            services_canvas.note_delete(
                access=access, note_pk=note.pk, version=form.cleaned_data["version"], user=request.user
            )
        except services_canvas.NoteConflict as conflict:
            messages.error(
                request,
                _(
                    "Someone else changed this note meanwhile, so it was not removed. Read it again and "
                    "remove it then if you still want to."
                ),
            )
            if conflict.current is None:
                return redirect(_canvas_url(access, note.block))
            return redirect("businessmodel:note_delete", pk=access.collaboration.pk, note_pk=note.pk)
        messages.success(request, _("The note was removed."))
        return redirect(_canvas_url(access, note.block))
    return _note_page(request, access, "businessmodel/canvas_note_delete.html", form, note=note)


@require_POST
@login_required
def note_move(request, pk, note_pk):
    access = get_collaboration_for_request(request, pk, write=True)
    note = selectors_canvas.get_note_for_access(access, note_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That move is not possible. Nothing was changed."))
        return redirect(_canvas_url(access, note.block))
    try:
        moved = services_canvas.note_move(
            access=access,
            note_pk=note.pk,
            revision=form.cleaned_data["revision"],
            direction=form.cleaned_data["direction"],
            to_block=form.cleaned_data["to_block"],
            user=request.user,
        )
    except services_canvas.CanvasConflict:
        messages.error(
            request,
            _(
                "Someone else changed the canvas meanwhile, so nothing was moved. Look at the order as it "
                "is now and move the note again if you still want to."
            ),
        )
        return redirect(_canvas_url(access, note.block))
    except ValidationError:
        messages.error(request, _("That move is not possible. Nothing was changed."))
        return redirect(_canvas_url(access, note.block))
    return redirect(_canvas_url(access, moved.block) + f"-note-{moved.pk}")


@require_POST
@login_required
def prefill(request, pk):
    access = get_collaboration_for_request(request, pk, write=True)
    form = PrefillForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the nine blocks of the canvas."))
        return redirect(_canvas_url(access))
    block = form.cleaned_data["block"]
    added = services_canvas.canvas_prefill(access=access, block=block, user=request.user)
    if added:
        messages.success(
            request,
            _("%(count)s notes added to %(block)s from what you already filled in elsewhere.")
            % {"count": len(added), "block": selectors_canvas.block_label(block)},
        )
    else:
        messages.info(
            request,
            _(
                "There is nothing new to add to %(block)s: what was filled in elsewhere is already on the "
                "canvas, or nothing was filled in or shared yet."
            )
            % {"block": selectors_canvas.block_label(block)},
        )
    return redirect(_canvas_url(access, block))


@require_GET
@login_required
def history(request, pk):
    access = get_collaboration_for_request(request, pk)
    block = request.GET.get("block", "")
    if block not in Block.values:
        block = ""
    page = Paginator(selectors_canvas.changes_of(access, block=block), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "businessmodel/canvas_history.html",
        _context(access, page=page, selected_block=block, blocks=Block.choices),
    )


def _file_name(access, extension: str) -> str:
    return f"business-model-canvas-{slugify(access.collaboration.name) or access.collaboration.pk}.{extension}"


@require_GET
@login_required
def canvas_pdf(request, pk):
    access = get_collaboration_for_request(request, pk)
    pdf = rendering_canvas.render_pdf(access, selectors_canvas.canvas_view(access))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_file_name(access, "pdf")}"'
    return response


@require_GET
@login_required
def canvas_svg(request, pk):
    access = get_collaboration_for_request(request, pk)
    svg = rendering_canvas.render_svg(access, selectors_canvas.canvas_view(access))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(access, "svg")}"'
    # An SVG opened on its own must run nothing: no scripts, no outside resources.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
