"""PLACEHOLDER views so that URL names resolve from the start; the owner of this part replaces them."""

from django.http import Http404


def plan(request, **kwargs):
    raise Http404
