"""Letter of intent and agreement: read, edit per section, compare versions, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenwerkwijzer.collaborations.views import collaboration_access
from samenwerkwijzer.lib.forms import apply_validation_error

from . import checks, clauses, content, rendering, rules, selectors, services
from .access import get_document_for_access, get_version_for_access, kind_from_slug
from .forms import NewVersionForm, SectionEditor
from .models import Document, DocumentKind
from .sections import (
    initial_data,
    participants_of,
    party_from_participant,
    section_for,
    sections_for,
)


def page_context(access, kind, **extra) -> dict:
    return {
        "access": access,
        "collaboration": access.collaboration,
        "kind": kind,
        "kind_slug": DocumentKind(kind).slug,
        "kind_label": content.document_title(kind),
        **extra,
    }


def _data_or_draft(access, kind, document):
    if document is not None and document.current_version is not None:
        return document.current_version.data, document.current_version
    return initial_data(access.collaboration, kind), None


def _unsaved_document(access, kind):
    return Document(collaboration=access.collaboration, kind=kind)


@require_GET
@login_required
def overview(request, pk):
    access = collaboration_access(request, pk)
    statuses = [
        selectors.document_status(access, kind) for kind in (DocumentKind.LETTER_OF_INTENT, DocumentKind.AGREEMENT)
    ]
    return render(
        request,
        "agreements/overview.html",
        {"access": access, "collaboration": access.collaboration, "statuses": statuses},
    )


@require_GET
@login_required
def document_detail(request, pk, kind):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    status = selectors.document_status(access, kind)
    document = status.document or _unsaved_document(access, kind)
    data, version = _data_or_draft(access, kind, status.document)
    problems = []
    if access.can_write and status.state == selectors.DRAFT:
        problems = checks.freeze_problems(kind, data, participants_of(access.collaboration))
    context = page_context(
        access,
        kind,
        status=status,
        problems=problems,
        goal_checks=checks.goal_checks(data) if kind == DocumentKind.AGREEMENT else [],
        my_party=status.party(access.organisation),
        can_sign=access.organisation is not None
        and services.is_authorised_signatory(request.user, access.organisation),
        sections=sections_for(kind),
    )
    context.update(
        rendering.document_context(
            document=document,
            version=version,
            data=data,
            show_edit_links=access.can_write and status.state != selectors.SIGNED,  # signed is signed
            status_line=_status_line(version),
        )
    )
    return render(request, "agreements/document.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def new_version(request, pk, kind):
    """Signed is signed: a new version of a signed document is an explicit step, after a warning that it
    starts a new round of approval and signing while the signed version stays as it is."""
    access = collaboration_access(request, pk, write=True)
    kind = kind_from_slug(kind)
    return new_version_page(request, access, kind)


def new_version_page(request, access, kind, *, section=None):
    """The warning page and its form; also shown by the edit page when it is reached on a signed document."""
    status = selectors.document_status(access, kind)
    form = NewVersionForm(request.POST if request.method == "POST" and section is None else None, kind=kind)
    if section is not None:
        form.initial = {"section": section.key}
    if form.is_bound and form.is_valid():
        try:
            version = services.document_new_version(access=access, kind=kind)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s was made from the signed text. Edit it, then put it up for approval.")
                % {"number": version.number},
            )
            next_section = form.cleaned_data.get("section")
            if next_section:
                return redirect("agreements:edit", access.collaboration.pk, DocumentKind(kind).slug, next_section)
            return redirect(document_url(access, kind))
    context = page_context(access, kind, status=status, form=form, section=section)
    return render(request, "agreements/new_version.html", context)


def _status_line(version) -> str:
    if version is None:
        return _("Not saved yet: this is a first draft from the participants and the answers already revealed.")
    return _("Version %(number)s, saved by %(name)s.") % {"number": version.number, "name": version.author_name}


def _parties_for_editing(access, kind, data, key):
    participants = participants_of(access.collaboration)
    if key == "parties":
        stored = {p.get("organisation_id"): p for p in data.get("parties", [])}
        return [party_from_participant(p, stored.get(p.organisation_id)) for p in participants]
    return [party_from_participant(p) for p in participants]


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request, pk, kind, section):
    access = collaboration_access(request, pk, write=True)
    kind = kind_from_slug(kind)
    spec = section_for(kind, section)
    if spec is None:
        raise Http404
    if selectors.document_status(access, kind).state == selectors.SIGNED:  # signed is signed: ask first
        return new_version_page(request, access, kind, section=spec)
    document = get_document_for_access(access, kind)
    data, version = _data_or_draft(access, kind, document)
    parties = _parties_for_editing(access, kind, data, section)
    base_number = version.number if version else 0
    post = request.POST if request.method == "POST" else None
    inserted = None
    if post is not None and "use_clause" in post:
        post, inserted = _with_clause(request, kind, section, parties, access.organisation)
    editor = SectionEditor(
        section,
        stored=data.get(section, [] if section == "parties" else {}),
        parties=parties,
        data=post,
        organisation=access.organisation,
    )
    if post is None:
        editor.base.initial = {"base_version": base_number}
    elif "use_clause" in post:
        _focus(editor, inserted)  # shown again with the clause in the field: nothing is saved yet
    elif editor.is_valid():
        try:
            saved, created = services.version_save(
                access=access,
                kind=kind,
                section=section,
                section_data=editor.cleaned_section(),
                base_number=editor.base_version,
            )
        except services.EditConflict as conflict:
            return _conflict(request, access, kind, spec, conflict, parties)
        except ValidationError as error:
            apply_validation_error(editor.main or editor.base, error)
        else:
            if not created:
                messages.info(request, _("Nothing changed, so no new version was saved."))
            else:
                messages.success(request, _("Saved as version %(number)s.") % {"number": saved.number})
            return redirect(f"{document_url(access, kind)}#section-{section}")
    context = page_context(
        access,
        kind,
        section=spec,
        editor=editor,
        base_number=base_number,
        frozen=selectors.document_status(access, kind).state in (selectors.APPROVAL, selectors.SIGNING),
        topics=clauses.section_panel(access, kind, section, party_names=[p["name"] for p in parties]),
    )
    return render(request, "agreements/section_edit.html", context)


def _with_clause(request, kind, section, parties, organisation):
    """The posted form with the chosen model clause after the text of its field (never in its place).

    Returns the new form data and the name of the field that got the clause (None when the
    button named no clause of this section).
    """
    chosen = clauses.chosen_clause(kind, section, request.POST.get("use_clause"))
    target = clauses.target_field(chosen[0]) if chosen else None
    if target is None:
        messages.error(request, _("That model clause is not available for this section. Nothing was changed."))
        return request.POST, None
    _topic, clause, organisation_id = chosen
    field, per_party = target
    name = field
    if per_party:
        ids = [p["organisation_id"] for p in parties]
        wanted = organisation_id or getattr(organisation, "pk", None)
        name = f"parties-{ids.index(wanted) if wanted in ids else 0}-{field}"
    post = request.POST.copy()
    text = clauses.clause_text(clause, parties=[p["name"] for p in parties])
    post[name] = clauses.appended(post.get(name, ""), text)
    messages.info(
        request,
        _("The model clause “%(title)s” was added to the field. Edit it as you like; nothing is saved until you save.")
        % {"title": clauses.clause_title(clause)},
    )
    return post, name


def _focus(editor, name):
    """Put the cursor in the field that just got a model clause."""
    if not name:
        return
    forms = [editor.main] if editor.main else []
    if editor.party_formset is not None:
        forms += list(editor.party_formset.forms)
    for form in forms:
        field = name.removeprefix(f"{form.prefix}-") if form.prefix else name
        if form.add_prefix(field) == name and field in form.fields:
            form.fields[field].widget.attrs["autofocus"] = True
            return


def document_url(access, kind) -> str:
    return reverse("agreements:document", args=[access.collaboration.pk, DocumentKind(kind).slug])


def _conflict(request, access, kind, spec, conflict, parties):
    """Both texts side by side, and the form again with the user's input on top of the newer version."""
    current = conflict.current
    name = access.collaboration.name
    theirs_data = dict(current.data)
    mine_data = {**current.data, spec.key: conflict.mine}
    theirs = content.build(kind, theirs_data, collaboration_name=name)
    mine = content.build(kind, mine_data, collaboration_name=name)
    theirs_section = next((s for s in theirs.sections if s.key == spec.key), None)  # None: left out, empty
    mine_section = next((s for s in mine.sections if s.key == spec.key), None)
    theirs_text, mine_text = content.section_text(theirs_section), content.section_text(mine_section)
    post = request.POST.copy()
    post["base_version"] = str(current.number)
    editor = SectionEditor(
        spec.key, stored=current.data.get(spec.key, {}), parties=parties, data=post, organisation=access.organisation
    )
    editor.is_valid()
    context = page_context(
        access,
        kind,
        section=spec,
        editor=editor,
        current=current,
        theirs_text=theirs_text,
        mine_text=mine_text,
        hunks=rules.diff_hunks(theirs_text, mine_text),
        base_number=current.number,
    )
    return render(request, "agreements/conflict.html", context, status=409)


@require_GET
@login_required
def version_list(request, pk, kind):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    document = get_document_for_access(access, kind)
    versions = list(selectors.versions_of(document)) if document else []
    for version in versions:
        version.section_title = checks.section_title(kind, version.section)
    freezes = list(selectors.freezes_of(document)) if document else []
    return render(
        request,
        "agreements/versions.html",
        page_context(access, kind, document=document, versions=versions, freezes=freezes),
    )


@require_GET
@login_required
def version_detail(request, pk, kind, number):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    version = get_version_for_access(access, kind, number)
    context = page_context(access, kind)
    context.update(
        rendering.document_context(
            document=version.document, version=version, data=version.data, status_line=_status_line(version)
        )
    )
    return render(request, "agreements/version_detail.html", context)


@require_GET
@login_required
def version_diff(request, pk, kind):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    document = get_document_for_access(access, kind)
    numbers = list(selectors.versions_of(document).values_list("number", flat=True)) if document else []
    old_number, new_number = _diff_numbers(request.GET, numbers)
    hunks, old, new = [], None, None
    if old_number and new_number:
        old = get_version_for_access(access, kind, old_number)
        new = get_version_for_access(access, kind, new_number)
        name = access.collaboration.name
        hunks = rules.diff_hunks(
            content.as_text(content.build(kind, old.data, collaboration_name=name)),
            content.as_text(content.build(kind, new.data, collaboration_name=name)),
        )
    context = page_context(access, kind, numbers=numbers, old=old, new=new, hunks=hunks)
    template = "agreements/_diff.html" if request.htmx else "agreements/diff.html"
    return render(request, template, context)


def _diff_numbers(params, numbers: list[int]) -> tuple[int | None, int | None]:
    def pick(name, default):
        try:
            value = int(params.get(name, default))
        except (TypeError, ValueError):
            return default
        return value if value in numbers else default

    if len(numbers) < 2:
        return None, None
    return pick("a", numbers[1]), pick("b", numbers[0])


@require_GET
@login_required
def version_pdf(request, pk, kind, number):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    version = get_version_for_access(access, kind, number)
    pdf = rendering.render_pdf(document=version.document, version=version)
    return download(pdf, "application/pdf", download_filename(access, kind, f"versie-{version.number}-concept", "pdf"))


@require_GET
@login_required
def version_docx(request, pk, kind, number):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    version = get_version_for_access(access, kind, number)
    docx = rendering.render_docx(document=version.document, version=version, data=version.data)
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return download(docx, mime, download_filename(access, kind, f"versie-{version.number}-concept", "docx"))


def download_filename(access, kind, suffix: str, extension: str) -> str:
    return f"{slugify(access.collaboration.name) or 'samenwerking'}-{rendering.file_stem(kind)}-{suffix}.{extension}"


def download(payload: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
