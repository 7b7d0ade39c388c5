"""Writes of the registry app: checks kept with their date, and the partner's own signatory statement."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess

from .client import RegistryClient, get_client
from .insolvency import InsolvencyClient, attach_insolvency_check
from .models import RegistryCheck, SignatoryStatement

MAX_EXTRACT_BYTES = 5 * 1024 * 1024


def registry_check_run(
    *,
    kvk_number: str,
    user,
    collaboration=None,
    client: RegistryClient | None = None,
    insolvency_client: InsolvencyClient | None = None,
) -> RegistryCheck:
    """Look the company up and keep the result. Raises ``RegistryError`` (nothing is written) when the
    registry cannot answer. When a CIR account is configured, the Centraal Insolventieregister is asked
    too; if it cannot answer, the result is kept with a note saying so. The look-ups happen outside the
    transaction: no lock is held while we wait."""
    client = client or get_client()
    profile = client.lookup(kvk_number)
    profile = attach_insolvency_check(profile, client=insolvency_client)
    with transaction.atomic():
        return RegistryCheck.objects.create(
            kvk_number=kvk_number,
            collaboration=collaboration,
            source=client.source,
            found=profile.found,
            result=profile.to_dict(),
            checked_by=user,
        )


def check_extract(upload) -> bytes:
    """The uploaded file's bytes when it is a PDF of at most 5 MB; otherwise a ValidationError."""
    if upload.size > MAX_EXTRACT_BYTES:
        raise ValidationError({"extract": _("The file is larger than 5 MB.")})
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"extract": _("This is not a PDF file. Upload the extract as PDF.")})
    return content


@transaction.atomic
def signatory_statement_upload(*, access: CollaborationAccess, signatories: str, upload) -> SignatoryStatement:
    """A participant states who may sign for it and backs that with its KvK extract."""
    if not access.can_write or access.participant is None:
        raise PermissionDenied
    content = check_extract(upload)
    from django.core.files.base import ContentFile

    statement = SignatoryStatement(
        participant=access.participant,
        signatories=signatories.strip(),
        extract_name=(upload.name or "extract.pdf")[-200:],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=access.user,
    )
    statement.extract.save("extract.pdf", ContentFile(content), save=False)
    statement.save()
    return statement
