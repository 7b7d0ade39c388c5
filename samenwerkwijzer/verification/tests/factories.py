"""Extract submissions for tests: a tiny valid PDF, stored under MEDIA_ROOT like a real upload."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from samenwerkwijzer.verification.models import ExtractSubmission

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_submission(organisation, *, user=None, status=ExtractSubmission.Status.PENDING, content=PDF, **fields):
    submission = ExtractSubmission(
        organisation=organisation,
        extract_name=fields.pop("extract_name", "uittreksel.pdf"),
        sha256=hashlib.sha256(content).hexdigest(),
        extract_date=fields.pop("extract_date", timezone.localdate() - datetime.timedelta(days=2)),
        uploaded_by=user,
        status=status,
        **fields,
    )
    submission.extract.save("extract.pdf", ContentFile(content), save=True)
    return submission


def pending_submission_of_beta(p) -> int:
    """For the authorization matrix: an extract of an organisation none of the personas reviews."""
    found = ExtractSubmission.objects.filter(organisation=p.beta, status=ExtractSubmission.Status.PENDING).first()
    return (found or make_submission(p.beta, user=p.bob)).pk


def approved_submission_of_beta(p) -> int:
    """For the authorization matrix: beta's approved extract, which partners in its collaborations may read."""
    found = ExtractSubmission.objects.filter(organisation=p.beta, status=ExtractSubmission.Status.APPROVED).first()
    return (found or make_submission(p.beta, user=p.bob, status=ExtractSubmission.Status.APPROVED)).pk
