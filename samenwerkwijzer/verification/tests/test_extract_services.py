"""The extract services refuse on their own too, whoever calls them (a view, a command, a future API)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from samenwerkwijzer.organisations.models import Membership
from samenwerkwijzer.verification.models import ExtractSubmission
from samenwerkwijzer.verification.services import extract_decide, extract_submit, today_in_amsterdam
from testsupport.factories import MembershipFactory, UserFactory

from .factories import PDF, make_submission

pytestmark = pytest.mark.django_db


def test_a_plain_member_cannot_submit_an_extract(personas):
    membership = Membership.objects.get(user=personas.anna, organisation=personas.alpha)
    with pytest.raises(PermissionDenied):
        extract_submit(
            membership=membership,
            upload=SimpleUploadedFile("u.pdf", PDF),
            extract_date=today_in_amsterdam(),
            signatories="",
        )
    assert not ExtractSubmission.objects.exists()


def test_only_staff_decide_and_never_on_their_own_organisation(personas):
    submission = make_submission(personas.alpha, user=personas.alice)
    with pytest.raises(PermissionDenied):
        extract_decide(submission=submission, reviewer=personas.charlie, approve=True)
    staff_member = UserFactory(is_staff=True)
    MembershipFactory(user=staff_member, organisation=personas.alpha)
    with pytest.raises(PermissionDenied):
        extract_decide(submission=submission, reviewer=staff_member, approve=True)
    submission.refresh_from_db()
    personas.alpha.refresh_from_db()
    assert submission.status == "pending" and not personas.alpha.is_verified


def test_the_admin_lists_extracts_read_only_and_links_to_the_review_page(personas, rf):
    from django.contrib import admin
    from django.urls import reverse

    submission = make_submission(personas.alpha, user=personas.alice)
    model_admin = admin.site._registry[ExtractSubmission]
    assert reverse("verification:review_detail", args=[submission.pk]) in model_admin.review_link(submission)
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, submission)
    assert not model_admin.has_delete_permission(request, submission)
