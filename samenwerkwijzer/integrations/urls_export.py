from django.urls import path

from . import views_export

app_name = "export"

urlpatterns = [
    path("collaborations/<int:pk>/export/alles.zip", views_export.collaboration_export, name="collaboration_zip"),
    # Every export made in the background (background_exports.py): its page, its file, another try.
    path("exports/<int:job_pk>/", views_export.export_job, name="job"),
    path("exports/<int:job_pk>/download", views_export.export_job_download, name="job_download"),
    path("exports/<int:job_pk>/retry/", views_export.export_job_retry, name="job_retry"),
]
