"""The one way to reach an organisation on behalf of a user, and the one that decides for which
organisation a user acts.

Outsiders get 404, exactly as for an organisation that does not exist; members
who may not manage get 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Membership, MembershipInvitation, Organisation

CURRENT_ORGANISATION_SESSION_KEY = "current_organisation_id"
_CACHE_ATTRIBUTE = "_samenwerkwijzer_organisations"


def organisations_for_user(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def request_organisations(request) -> list[Organisation]:
    """The user's organisations by name, read once per request."""
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(organisations_for_user(request.user))
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def current_organisation(request) -> Organisation | None:
    """The organisation the user acts for: the one chosen in the header's switch while it is still a
    membership, else the first by name, which is then kept in the session so the header, forms and
    collaboration pages all agree on it."""
    organisations = request_organisations(request)
    chosen = request.session.get(CURRENT_ORGANISATION_SESSION_KEY)
    current = next((o for o in organisations if o.pk == chosen), None)
    if current is None and organisations:
        current = organisations[0]
        request.session[CURRENT_ORGANISATION_SESSION_KEY] = current.pk
    return current


def current_organisation_id(request) -> int | None:
    current = current_organisation(request)
    return current.pk if current else None


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


def get_invitation_for_membership(membership: Membership, invitation_pk) -> MembershipInvitation:
    invitation = MembershipInvitation.objects.filter(
        organisation_id=membership.organisation_id, pk=invitation_pk
    ).first()
    if invitation is None:
        raise Http404
    return invitation
