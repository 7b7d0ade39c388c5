"""PLACEHOLDER views so that URL names resolve from the start; the owner of this part replaces them."""

from django.http import Http404


def _placeholder(request, **kwargs):
    raise Http404


index = create = accept_invitation = detail = edit = expertises = invite = invitation_revoke = _placeholder
members = member = member_role = profile = availability_add = availability_delete = leave = _placeholder
