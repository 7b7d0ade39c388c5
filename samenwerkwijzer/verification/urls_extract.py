"""Review of a Handelsregister extract: upload by the organisation, decision by staff."""

from django.urls import path

from . import views

urlpatterns = [
    path("organisations/<int:pk>/", views.overview, name="overview"),
    path("organisations/<int:pk>/extract/", views.extract_upload, name="extract_upload"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:submission_pk>/", views.review_detail, name="review_detail"),
    path("review/<int:submission_pk>/extract.pdf", views.review_extract, name="review_extract"),
]
