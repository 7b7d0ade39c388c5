from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.notification_settings, name="notifications"),
    path("profile/", views.profile, name="profile"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
