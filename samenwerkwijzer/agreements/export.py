"""The agreements' part of the collaboration ZIP export: all versions and the signed PDFs."""

from samenwerkwijzer.collaborations.access import CollaborationAccess

from .models import Document, Freeze, SigningEvent
from .rendering import file_stem


def collaboration_export(access: CollaborationAccess) -> tuple[dict, list[tuple[str, bytes]]]:
    data, files = [], []
    documents = Document.objects.filter(collaboration=access.collaboration)
    for document in documents:
        freezes = []
        for freeze in Freeze.objects.filter(document=document).select_related("version").order_by("frozen_at", "id"):
            sealed = getattr(freeze, "sealed", None)
            events = SigningEvent.objects.filter(freeze=freeze).order_by("created_at", "id")
            freezes.append(
                {
                    "version": freeze.version.number,
                    "frozen_at": freeze.frozen_at,
                    "voided_at": freeze.voided_at,
                    "pdf_sha256": freeze.pdf_sha256,
                    "sealed_sha256": sealed.sha256 if sealed else None,
                    "events": list(
                        events.values("kind", "actor_name", "organisation_name", "created_at", "document_sha256")
                    ),
                }
            )
            if sealed and not freeze.voided_at:
                files.append(
                    (
                        f"documenten/{file_stem(document.kind)}-versie-{freeze.version.number}-ondertekend.pdf",
                        bytes(sealed.pdf),
                    )
                )
        data.append(
            {
                "kind": document.kind,
                "versions": list(
                    document.versions.order_by("number").values("number", "author_name", "created_at", "data")
                ),
                "freezes": freezes,
            }
        )
    return {"documents": data}, files
