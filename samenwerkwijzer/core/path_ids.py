"""Ids in the address that no database can hold are "not found", before any view asks for them.

Django's ``<int:…>`` converter takes any run of ASCII digits, so ``/organisations/999…9/`` reaches
the view with a number larger than a database integer, and a lookup with it raises
``OverflowError`` (SQLite) or ``DataError`` (PostgreSQL): a 500. This middleware answers 404 for
such a number in any URL of the project, so the views and access helpers need not each check.
"""

from django.http import Http404

from samenwerkwijzer.lib.params import MAX_ID


class PathIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and not -MAX_ID <= value <= MAX_ID:
                raise Http404
        return None
