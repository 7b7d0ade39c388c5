"""PLACEHOLDER views so that URL names resolve from the start; the owner of this part replaces them."""

from django.http import Http404


def index(request, **kwargs):
    raise Http404


def detail(request, **kwargs):
    raise Http404


def members(request, **kwargs):
    raise Http404


def member(request, **kwargs):
    raise Http404


def profile(request, **kwargs):
    raise Http404
