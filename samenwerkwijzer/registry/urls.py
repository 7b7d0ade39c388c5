from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path(
        "collaborations/<int:pk>/participants/<int:participant_pk>/",
        views.participant_check,
        name="participant_check",
    ),
    path(
        "collaborations/<int:pk>/participants/<int:participant_pk>/run/",
        views.participant_check_run,
        name="participant_check_run",
    ),
    path("collaborations/<int:pk>/extracts/<int:submission_pk>/", views.extract_download, name="extract_download"),
    path("entries/<int:entry_pk>/", views.entry_check, name="entry_check"),
]
