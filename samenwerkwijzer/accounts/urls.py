from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.notification_settings, name="notifications"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
