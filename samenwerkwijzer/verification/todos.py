"""The verification's to-dos (see collaborations.todos and docs/todos.md)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.signals import todos_requested
from samenwerkwijzer.collaborations.todos import ORGANISATION, Todo
from samenwerkwijzer.organisations.models import Membership

from .models import ExtractSubmission


def contribute(sender, *, accesses, **kwargs) -> list:
    """Your organisation is not verified, you administer it (only administrators can verify) and no
    uploaded extract awaits review (then there is nothing to do but wait). One query."""
    acting = {a.collaboration.pk: a.organisation for a in accesses if a.organisation is not None}
    if not acting:
        return []
    user = accesses[0].user
    unverified = {o.pk for o in acting.values() if not o.is_verified}
    awaiting_review = ExtractSubmission.objects.filter(status=ExtractSubmission.Status.PENDING).values(
        "organisation_id"
    )
    admin_of = set(
        Membership.objects.filter(user=user, organisation_id__in=unverified, role=Membership.Role.ADMIN)
        .exclude(organisation_id__in=awaiting_review)
        .values_list("organisation_id", flat=True)
    )
    return [
        (
            collaboration_id,
            Todo(
                "verification.verify_organisation",
                _("Verify your organisation"),
                reverse("verification:overview", args=[organisation.pk]),
                _("Verify the organisation"),
                hint=_("Only a verified organisation can sign; %(name)s is not verified yet.")
                % {"name": organisation.name},
                urgency=18,
                scope=ORGANISATION,
            ),
        )
        for collaboration_id, organisation in acting.items()
        if organisation.pk in admin_of
    ]


todos_requested.connect(contribute, dispatch_uid="verification_todos")
