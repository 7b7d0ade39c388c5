from django.urls import path

from . import views_export

app_name = "export"

urlpatterns = [
    path("collaborations/<int:pk>/export/alles.zip", views_export.collaboration_export, name="collaboration_zip"),
]
