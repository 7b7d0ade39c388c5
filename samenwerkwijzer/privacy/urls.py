from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("download/", views.download, name="download"),
    path("download/<int:pk>/", views.download_file, name="download_file"),
    path("delete/", views.delete_account, name="delete"),
    path("delete/single-sign-on/", views.reauthenticate_sso, name="reauthenticate_sso"),
    path("deleted/", views.deleted, name="deleted"),
]
