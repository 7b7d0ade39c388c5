"""The one way to reach an organisation on behalf of a user.

Outsiders get 404, exactly as for an organisation that does not exist; members
who may not manage get 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Membership, Organisation


def organisations_for_user(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def get_membership_for_user(user, organisation_pk, *, manage: bool = False) -> Membership:
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organisation").filter(user=user, organisation_id=organisation_pk).first()
    )
    if membership is None:
        raise Http404
    if manage and not membership.is_admin:
        raise PermissionDenied
    return membership
