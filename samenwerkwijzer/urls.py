from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samenwerkwijzer.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("samenwerkwijzer.organisations.urls")),
    path("collaborations/", include("samenwerkwijzer.collaborations.urls")),
    path("reference/", include("samenwerkwijzer.reference.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
