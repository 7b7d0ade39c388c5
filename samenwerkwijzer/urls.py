from django.contrib import admin
from django.urls import include, path

from samenwerkwijzer.api import api
from samenwerkwijzer.core.language import set_language

urlpatterns = [
    path("", include("samenwerkwijzer.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("samenwerkwijzer.organisations.urls")),
    path("collaborations/", include("samenwerkwijzer.collaborations.urls")),
    path("reference/", include("samenwerkwijzer.reference.urls")),
    path("instruments/", include("samenwerkwijzer.instruments.urls")),
    path("agreements/", include("samenwerkwijzer.agreements.urls")),
    path("legal-forms/", include("samenwerkwijzer.legalforms.urls")),
    path("directory/tokens/", include("samenwerkwijzer.integrations.urls")),
    path("directory/", include("samenwerkwijzer.directory.urls")),
    path("registry/", include("samenwerkwijzer.registry.urls")),
    path("workspace/", include("samenwerkwijzer.workspace.urls")),
    path("verification/", include("samenwerkwijzer.verification.urls")),
    path("start/", include("samenwerkwijzer.onboarding.urls")),
    path("webhooks/", include("samenwerkwijzer.webhooks.urls")),
    path("business-model/", include("samenwerkwijzer.businessmodel.urls")),
    path("networks/", include("samenwerkwijzer.networks.urls")),
    path("api/v1/", api.urls),
    path("", include("samenwerkwijzer.integrations.urls_export")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("notifications/", include("samenwerkwijzer.accounts.urls")),
    path("my-data/", include("samenwerkwijzer.privacy.urls")),
    path("beheer/", admin.site.urls),
]

# Under /api/ a 404 is a problem (application/problem+json); elsewhere Django's own page.
handler404 = "samenwerkwijzer.integrations.problems.not_found"
