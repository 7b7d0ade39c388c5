"""The network's export ZIP (namespace "networks"; the lead adds these patterns to networks/urls.py)."""

from django.urls import path

from . import views_export

urlpatterns = [
    path("<int:pk>/export/alles.zip", views_export.network_export, name="export"),
]
