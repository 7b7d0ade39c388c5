from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("", views.start, name="start"),
    path("naam/", views.profile, name="profile"),
    path("organisatie/", views.organisation_number, name="organisation"),
    path("organisatie/gegevens/", views.organisation_details, name="organisation_details"),
    path("sbi/", views.sbi_suggestions, name="sbi_suggestions"),
    path("samenwerking/", views.collaboration, name="collaboration"),
    path("uitnodigen/", views.invite, name="invite"),
    path("klaar/", views.done, name="done"),
]
