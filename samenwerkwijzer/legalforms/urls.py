from django.urls import path

from . import views

app_name = "legalforms"

urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("advice/", views.advice_page, name="advice"),
    path("collaborations/<int:pk>/", views.collaboration_legal_form, name="collaboration"),
    path("collaborations/<int:pk>/advice/", views.collaboration_advice, name="collaboration_advice"),
]
