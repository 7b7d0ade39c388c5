"""Mounted at /directory/tokens/ (see samenwerkwijzer/urls.py): the page kept its address when
the tokens moved from the directory to the integrations app."""

from django.urls import path

from . import views

app_name = "integrations"

urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<int:token_pk>/revoke/", views.token_revoke, name="token_revoke"),
]
