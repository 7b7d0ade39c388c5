"""Freeze, approve, sign, download the signed PDF, and verify an uploaded PDF."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import collaborations_for_user
from samenwerkwijzer.collaborations.views import collaboration_access
from samenwerkwijzer.lib.forms import apply_validation_error

from . import checks, selectors, services, verification
from .access import get_freeze_for_access, kind_from_slug
from .forms import MAX_UPLOAD_BYTES, ApproveForm, FreezeForm, SignForm, VerifyForm
from .models import Freeze
from .sections import participants_of, signatory_names
from .views import document_url, download, download_filename, page_context


@require_http_methods(["GET", "POST"])
@login_required
def freeze(request, pk, kind):
    access = collaboration_access(request, pk, lead=True)
    kind = kind_from_slug(kind)
    status = selectors.document_status(access, kind)
    version = status.version
    problems = []
    if version is not None and status.state == selectors.DRAFT:
        problems = checks.freeze_problems(kind, version.data, participants_of(access.collaboration))
    form = FreezeForm(request.POST or None, initial={"version": version.number if version else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.document_freeze(access=access, kind=kind, version_number=form.cleaned_data["version"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s has been put up for approval. Every organisation can now approve it.")
                % {"number": version.number},
            )
            return redirect(document_url(access, kind))
    return render(
        request, "agreements/freeze.html", page_context(access, kind, status=status, problems=problems, form=form)
    )


@require_POST
@login_required
def approve(request, pk, kind):
    access = collaboration_access(request, pk, write=True)
    kind = kind_from_slug(kind)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This approval could not be recorded. Reload the page and try again."))
        return redirect(document_url(access, kind))
    freeze_object = Freeze.objects.filter(
        document__collaboration=access.collaboration, document__kind=kind, pk=form.cleaned_data["freeze"]
    ).first()
    if freeze_object is None:
        messages.error(request, _("This version is no longer up for approval. Reload the page."))
        return redirect(document_url(access, kind))
    try:
        services.document_approve(
            access=access, freeze=freeze_object, document_sha256=form.cleaned_data["document_sha256"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You approved this version for %(name)s.") % {"name": access.organisation.name})
    return redirect(document_url(access, kind))


def _declared_size(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _client_ip(request) -> str | None:
    """The signer's address as the trusted proxies report it (``NUM_PROXIES``), by allauth's rule."""
    try:
        return get_account_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address
        return None


@require_http_methods(["GET", "POST"])
@login_required
def sign(request, pk, kind):
    access = collaboration_access(request, pk, write=True)
    kind = kind_from_slug(kind)
    status = selectors.document_status(access, kind)
    freeze_object = status.freeze if status.state == selectors.SIGNING else None
    from allauth.mfa.utils import is_mfa_enabled

    totp_enabled = is_mfa_enabled(request.user, types=["totp"])
    is_signatory = services.is_authorised_signatory(request.user, access.organisation)
    party = status.party(access.organisation)
    form = SignForm(
        request.POST or None,
        totp_enabled=totp_enabled,
        initial={"freeze": freeze_object.pk, "document_sha256": freeze_object.pdf_sha256} if freeze_object else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if not is_signatory:
                raise ValidationError(
                    {
                        "__all__": _("You are not an authorised signatory of %(name)s, so you cannot sign for it.")
                        % {"name": access.organisation.name}
                    }
                )
            if freeze_object is None or freeze_object.pk != form.cleaned_data["freeze"]:
                raise ValidationError(
                    {
                        "__all__": _(
                            "The document changed since you opened this page. "
                            "Read the new version first; nothing was signed."
                        )
                    }
                )
            proof = services.reauthenticate(
                user=request.user,
                password=form.cleaned_data.get("password", ""),
                code=form.cleaned_data.get("code", ""),
            )
            services.document_sign(
                access=access,
                freeze=freeze_object,
                document_sha256=form.cleaned_data["document_sha256"],
                proof=proof,
                ip=_client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("You signed on behalf of %(name)s.") % {"name": access.organisation.name})
            return redirect(document_url(access, kind))
    context = page_context(
        access,
        kind,
        status=status,
        freeze=freeze_object,
        form=form,
        party=party,
        is_signatory=is_signatory,
        signatories=signatory_names(access.organisation),
    )
    return render(request, "agreements/sign.html", context)


@require_GET
@login_required
def signed_pdf(request, pk, kind, freeze_pk):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    freeze_object = get_freeze_for_access(access, kind, freeze_pk)
    sealed = getattr(freeze_object, "sealed", None)
    if sealed is not None:
        payload, suffix = bytes(sealed.pdf), f"v{freeze_object.version.number}-ondertekend"
    else:
        payload, suffix = bytes(freeze_object.pdf), f"v{freeze_object.version.number}-ter-ondertekening"
    return download(payload, "application/pdf", download_filename(access, kind, suffix, "pdf"))


@require_GET
@login_required
def freeze_detail(request, pk, kind, freeze_pk):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    freeze_object = get_freeze_for_access(access, kind, freeze_pk)
    context = page_context(
        access,
        kind,
        freeze=freeze_object,
        sealed=getattr(freeze_object, "sealed", None),
        events=selectors.events_of(freeze_object),
        signatures=freeze_object.signatures.all(),
    )
    return render(request, "agreements/freeze_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def verify(request):
    result = message = None
    if request.method == "POST" and _declared_size(request) > MAX_UPLOAD_BYTES + 64 * 1024:
        # Refused before the upload is read: the declared size alone is too large.
        context = {
            "form": VerifyForm(),
            "upload_error": _("The file is larger than 10 MB. Upload the PDF as downloaded here."),
        }
        return render(request, "agreements/verify.html", context, status=413)
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = verification.verify(upload.read())
        message = verification.explain(result)
    visible = None
    if result is not None and result.freeze is not None:
        collaboration = result.freeze.document.collaboration
        if collaborations_for_user(request.user).filter(pk=collaboration.pk).exists():
            visible = result.freeze
    return render(
        request, "agreements/verify.html", {"form": form, "result": result, "message": message, "match": visible}
    )
