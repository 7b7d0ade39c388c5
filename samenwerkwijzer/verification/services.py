"""Writes of the verification app: an organisation submits its Handelsregister extract, staff decide on it."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkwijzer.accounts.models import NotificationKind
from samenwerkwijzer.accounts.notifications import notify
from samenwerkwijzer.lib.storage import StorageUnavailable, save_file, undone_on_error
from samenwerkwijzer.lib.urls import site_url
from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.organisations.services import organisation_verify, verified_holder

from .models import ExtractSubmission

MAX_EXTRACT_BYTES = 5 * 1024 * 1024
MAX_EXTRACT_AGE_DAYS = 30
# The Handelsregister dates its extracts in Dutch time, whatever the server's clock says.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today_in_amsterdam() -> datetime.date:
    return timezone.localdate(timezone=AMSTERDAM)


def check_extract(upload) -> bytes:
    """The uploaded file's bytes when it is a PDF of at most 5 MB; otherwise a ValidationError.

    The size is known before the file is read (Django has it from the upload), so a file that is too
    large is refused without reading it into memory."""
    if upload.size > MAX_EXTRACT_BYTES:
        raise ValidationError(
            {"extract": _("The file is larger than 5 MB. Upload the extract as a PDF of at most 5 MB.")}
        )
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError({"extract": _("This is not a PDF file. Upload the extract as PDF.")})
    upload.seek(0)
    return upload.read()


def check_extract_date(extract_date: datetime.date) -> None:
    today = today_in_amsterdam()
    if extract_date > today:
        raise ValidationError({"extract_date": _("The date of the extract cannot be in the future.")})
    if extract_date < today - datetime.timedelta(days=MAX_EXTRACT_AGE_DAYS):
        raise ValidationError(
            {
                "extract_date": _(
                    "The extract is more than %(days)s days old. Request a new extract from the KVK and upload that one."
                )
                % {"days": MAX_EXTRACT_AGE_DAYS}
            }
        )


def extract_submit(
    *, membership: Membership, upload, extract_date: datetime.date, signatories: str = ""
) -> ExtractSubmission:
    """An administrator submits the organisation's Handelsregister extract for review.

    A submission still awaiting review is replaced by the new one (it is marked "replaced by a newer
    upload" and kept); a decided submission stays as it was. Nothing about the organisation changes
    until a reviewer approves.

    One transaction for the rows; the file is stored first, inside it, and deleted again when the
    rows or their commit fail (``undone_on_error``). A storage that cannot store the file gives a
    message on the field and changes nothing."""
    if not membership.is_admin:
        raise PermissionDenied
    with undone_on_error() as written, transaction.atomic():
        return _extract_record(membership, upload, extract_date, signatories, written=written)


def _extract_record(membership, upload, extract_date, signatories, *, written) -> ExtractSubmission:
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if not organisation.kvk_number:
        raise ValidationError(
            {"extract": _("Your organisation has no KvK number. Enter it under 'Edit organisation' first.")}
        )
    check_extract_date(extract_date)
    content = check_extract(upload)
    ExtractSubmission.objects.filter(organisation=organisation, status=ExtractSubmission.Status.PENDING).update(
        status=ExtractSubmission.Status.WITHDRAWN
    )
    submission = ExtractSubmission(
        organisation=organisation,
        extract_name=(upload.name or "extract.pdf")[-200:],
        sha256=hashlib.sha256(content).hexdigest(),
        extract_date=extract_date,
        signatories=signatories.strip(),
        uploaded_by=membership.user,
    )
    try:
        save_file(submission.extract, "extract.pdf", content, written=written)
    except StorageUnavailable as error:
        raise ValidationError(
            {
                "extract": _(
                    "The file could not be stored: the file storage is not reachable at the moment. "
                    "Nothing has been saved; please try again in a few minutes."
                )
            }
        ) from error
    submission.save()
    return submission


def _refuse_approval(organisation: Organisation) -> None:
    if not organisation.kvk_number:
        raise ValidationError(
            {
                "__all__": _(
                    "This organisation no longer has a KvK number: a verified organisation took it. "
                    "It cannot be approved; reject the extract with that reason."
                )
            }
        )
    holder = verified_holder(organisation.kvk_number, exclude_pk=organisation.pk)
    if holder is not None:
        raise ValidationError(
            {
                "__all__": _(
                    "%(name)s is already verified for KvK number %(number)s. This extract cannot be approved; "
                    "reject it with that reason."
                )
                % {"name": holder.name, "number": organisation.kvk_number}
            }
        )


def _tell(submission: ExtractSubmission) -> None:
    """The uploader and the organisation's administrators hear of the decision, each once."""
    admins = Membership.objects.filter(organisation=submission.organisation, role=Membership.Role.ADMIN)
    recipients = {membership.user for membership in admins.select_related("user")}
    if submission.uploaded_by is not None:
        recipients.add(submission.uploaded_by)
    context = {
        "submission": submission,
        "organisation": submission.organisation,
        "signatories": ", ".join(m.user.display_name for m in submission.signatory_members.select_related("user")),
        "link": site_url("verification:overview", submission.organisation_id),
    }
    for user in sorted(recipients, key=lambda person: person.pk):
        notify(
            user=user, kind=NotificationKind.MEMBERSHIP, template="verification/email/extract_decided", context=context
        )


@transaction.atomic
def extract_decide(
    *, submission: ExtractSubmission, reviewer, approve: bool, reason: str = "", signatory_members=()
) -> ExtractSubmission:
    """A reviewer (staff, not a member of the organisation) approves or rejects a pending extract.

    Approval verifies the organisation through the reviewed extract (unless it is verified already)
    and marks the members the reviewer found on the extract as authorised signatories on that basis.
    A rejection needs a reason. A submission that has been decided stays as it was."""
    if not reviewer.is_staff:
        raise PermissionDenied
    submission = ExtractSubmission.objects.select_for_update().select_related("organisation").get(pk=submission.pk)
    organisation = submission.organisation
    if Membership.objects.filter(organisation=organisation, user=reviewer).exists():
        raise PermissionDenied
    if not submission.is_pending:
        raise ValidationError(
            {
                "__all__": _(
                    "This extract has already been dealt with (%(status)s). Your decision has not been saved; "
                    "nothing has changed."
                )
                % {"status": submission.get_status_display()}
            }
        )
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection; the organisation reads it.")})
    if approve:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _refuse_approval(organisation)
        if not organisation.is_verified:
            organisation_verify(
                organisation=organisation, method=Organisation.VerificationMethod.EXTRACT, actor=reviewer
            )
        members = list(Membership.objects.filter(organisation=organisation, pk__in=[m.pk for m in signatory_members]))
        for member in members:
            member.is_authorised_signatory = True
            member.signatory_basis = Membership.SignatoryBasis.EXTRACT
            member.save(update_fields=["is_authorised_signatory", "signatory_basis"])
        submission.signatory_members.set(members)
    submission.status = ExtractSubmission.Status.APPROVED if approve else ExtractSubmission.Status.REJECTED
    submission.reason = reason
    submission.reviewed_by = reviewer
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    submission.organisation = Organisation.objects.get(pk=organisation.pk)
    _tell(submission)
    return submission
