"""The project's URLs with the network's export mounted, for test_export.py until the lead adds
``urls_export`` to networks/urls.py (then this is the project's URLconf as it is)."""

from django.urls import include, path

from samenwerkwijzer.networks import urls, urls_export
from samenwerkwijzer.urls import urlpatterns as project

if any(getattr(pattern, "name", None) == "export" for pattern in urls.urlpatterns):
    urlpatterns = project
else:
    urlpatterns = [
        path("networks/", include(([*urls.urlpatterns, *urls_export.urlpatterns], "networks"))),
        *project,
    ]
