from django.urls import path

from . import views_after

urlpatterns = [
    path(
        "<int:pk>/assignments/<int:assignment_pk>/agreement/",
        views_after.assignment_agreement,
        name="assignment_agreement",
    ),
    path("<int:pk>/assignments/<int:assignment_pk>/evaluation/", views_after.evaluation, name="evaluation"),
]
