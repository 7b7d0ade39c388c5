"""eHerkenning: verifying an organisation through an OpenID Connect broker."""

from django.urls import path

from . import views_eherkenning

urlpatterns = [
    path("organisations/<int:pk>/eherkenning/", views_eherkenning.eherkenning_start, name="eherkenning_start"),
    path("eherkenning/callback/", views_eherkenning.eherkenning_callback, name="eherkenning_callback"),
]
