from django.urls import path

from . import views_assignments

urlpatterns = [
    path("<int:pk>/assignments/", views_assignments.assignments, name="assignments"),
    path("<int:pk>/assignments/new/", views_assignments.assignment_create, name="assignment_create"),
    path("<int:pk>/assignments/<int:assignment_pk>/", views_assignments.assignment, name="assignment"),
]
