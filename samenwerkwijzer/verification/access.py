"""Access helpers of the verification app.

An organisation's own pages go through ``organisations.access.get_membership_for_user`` (outsiders
404, members who may not manage 403). Review is for staff only: anyone else gets 404, as if the
pages did not exist. A reviewer never reviews their own organisation.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samenwerkwijzer.organisations.models import Membership

from .models import ExtractSubmission


class OwnOrganisation(PermissionDenied):
    """The reviewer is a member of the organisation whose extract this is."""


def require_reviewer(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise Http404


def reviewable_submissions(user) -> QuerySet[ExtractSubmission]:
    """Pending extracts the reviewer may decide on, oldest first; never those of their own organisations."""
    require_reviewer(user)
    own = Membership.objects.filter(user=user).values("organisation_id")
    return (
        ExtractSubmission.objects.filter(status=ExtractSubmission.Status.PENDING)
        .exclude(organisation_id__in=own)
        .select_related("organisation", "uploaded_by")
        .order_by("uploaded_at", "id")
    )


def get_submission_for_reviewer(user, submission_pk) -> ExtractSubmission:
    require_reviewer(user)
    submission = (
        ExtractSubmission.objects.select_related("organisation", "uploaded_by", "reviewed_by")
        .filter(pk=submission_pk)
        .first()
    )
    if submission is None:
        raise Http404
    if Membership.objects.filter(user=user, organisation_id=submission.organisation_id).exists():
        raise OwnOrganisation
    return submission
