"""Read-only JSON API of the letter of intent and the collaboration agreement (mounted at /api/v1/agreements).

Every operation reaches a collaboration through ``integrations.api_support.collaboration_access`` (the
pages' own access helper plus the token's limits) and reads through the pages' own selectors, so it
shows exactly what the agreement pages show that caller: participants and observers read, an explorer
gets 403 and an outsider 404, as on the pages. The same serialisation fills ``agreements.json`` and the
PDFs in the collaboration's export ZIP (``integrations.exports``).
"""

from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from samenwerkwijzer.integrations.api_support import (
    API_AUTH,
    ERRORS,
    PageQuery,
    collaboration_access,
    page_of,
    paginate,
)
from samenwerkwijzer.integrations.exports import register_files, register_section

from . import content, rendering, selectors
from .access import get_version_for_access, kind_from_slug
from .models import Document, DocumentKind, Freeze, Version
from .views import download, download_filename

router = Router(tags=["agreements"])

KINDS = (DocumentKind.LETTER_OF_INTENT, DocumentKind.AGREEMENT)


class PartyOut(Schema):
    organisation_id: int
    organisation: str
    approved_at: datetime | None
    approved_by: str
    signed_at: datetime | None
    signed_by: str


class ApprovalOut(Schema):
    organisation_id: int
    organisation: str
    approved_by: str
    approved_at: datetime


class SignatureOut(Schema):
    organisation_id: int
    organisation: str
    kvk_number: str
    signatory: str
    signatory_basis: str
    signed_at: datetime
    method: str
    method_label: str


class VersionOut(Schema):
    number: int
    saved_at: datetime
    saved_by: str
    saved_by_organisation: str
    status: str
    status_label: str
    frozen_at: datetime | None
    approved_at: datetime | None
    signed_at: datetime | None
    sealed_at: datetime | None
    seal: str
    seal_label: str
    pdf_sha256: str
    approvals: list[ApprovalOut]
    signatures: list[SignatureOut]


class AgreementSummaryOut(Schema):
    kind: str
    title: str
    state: str
    state_label: str
    current_version: int | None
    awaits_seal: bool


class AgreementOut(AgreementSummaryOut):
    parties: list[PartyOut]
    versions: list[VersionOut]


class SectionOut(Schema):
    key: str
    number: int
    title: str
    text: str


class VersionContentOut(Schema):
    kind: str
    title: str
    version: int
    collaboration: str
    sections: list[SectionOut]
    empty_sections: list[str]
    disclaimer: str


def _state_labels():
    return {
        selectors.EMPTY: _("not started"),
        selectors.DRAFT: _("draft"),
        selectors.APPROVAL: _("awaiting approval"),
        selectors.SIGNING: _("awaiting signatures"),
        selectors.SIGNED: _("signed by all"),
    }


VOIDED = "voided"
SEALED, AWAITING_SEAL, NOT_SIGNED = "sealed", "awaiting_seal", "not_signed"


def _seal_labels():
    return {
        SEALED: _("signed by all and sealed"),
        AWAITING_SEAL: _("signed, not yet sealed — the seal is added automatically"),
        NOT_SIGNED: _("not signed yet"),
    }


def _summary(status: selectors.DocumentStatus) -> dict:
    return {
        "kind": DocumentKind(status.kind).slug,
        "title": content.document_title(status.kind),
        "state": status.state,
        "state_label": _state_labels()[status.state],
        "current_version": status.version.number if status.version else None,
        "awaits_seal": status.awaits_seal,
    }


def _party(party: selectors.PartyStatus) -> dict:
    approval, signature = party.approval, party.signature
    return {
        "organisation_id": party.organisation_id,
        "organisation": party.name,
        "approved_at": approval.created_at if approval else None,
        "approved_by": approval.user_name if approval else "",
        "signed_at": signature.created_at if signature else None,
        "signed_by": signature.signer_name if signature else "",
    }


def _freeze_status(freeze: Freeze | None) -> str:
    if freeze is None:
        return selectors.DRAFT
    if freeze.is_void:
        return VOIDED
    signed = {s.organisation_id for s in freeze.signatures.all()}
    approved = {a.organisation_id for a in freeze.approvals.all()}
    parties = set(freeze.organisation_ids)
    if selectors.is_sealed(freeze) or parties <= signed:
        return selectors.SIGNED
    return selectors.SIGNING if parties <= approved else selectors.APPROVAL


def _version(version: Version, freeze: Freeze | None) -> dict:
    """A version with the state of its last freeze: the approvals and signatures as the signing trail shows them."""
    status = _freeze_status(freeze)
    approvals = list(freeze.approvals.all()) if freeze else []
    signatures = list(freeze.signatures.all()) if freeze else []
    sealed = freeze.sealed if selectors.is_sealed(freeze) else None
    seal = NOT_SIGNED
    if status == selectors.SIGNED:
        seal = SEALED if sealed else AWAITING_SEAL
    labels = {**_state_labels(), VOIDED: _("voided by a change")}
    return {
        "number": version.number,
        "saved_at": version.created_at,
        "saved_by": version.author_name,
        "saved_by_organisation": version.author_organisation_name,
        "status": status,
        "status_label": labels[status],
        "frozen_at": freeze.frozen_at if freeze else None,
        "approved_at": max(a.created_at for a in approvals)
        if approvals and status in (selectors.SIGNING, selectors.SIGNED)
        else None,
        "signed_at": max(s.created_at for s in signatures) if status == selectors.SIGNED and signatures else None,
        "sealed_at": sealed.sealed_at if sealed else None,
        "seal": seal,
        "seal_label": _seal_labels()[seal],
        "pdf_sha256": freeze.pdf_sha256 if freeze else "",
        "approvals": [
            {
                "organisation_id": a.organisation_id,
                "organisation": a.organisation_name,
                "approved_by": a.user_name,
                "approved_at": a.created_at,
            }
            for a in approvals
        ],
        "signatures": [
            {
                "organisation_id": s.organisation_id,
                "organisation": s.organisation_name,
                "kvk_number": s.organisation_kvk_number,
                "signatory": s.signer_name,
                "signatory_basis": s.signatory_basis,
                "signed_at": s.created_at,
                "method": s.method,
                "method_label": s.get_method_display(),
            }
            for s in signatures
        ],
    }


def _last_freezes(document: Document | None) -> dict[int, Freeze]:
    """Per version id, its freeze made last (voided or not)."""
    last: dict[int, Freeze] = {}
    for freeze in selectors.freezes_of(document) if document else []:
        last.setdefault(freeze.version_id, freeze)
    return last


def agreement_out(access, kind) -> dict:
    status = selectors.document_status(access, kind)
    freezes = _last_freezes(status.document)
    versions = selectors.versions_of(status.document) if status.document else []
    return {
        **_summary(status),
        "parties": [_party(p) for p in status.parties],
        "versions": [_version(v, freezes.get(v.pk)) for v in versions],
    }


def version_pdf(access, kind, version: Version) -> tuple[bytes, str]:
    """The PDF of a version, as the pages offer it: sealed when sealed, else the PDF put up for signing,
    else the draft rendered now. Returns the bytes and the Dutch word for its state."""
    freezes = [f for f in _last_freezes_of_version(version) if not f.is_void]
    sealed = next((f for f in freezes if selectors.is_sealed(f)), None)
    if sealed is not None:
        return bytes(sealed.sealed.pdf), "ondertekend"
    if freezes:
        return bytes(freezes[0].pdf), "ter-ondertekening"
    return rendering.render_pdf(document=version.document, version=version), "concept"


def _last_freezes_of_version(version: Version):
    return Freeze.objects.filter(version=version).select_related("sealed").order_by("-frozen_at", "-id")


def _kind(kind: str) -> DocumentKind:
    return kind_from_slug(kind)


@router.get(
    "/collaborations/{int:pk}/agreements",
    response={200: page_of(AgreementSummaryOut), **ERRORS},
    auth=API_AUTH,
    url_name="agreement_list",
    summary="The letter of intent and the collaboration agreement of a collaboration",
)
def agreement_list(request, pk: int, page: Query[PageQuery]):
    access = collaboration_access(request, pk)
    return paginate([selectors.document_status(access, kind) for kind in KINDS], page, serialise=_summary)


@router.get(
    "/collaborations/{int:pk}/agreements/{kind}",
    response={200: AgreementOut, **ERRORS},
    auth=API_AUTH,
    url_name="agreement_detail",
    summary="One document (kind: agreement or letter-of-intent) with its versions, approvals and signatures",
)
def agreement_detail(request, pk: int, kind: str):
    access = collaboration_access(request, pk)
    return agreement_out(access, _kind(kind))


@router.get(
    "/collaborations/{int:pk}/agreements/{kind}/versions/{int:number}",
    response={200: VersionContentOut, **ERRORS},
    auth=API_AUTH,
    url_name="agreement_version",
    summary="The text of a version, section by section, as the page shows it",
)
def agreement_version(request, pk: int, kind: str, number: int):
    access = collaboration_access(request, pk)
    kind = _kind(kind)
    version = get_version_for_access(access, kind, number)
    return version_content_out(access, kind, version)


def version_content_out(access, kind, version: Version) -> dict:
    built = content.build(kind, version.data, collaboration_name=access.collaboration.name)
    return {
        "kind": DocumentKind(kind).slug,
        "title": built.title,
        "version": version.number,
        "collaboration": built.collaboration_name,
        "sections": [
            {
                "key": s.key,
                "number": s.number,
                "title": s.title,
                "text": content.section_text(s).partition("\n")[2],
            }
            for s in built.sections
        ],
        "empty_sections": [s.title for s in built.empty_sections],
        "disclaimer": built.disclaimer,
    }


PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The PDF: sealed when sealed, else the PDF put up for signing, else the draft",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/collaborations/{int:pk}/agreements/{kind}/versions/{int:number}/pdf",
    response=ERRORS,
    auth=API_AUTH,
    url_name="agreement_version_pdf",
    summary="The PDF of a version (the sealed PDF once sealed)",
    openapi_extra=PDF_RESPONSE,
)
def agreement_version_pdf(request, pk: int, kind: str, number: int):
    access = collaboration_access(request, pk)
    kind = _kind(kind)
    version = get_version_for_access(access, kind, number)
    pdf, state = version_pdf(access, kind, version)
    response: HttpResponse = download(
        pdf, "application/pdf", download_filename(access, kind, f"versie-{version.number}-{state}", "pdf")
    )
    return response


# --- The collaboration's export ZIP ------------------------------------------------------------


def export_section(access) -> list[dict]:
    """``agreements.json``: each document as the detail operation gives it, with every version's text."""
    documents = []
    for kind in KINDS:
        out = agreement_out(access, kind)
        document = Document.objects.filter(collaboration=access.collaboration, kind=kind).first()
        texts = {v.number: v for v in Version.objects.filter(document=document)} if document else {}
        for version in out["versions"]:
            version["content"] = version_content_out(access, kind, texts[version["number"]])
        documents.append(out)
    return documents


def export_files(access):
    """The PDF of every version, sealed where sealed: ``agreements/samenwerkingsovereenkomst-v3.pdf``."""
    for kind in KINDS:
        document = Document.objects.filter(collaboration=access.collaboration, kind=kind).first()
        for version in Version.objects.filter(document=document).order_by("number") if document else []:
            pdf, _state = version_pdf(access, kind, version)
            yield f"agreements/{rendering.file_stem(kind)}-v{version.number}.pdf", pdf


register_section("agreements", export_section)
register_files("agreements", export_files)
