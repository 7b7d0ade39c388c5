from django.urls import path

from . import views_assignments

ONE = "<int:pk>/assignments/<int:assignment_pk>/"

urlpatterns = [
    path("<int:pk>/assignments/", views_assignments.assignments, name="assignments"),
    path("<int:pk>/assignments/new/", views_assignments.assignment_create, name="assignment_create"),
    path(ONE, views_assignments.assignment, name="assignment"),
    path(f"{ONE}edit/", views_assignments.assignment_edit, name="assignment_edit"),
    path(f"{ONE}offer/", views_assignments.assignment_offer, name="assignment_offer"),
    path(f"{ONE}propose/", views_assignments.assignment_propose, name="assignment_propose"),
    path(f"{ONE}invite/", views_assignments.assignment_invite, name="assignment_invite"),
    path(f"{ONE}respond/", views_assignments.assignment_respond, name="assignment_respond"),
    path(f"{ONE}cancel/", views_assignments.assignment_cancel, name="assignment_cancel"),
]
