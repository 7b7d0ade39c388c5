"""Writes on letters of intent and agreements: saving versions, freezing, approving, signing.

Every service runs in one transaction and locks the document row first, so concurrent
saves, approvals and signatures of one document queue up instead of overwriting each
other. Rule violations raise ``ValidationError``; a save from an outdated base version
that touches the same section raises ``EditConflict``.
"""

import copy
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.webhooks.events import AGREEMENT_FROZEN, AGREEMENT_SIGNED, emit

from . import checks, rendering, rules, sealing
from .models import Approval, Document, DocumentKind, Freeze, Signature, SigningEvent, Version
from .sections import initial_data, participants_of

logger = logging.getLogger(__name__)


class EditConflict(Exception):
    """Someone saved the same section after the version this edit started from."""

    def __init__(self, *, current: Version, section: str, mine):
        super().__init__(f"conflict with version {current.number}")
        self.current = current
        self.section = section
        self.mine = mine


@dataclass(frozen=True)
class Reauthentication:
    """Proof that the user confirmed who they are just now (see ``reauthenticate``)."""

    user_pk: int
    method: str
    at: datetime = field(default_factory=timezone.now)

    MAX_AGE = timedelta(minutes=5)


def _require_write(access: CollaborationAccess) -> None:
    if not access.can_write or access.organisation is None:
        raise PermissionDenied


def _require_lead(access: CollaborationAccess) -> None:
    _require_write(access)
    if not access.is_lead:
        raise PermissionDenied


def _lock_document(collaboration, kind) -> Document:
    document, _created = Document.objects.get_or_create(collaboration=collaboration, kind=kind)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    # Read the current version in a query of its own, after the lock: a join in the locking
    # query could show (under READ COMMITTED) the version as it was before the lock was granted.
    locked.current_version = Version.objects.filter(pk=locked.current_version_id).first()
    return locked


def _event(freeze: Freeze, kind: str, *, actor=None, organisation_name="", ip=None, user_agent="", **details):
    return SigningEvent.objects.create(
        document=freeze.document,
        freeze=freeze,
        kind=kind,
        actor=actor,
        actor_name=actor.display_name if actor else "",
        organisation_name=organisation_name,
        ip_address=ip,
        user_agent=user_agent[:500],
        document_sha256=freeze.pdf_sha256,
        details=details,
    )


def _audit(access: CollaborationAccess, document: Document, event: str, **details) -> None:
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=f"{document.kind}_{event}",
        **details,
    )


# --- Versions ---------------------------------------------------------------


@transaction.atomic
def version_save(
    *, access: CollaborationAccess, kind: DocumentKind, section: str, section_data, base_number: int
) -> tuple[Version, bool]:
    """Save one section as a new version of the whole document.

    ``base_number`` is the version the editor started from. When someone saved a newer
    version in between that changed this same section, nothing is saved and
    ``EditConflict`` is raised; changes to other sections are kept (merged). Returns the
    version and whether it is new (not when nothing changed). A pending approval round is voided.
    """
    _require_write(access)
    document = _lock_document(access.collaboration, kind)
    current = document.current_version
    current_number = current.number if current else 0
    current_data = current.data if current else initial_data(access.collaboration, kind)
    if current is not None and _is_signed(document, current):
        raise ValidationError(
            {
                "__all__": _(
                    "This version has been signed by all parties and stays as it is. Make a new version first: "
                    "it starts a new round of approval and signing."
                )
            }
        )
    if base_number > current_number:
        raise ValidationError({"__all__": _("This page refers to a version that does not exist. Reload the page.")})
    if current is not None and current_data.get(section) == section_data:
        return current, False
    if base_number != current_number:
        base = document.versions.filter(number=base_number).first()
        base_data = base.data if base else initial_data(access.collaboration, kind)
        if current_data.get(section) != base_data.get(section):
            raise EditConflict(current=current, section=section, mine=section_data)
    data = copy.deepcopy(current_data)
    data[section] = section_data
    version = Version.objects.create(
        document=document,
        number=current_number + 1,
        data=data,
        content_sha256=rules.content_fingerprint(data),
        base_number=base_number,
        section=section,
        author=access.user,
        author_name=access.user.display_name,
        author_organisation_name=access.organisation.name,
    )
    document.current_version = version
    document.save(update_fields=["current_version"])
    unsealed = document.freezes.filter(voided_at__isnull=True, sealed__isnull=True).defer("pdf")
    # A version every party signed is never voided, sealed or not (the seal may still follow).
    for freeze in [f for f in unsealed if not is_fully_signed(f)]:
        freeze.voided_at = timezone.now()
        freeze.void_reason = "edited"
        freeze.save(update_fields=["voided_at", "void_reason"])
        _event(
            freeze,
            SigningEvent.Kind.VOIDED,
            actor=access.user,
            organisation_name=access.organisation.name,
            version=version.number,
        )
        _audit(access, document, "voided", version=freeze.version.number, new_version=version.number)
    return version, True


def _is_signed(document: Document, version: Version) -> bool:
    """Signed by every party; sealed, or signed and not yet sealed (the signatures are the legal fact)."""
    freezes = document.freezes.filter(version=version, voided_at__isnull=True)
    return freezes.filter(sealed__isnull=False).exists() or any(is_fully_signed(f) for f in freezes.defer("pdf"))


@transaction.atomic
def document_new_version(*, access: CollaborationAccess, kind: DocumentKind) -> Version:
    """Start a new version of a signed document: a new draft with the signed text, to be edited.

    The signed version, its freeze and its sealed PDF stay exactly as they are and stay in force
    until a newer version is signed; the new version needs its own round of approval and signing.
    """
    _require_write(access)
    document = _lock_document(access.collaboration, kind)
    current = document.current_version
    if current is None or not _is_signed(document, current):
        raise ValidationError(
            {"__all__": _("This document is not signed, so it can be edited as it is. No new version was made.")}
        )
    data = copy.deepcopy(current.data)
    version = Version.objects.create(
        document=document,
        number=current.number + 1,
        data=data,
        content_sha256=rules.content_fingerprint(data),
        base_number=current.number,
        section="",
        author=access.user,
        author_name=access.user.display_name,
        author_organisation_name=access.organisation.name,
    )
    document.current_version = version
    document.save(update_fields=["current_version"])
    # No audit event: the version itself records who started it and when; the signed version is untouched.
    return version


# --- Freezing and approving -----------------------------------------------------


def _check_freeze_current(document: Document, freeze: Freeze, document_sha256: str) -> None:
    stale = _("The document changed since you opened this page. Read the new version first; nothing was recorded.")
    if freeze.is_void or freeze.document_id != document.pk or document.current_version_id != freeze.version_id:
        raise ValidationError({"__all__": stale})
    if document_sha256 != freeze.pdf_sha256:
        raise ValidationError({"__all__": stale})
    if hasattr(freeze, "sealed"):
        raise ValidationError({"__all__": _("This version has already been signed by everyone.")})


@transaction.atomic
def document_freeze(*, access: CollaborationAccess, kind: DocumentKind, version_number: int) -> Freeze:
    """The lead puts the current version up for approval: its PDF is rendered and stored now."""
    _require_lead(access)
    document = _lock_document(access.collaboration, kind)
    version = document.current_version
    if version is None or version.number != version_number:
        raise ValidationError(
            {"__all__": _("Someone saved a newer version in the meantime. Check it before you put it up for signing.")}
        )
    if document.freezes.filter(version=version, voided_at__isnull=True).exists():
        raise ValidationError({"__all__": _("This version has already been put up for approval.")})
    participants = participants_of(access.collaboration)
    problems = checks.freeze_problems(kind, version.data, participants)
    if problems:
        raise ValidationError({"__all__": [p.message for p in problems]})
    frozen_at = timezone.now()
    language = translation.get_language() or "nl"
    pdf = rendering.render_pdf(
        document=document, version=version, frozen_at=frozen_at, frozen_by=access.user.display_name
    )
    freeze = Freeze.objects.create(
        document=document,
        version=version,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        content_sha256=version.content_sha256,
        language=language,
        organisation_ids=sorted(p.organisation_id for p in participants),
        frozen_by=access.user,
        frozen_by_name=access.user.display_name,
        frozen_at=frozen_at,
    )
    _event(
        freeze,
        SigningEvent.Kind.FROZEN,
        actor=access.user,
        organisation_name=access.organisation.name,
        version=version.number,
    )
    _audit(access, document, "frozen", version=version.number, document_sha256=freeze.pdf_sha256)
    emit(access.collaboration, AGREEMENT_FROZEN, {"document": document.kind, "version": version.number, "state": "frozen", "url": site_url("agreements:overview", access.collaboration.pk)})  # fmt: skip
    return freeze


def _lock_freeze(access: CollaborationAccess, freeze: Freeze) -> tuple[Document, Freeze]:
    document = _lock_document(access.collaboration, freeze.document.kind)
    locked = Freeze.objects.select_for_update(of=("self",)).select_related("version", "document").get(pk=freeze.pk)
    return document, locked


def _require_party(access: CollaborationAccess, freeze: Freeze) -> None:
    if access.organisation.pk not in freeze.organisation_ids:
        raise ValidationError(
            {
                "__all__": _("%(name)s was not a party when this version was put up for approval.")
                % {"name": access.organisation.name}
            }
        )


@transaction.atomic
def document_approve(*, access: CollaborationAccess, freeze: Freeze, document_sha256: str) -> Approval:
    """A member of a participating organisation approves the frozen version for that organisation."""
    _require_write(access)
    document, freeze = _lock_freeze(access, freeze)
    _check_freeze_current(document, freeze, document_sha256)
    _require_party(access, freeze)
    organisation = access.organisation
    if freeze.approvals.filter(organisation=organisation).exists():
        raise ValidationError(
            {"__all__": _("%(name)s has already approved this version.") % {"name": organisation.name}}
        )
    approval = Approval.objects.create(
        freeze=freeze,
        organisation=organisation,
        organisation_name=organisation.name,
        user=access.user,
        user_name=access.user.display_name,
    )
    _event(freeze, SigningEvent.Kind.APPROVED, actor=access.user, organisation_name=organisation.name)
    _audit(access, document, "approved", version=freeze.version.number, document_sha256=freeze.pdf_sha256)
    return approval


# --- Re-authentication and signing -------------------------------------------------

REAUTH_MAX_FAILURES = 5
REAUTH_WINDOW_SECONDS = 15 * 60


def _failure_key(user) -> str:
    return f"agreements:reauth-failures:{user.pk}"


SECOND_FACTOR_METHODS = frozenset({Signature.Method.TOTP, Signature.Method.WEBAUTHN, Signature.Method.RECOVERY_CODE})
# How a signature was confirmed, as the audit log says it. Stored untranslated (the log translates it when shown),
# so every reader sees it in their own language.
SIGNED_WITH_TEXTS = {
    Signature.Method.PASSWORD: gettext_noop("signed with the password only"),
    Signature.Method.TOTP: gettext_noop("signed with an authenticator app"),
    Signature.Method.WEBAUTHN: gettext_noop("signed with a passkey"),
    Signature.Method.RECOVERY_CODE: gettext_noop("signed with a recovery code"),
    Signature.Method.SEED: gettext_noop("signed in the demo data"),
}


def second_factor_types(user) -> set[str]:
    """The kinds of second factor (allauth authenticators) the user has set up."""
    from allauth.mfa.models import Authenticator

    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))


def reauthenticate(*, user, password: str = "", code: str = "") -> Reauthentication:
    """Confirm it is really the user. Whoever has set up a second factor must use it: the code of
    their authenticator app or a recovery code (a password alone is not enough then). Without a
    second factor the password counts. Wrong attempts are limited."""
    from allauth.mfa.models import Authenticator

    has_second_factor = Authenticator.objects.filter(user=user).exists()
    field_name = "code" if has_second_factor else "password"
    key = _failure_key(user)
    if cache.get(key, 0) >= REAUTH_MAX_FAILURES:
        message = _("Too many wrong attempts. Wait a quarter of an hour and try again.")
        raise ValidationError({field_name: ValidationError(message, code="rate_limited")})
    if has_second_factor:
        if not code.strip():
            raise ValidationError(
                {"code": _("Enter the code from your authenticator app, or one of your recovery codes.")}
            )
        # The app's code first, then the recovery codes; a passkey has no code to type.
        authenticators = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
        ).order_by("-type")  # "totp" before "recovery_codes"
        for authenticator in authenticators:
            if authenticator.wrap().validate_code(code.strip()):
                cache.delete(key)
                authenticator.record_usage()
                method = (
                    Signature.Method.TOTP
                    if authenticator.type == Authenticator.Type.TOTP
                    else Signature.Method.RECOVERY_CODE
                )
                return Reauthentication(user_pk=user.pk, method=method)
        _count_failure(key)
        raise ValidationError({"code": _("This code is not correct. Use the current code from your app.")})
    if password and user.check_password(password):
        cache.delete(key)
        return Reauthentication(user_pk=user.pk, method=Signature.Method.PASSWORD)
    _count_failure(key)
    raise ValidationError({"password": _("This password is not correct.")})


def reauthentication_by_passkey(*, user, records: list[dict], used_at: float | None = None) -> Reauthentication:
    """The passkey confirmation allauth just recorded in the session (``account_authentication_methods``:
    ``{"method": "mfa", "type": "webauthn", "reauthenticated": True, "at": ...}``), as proof for signing.

    Only a confirmation of the last ``Reauthentication.MAX_AGE`` counts, and each one once: ``used_at`` is
    the time (``Reauthentication.at.timestamp()``) of the confirmation that signed before.
    """
    for record in reversed(records):
        if record.get("method") == "mfa" and record.get("type") == "webauthn" and record.get("reauthenticated"):
            at = datetime.fromtimestamp(float(record["at"]), tz=UTC)
            if (used_at is None or at.timestamp() > used_at) and timezone.now() - at <= Reauthentication.MAX_AGE:
                return Reauthentication(user_pk=user.pk, method=Signature.Method.WEBAUTHN, at=at)
            break
    raise ValidationError({"__all__": _("Confirm with your passkey that it is you, then sign.")})


def _count_failure(key: str) -> None:
    if not cache.add(key, 1, timeout=REAUTH_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=REAUTH_WINDOW_SECONDS)


def is_authorised_signatory(user, organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, is_authorised_signatory=True).exists()


def signing_membership(*, user, organisation: Organisation) -> Membership:
    """The membership by which ``user`` signs for ``organisation``. Refused, with the reason, for someone
    who is not its authorised signatory, and for an organisation that is not verified: an unverified
    organisation cannot sign in the company's name."""
    membership = Membership.objects.filter(user=user, organisation=organisation, is_authorised_signatory=True).first()
    if membership is None:
        raise ValidationError(
            {
                "__all__": _("You are not an authorised signatory of %(name)s, so you cannot sign for it.")
                % {"name": organisation.name}
            }
        )
    if not organisation.is_verified:
        raise ValidationError(
            {
                "__all__": _(
                    "%(name)s is not verified, so nobody can sign in its name yet. Verify the organisation first."
                )
                % {"name": organisation.name}
            }
        )
    return membership


@transaction.atomic
def document_sign(
    *,
    access: CollaborationAccess,
    freeze: Freeze,
    document_sha256: str,
    proof: Reauthentication,
    ip: str | None,
    user_agent: str,
) -> Signature:
    """An authorised signatory signs the frozen PDF for their own organisation (``access.organisation``).

    When the last organisation has signed, the PDF is sealed.
    """
    _require_write(access)
    organisation = Organisation.objects.get(pk=access.organisation.pk)
    if proof.user_pk != access.user.pk or timezone.now() - proof.at > Reauthentication.MAX_AGE:
        raise ValidationError({"code": _("Confirm again that it is you.")})
    membership = signing_membership(user=access.user, organisation=organisation)
    if proof.method not in SECOND_FACTOR_METHODS and proof.method != Signature.Method.SEED:
        raise ValidationError(
            {"code": _("Signing needs your second factor: an authenticator app, a passkey or a recovery code.")}
        )
    document, freeze = _lock_freeze(access, freeze)
    _check_freeze_current(document, freeze, document_sha256)
    _require_party(access, freeze)
    approved = set(freeze.approvals.values_list("organisation_id", flat=True))
    if not set(freeze.organisation_ids) <= approved:
        raise ValidationError({"__all__": _("Signing starts when every organisation has approved this version.")})
    if freeze.signatures.filter(organisation=organisation).exists():
        raise ValidationError({"__all__": _("%(name)s has already signed this version.") % {"name": organisation.name}})
    signature = Signature.objects.create(
        freeze=freeze,
        organisation=organisation,
        organisation_name=organisation.name,
        organisation_kvk_number=organisation.kvk_number,
        user=access.user,
        signer_name=access.user.display_name,
        signer_email=access.user.email,
        method=proof.method,
        signatory_basis=membership.signatory_basis,
        organisation_verification=organisation.verification_dict(),
        ip_address=ip,
        user_agent=user_agent[:500],
        document_sha256=freeze.pdf_sha256,
    )
    _event(
        freeze,
        SigningEvent.Kind.SIGNED,
        actor=access.user,
        organisation_name=organisation.name,
        ip=ip,
        user_agent=user_agent,
        method=proof.method,
    )
    details = {"method": proof.method, "method_text": SIGNED_WITH_TEXTS[proof.method]}
    from . import services_sealing  # it imports this module's helpers, so not at the top

    if is_fully_signed(freeze):
        emit(access.collaboration, AGREEMENT_SIGNED, {"document": document.kind, "version": freeze.version.number, "state": "signed", "url": site_url("agreements:overview", access.collaboration.pk)})  # fmt: skip
        # Sealing inside this transaction holds the document's lock while the time-stamping authority
        # answers (at most AGREEMENT_SEAL_TSA_TIMEOUT seconds per request): other writes on this one
        # document wait that long, which is acceptable for the last signature of an agreement.
        try:
            sealed = services_sealing.seal_in_savepoint(freeze)
        except sealing.SealConfigurationError as error:  # the whole signature is rolled back (atomic)
            logger.error("The agreement cannot be sealed: %s", error.message)
            raise ValidationError(
                {
                    "__all__": _(
                        "The seal of this installation is not set up correctly, so your signature was not "
                        "recorded. Please tell the administrator of Samenwerkwijzer; nothing was changed."
                    )
                }
            ) from None
        except sealing.SealNotYetPossible as error:
            # The signature stands (signed, not yet sealed); the scheduled job or the lead adds the seal.
            logger.warning("Signed, not yet sealed (freeze %s): %s", freeze.pk, error.message)
            # The audit log says so now (signing events are append-only and the SIGNED one is already
            # written); the SEALED event, when the seal follows, records that it came later.
            details["seal_pending"] = error.message
            sealed = None
    else:
        sealed = None
    _audit(access, document, "signed", version=freeze.version.number, document_sha256=freeze.pdf_sha256, **details)
    if sealed is not None:
        services_sealing.record_sealed(
            freeze, document, sealed, actor=access.user, organisation=access.organisation, later=False
        )
    return signature


def is_fully_signed(freeze: Freeze) -> bool:
    """Every party of the freeze has signed it."""
    signed = set(freeze.signatures.values_list("organisation_id", flat=True))
    return set(freeze.organisation_ids) <= signed
