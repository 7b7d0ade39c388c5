"""Freeze, approve, sign, download the signed PDF, and verify an uploaded PDF."""

import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.login import get_authentication_records
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import collaborations_for_user
from samenwerkwijzer.collaborations.views import collaboration_access
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.organisations.models import Membership, Organisation

from . import checks, selectors, services, services_sealing, verification
from .access import get_freeze_for_access, kind_from_slug
from .forms import MAX_UPLOAD_BYTES, ApproveForm, FreezeForm, SignForm, VerifyForm
from .models import DocumentKind, Freeze, Signature
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


# What a signature rests on, as partners read it on the signing page.
SIGNATORY_BASIS_TEXTS = {
    Membership.SignatoryBasis.EXTRACT: Membership.SignatoryBasis.EXTRACT.label,
    Membership.SignatoryBasis.EHERKENNING: gettext_lazy(
        "authorised through eHerkenning for Samenwerkwijzer — this is not the same as statutory representation"
    ),
    Membership.SignatoryBasis.SELF: Membership.SignatoryBasis.SELF.label,
}
PASSKEY_USED_SESSION_KEY = "agreements_passkey_used_at"


def signatory_basis_text(basis: str) -> str:
    return str(SIGNATORY_BASIS_TEXTS.get(basis, _("basis not recorded")))


@dataclass
class SigningParty:
    organisation: Organisation
    name: str
    signature: object
    signatories: list[tuple[str, str]]  # (name, basis of the signing authority)


def _signing_parties(status) -> list[SigningParty]:
    """Every party of the version to sign: its verification, who may sign for it and on what basis."""
    ids = [party.organisation_id for party in status.parties]
    organisations = Organisation.objects.in_bulk(ids)
    memberships = (
        Membership.objects.filter(organisation_id__in=ids, is_authorised_signatory=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    signatories: dict[int, list] = {}
    for membership in memberships:
        signatories.setdefault(membership.organisation_id, []).append(
            (membership.user.display_name, signatory_basis_text(membership.signatory_basis))
        )
    return [
        SigningParty(
            organisation=organisations[party.organisation_id],
            name=party.name,
            signature=party.signature,
            signatories=signatories.get(party.organisation_id, []),
        )
        for party in status.parties
        if party.organisation_id in organisations
    ]


def verification_url(organisation) -> str:
    """Where an organisation gets verified; its own page until the verification pages exist."""
    try:
        return reverse("verification:overview", args=[organisation.pk])
    except NoReverseMatch:
        return reverse("organisations:detail", args=[organisation.pk])


def _passkey_proof(request):
    try:
        return services.reauthentication_by_passkey(
            user=request.user,
            records=get_authentication_records(request, request.user),
            used_at=request.session.get(PASSKEY_USED_SESSION_KEY),
        )
    except ValidationError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def sign(request, pk, kind):
    access = collaboration_access(request, pk, write=True)
    kind = kind_from_slug(kind)
    status = selectors.document_status(access, kind)
    freeze_object = status.freeze if status.state == selectors.SIGNING else None
    organisation = access.organisation
    is_signatory = services.is_authorised_signatory(request.user, organisation)
    second_factors = services.second_factor_types(request.user)
    passkey_proof = _passkey_proof(request) if "webauthn" in second_factors else None
    party = status.party(organisation)
    form = SignForm(
        request.POST or None,
        code_required=passkey_proof is None,
        initial={"freeze": freeze_object.pk, "document_sha256": freeze_object.pdf_sha256} if freeze_object else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            # Refusals that need no second factor come first, so no recovery code is spent on them.
            services.signing_membership(user=request.user, organisation=organisation)
            if not second_factors:
                raise ValidationError({"__all__": _("Set up a second factor first; then you can sign.")})
            if freeze_object is None or freeze_object.pk != form.cleaned_data["freeze"]:
                raise ValidationError(
                    {
                        "__all__": _(
                            "The document changed since you opened this page. "
                            "Read the new version first; nothing was signed."
                        )
                    }
                )
            if passkey_proof is not None and not form.cleaned_data.get("code"):
                proof = passkey_proof
            else:
                proof = services.reauthenticate(user=request.user, code=form.cleaned_data.get("code", ""))
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
            if proof.method == Signature.Method.WEBAUTHN:
                request.session[PASSKEY_USED_SESSION_KEY] = proof.at.timestamp()
            messages.success(request, _("You signed on behalf of %(name)s.") % {"name": organisation.name})
            if services_sealing.awaits_seal(freeze_object):
                messages.warning(
                    request,
                    _(
                        "Every organisation has now signed: your signature counts. The seal, the proof that the "
                        "file has not been changed, could not be added just now because a service it needs did "
                        "not answer in time. It is added automatically later; you need not do anything."
                    ),
                )
            return redirect(document_url(access, kind))
    context = page_context(
        access,
        kind,
        status=status,
        freeze=freeze_object,
        form=form,
        party=party,
        is_signatory=is_signatory,
        signatories=signatory_names(organisation),
        signing_parties=_signing_parties(status) if freeze_object else [],
        has_second_factor=bool(second_factors),
        has_passkey="webauthn" in second_factors,
        passkey_confirmed=passkey_proof is not None,
        organisation_verified=organisation.is_verified,
        can_sign=bool(is_signatory and organisation.is_verified and second_factors and not (party and party.signature)),
        verification_url=verification_url(organisation),
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
        payload, suffix = bytes(sealed.pdf), f"versie-{freeze_object.version.number}-ondertekend"
    else:
        payload, suffix = bytes(freeze_object.pdf), f"versie-{freeze_object.version.number}-ter-ondertekening"
    return download(payload, "application/pdf", download_filename(access, kind, suffix, "pdf"))


@require_GET
@login_required
def freeze_detail(request, pk, kind, freeze_pk):
    access = collaboration_access(request, pk)
    kind = kind_from_slug(kind)
    freeze_object = get_freeze_for_access(access, kind, freeze_pk)
    sealed = getattr(freeze_object, "sealed", None)
    context = page_context(
        access,
        kind,
        freeze=freeze_object,
        sealed=sealed,
        seal_facts=seal_facts(sealed) if sealed else None,
        awaits_seal=sealed is None and services_sealing.awaits_seal(freeze_object),
        events=selectors.events_of(freeze_object),
        signatures=freeze_object.signatures.all(),
    )
    return render(request, "agreements/freeze_detail.html", context)


@require_POST
@login_required
def seal_now(request, pk, kind, freeze_pk):
    """The lead adds the seal to a version every party signed, when it could not be added at the last signature."""
    access = collaboration_access(request, pk, lead=True)
    kind = kind_from_slug(kind)
    freeze_object = get_freeze_for_access(access, kind, freeze_pk)
    try:
        services_sealing.seal_now(access=access, freeze=freeze_object)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The seal has been added. The signed PDF can now be downloaded."))
    return redirect("agreements:freeze_detail", access.collaboration.pk, DocumentKind(kind).slug, freeze_object.pk)


# What a PAdES level means for the reader of the sealed PDF (ETSI EN 319 142-1 baseline levels).
PADES_LEVEL_TEXTS = {
    "B-B": gettext_lazy("a seal without a trusted timestamp: it shows the file has not changed since sealing"),
    "B-T": gettext_lazy("a seal with a trusted timestamp that proves when it was sealed"),
    "B-LT": gettext_lazy("a seal with a trusted timestamp and the certificate information needed to check it later"),
    "B-LTA": gettext_lazy(
        "with a trusted timestamp and all the information needed to check the seal even after the "
        "certificates have expired"
    ),
}


@dataclass
class SealFacts:
    level: str
    level_text: str
    certificate_subject: str
    self_made: bool  # the development certificate this installation generated itself
    timestamped_at: object
    tsa_subject: str


def seal_facts(sealed) -> SealFacts:
    """What the freeze page says about the seal, from the facts stored when it was made."""
    level = sealed.pades_level or "B-B"
    return SealFacts(
        level=level,
        level_text=str(PADES_LEVEL_TEXTS.get(level, "")),
        certificate_subject=sealed.certificate_subject,
        # The development certificate seal_material generates (make run, tests) carries this name.
        self_made="Samenwerkwijzer document seal (" in sealed.certificate_subject,
        timestamped_at=sealed.timestamped_at,
        tsa_subject=sealed.tsa_subject,
    )


# Anyone may verify a PDF, so uploads are counted per address: at most this many in a window of this many seconds.
VERIFY_RATE_LIMIT = 20
VERIFY_RATE_WINDOW = 10 * 60


class _InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keep every upload in memory (the size is checked first), so nothing uploaded is ever written to disk."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True


def _verify_rate_exceeded(request) -> bool:
    """Count this upload for the visitor's address; True when the address used up its uploads for this window."""
    window = int(time.time() // VERIFY_RATE_WINDOW)
    key = f"agreements:verify:{_client_ip(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=VERIFY_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the window just expired between add and incr
        cache.set(key, count := 1, timeout=VERIFY_RATE_WINDOW)
    return count > VERIFY_RATE_LIMIT


def _verify_refused(message: str, status: int):
    form = VerifyForm({}, {})
    form.is_valid()
    form.errors["file"] = form.error_class([message])
    return form, status


@csrf_exempt  # protected by csrf_protect below, once the upload handlers are set
@require_http_methods(["GET", "POST"])
def verify(request):
    """Public: is an uploaded PDF exactly a document signed here? Nothing uploaded is stored."""
    request.upload_handlers = [_InMemoryUploadHandler(request)]
    return _verify(request)


@csrf_protect
def _verify(request):
    result = None
    status = 200
    form = VerifyForm()
    if request.method == "POST" and _verify_rate_exceeded(request):
        form, status = _verify_refused(
            _("You have verified many files in a short time. Wait ten minutes and try again."), 429
        )
    elif request.method == "POST" and _declared_size(request) > MAX_UPLOAD_BYTES + 64 * 1024:
        # Refused before the upload is read: the declared size alone is too large.
        form, status = _verify_refused(_("The file is larger than 10 MB. Upload the PDF as downloaded here."), 413)
    elif request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            result = verification.verify(form.cleaned_data["file"].read())
            if result.code == verification.ENCRYPTED:
                form.add_error("file", verification.explain(result))
                result = None
    visible = None
    if result is not None and result.freeze is not None and request.user.is_authenticated:
        collaboration = result.freeze.document.collaboration
        if collaborations_for_user(request.user).filter(pk=collaboration.pk).exists():
            visible = result.freeze
    context = {
        "form": form,
        "result": result,
        "message": verification.explain(result) if result is not None else None,
        "seal_level": verification.level_text(result) if result is not None else "",
        "signatures": verification.signatures_of(result) if result is not None else [],
        "match": visible,
    }
    return render(request, "agreements/verify.html", context, status=status)
