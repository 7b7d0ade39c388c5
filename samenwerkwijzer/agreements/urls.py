from django.urls import path

from . import views, views_signing

app_name = "agreements"

# <kind> is "letter-of-intent" or "agreement"; anything else is 404.
urlpatterns = [
    path("verify/", views_signing.verify, name="verify"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/<slug:kind>/", views.document_detail, name="document"),
    path("<int:pk>/<slug:kind>/sections/<slug:section>/", views.section_edit, name="edit"),
    path("<int:pk>/<slug:kind>/versions/", views.version_list, name="versions"),
    path("<int:pk>/<slug:kind>/versions/compare/", views.version_diff, name="diff"),
    path("<int:pk>/<slug:kind>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/<slug:kind>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("<int:pk>/<slug:kind>/versions/<int:number>/docx/", views.version_docx, name="version_docx"),
    path("<int:pk>/<slug:kind>/new-version/", views.new_version, name="new_version"),
    path("<int:pk>/<slug:kind>/freeze/", views_signing.freeze, name="freeze"),
    path("<int:pk>/<slug:kind>/approve/", views_signing.approve, name="approve"),
    path("<int:pk>/<slug:kind>/sign/", views_signing.sign, name="sign"),
    path("<int:pk>/<slug:kind>/signed/<int:freeze_pk>/", views_signing.freeze_detail, name="freeze_detail"),
    path("<int:pk>/<slug:kind>/signed/<int:freeze_pk>/pdf/", views_signing.signed_pdf, name="signed_pdf"),
    path("<int:pk>/<slug:kind>/signed/<int:freeze_pk>/seal/", views_signing.seal_now, name="seal_now"),
]
