from django.urls import path

from . import views

app_name = "reference"

urlpatterns = [
    path("sbi/", views.sbi_search, name="sbi_search"),
]
